"""Plotly figure builders: engine results in, ``go.Figure`` out. Never imports streamlit."""

from __future__ import annotations

from collections.abc import Sequence

import plotly.graph_objects as go

from engine.progress import GroupStats

ACCENT = "#2563eb"


def _accuracy_colour(acc: float) -> str:
    # red -> amber -> green as accuracy rises; readable on light and dark themes
    if acc < 0.5:
        return "#dc2626"
    if acc < 0.75:
        return "#f59e0b"
    return "#16a34a"


def accuracy_bars(groups: Sequence[GroupStats], labels: dict[str, str] | None = None,
                  title: str = "") -> go.Figure:
    """Horizontal bars of accuracy per group, annotated with 'correct / attempts'."""
    labels = labels or {}
    names = [labels.get(g.key, g.key) for g in groups]
    acc = [g.accuracy * 100 for g in groups]
    fig = go.Figure(
        go.Bar(
            x=acc,
            y=names,
            orientation="h",
            marker_color=[_accuracy_colour(g.accuracy) for g in groups],
            text=[f"{g.correct}/{g.attempts}" for g in groups],
            textposition="auto",
            hovertemplate="%{y}: %{x:.0f}% correct<extra></extra>",
        )
    )
    fig.update_layout(
        title=title or None,
        xaxis=dict(title="% correct", range=[0, 100], ticksuffix="%"),
        yaxis=dict(autorange="reversed"),
        height=max(220, 36 * len(groups) + 90),
        margin=dict(l=10, r=10, t=40 if title else 10, b=40),
    )
    return fig
