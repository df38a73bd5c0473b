"""Figures for the optimizer and training labs: engine results in, ``go.Figure`` out."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from engine.optim.run import RunResult
from engine.optim.surfaces import Surface
from engine.optim.sweep import SweepResult

PALETTE = ["#2563eb", "#dc2626", "#16a34a", "#9333ea", "#ea580c", "#0891b2", "#ca8a04", "#db2777"]
OUTCOME_SYMBOL = {"converged": "circle", "still descending": "triangle-right",
                  "oscillating": "diamond", "diverged": "x"}
GAP_FLOOR = 1e-16  # log axes cannot show 0


def colour(i: int) -> str:
    return PALETTE[i % len(PALETTE)]


def _grid(surface: Surface, n: int = 140):
    (x0, x1), (y0, y1) = surface.bounds
    xs, ys = np.linspace(x0, x1, n), np.linspace(y0, y1, n)
    X, Y = np.meshgrid(xs, ys)
    Z = surface.value(np.stack([X, Y], -1).reshape(-1, 2)).reshape(n, n)
    if surface.log_contours:
        Z = np.log10(np.maximum(Z - surface.min_value, 0) + 1e-3)
    return xs, ys, Z


def _clip_path(traj: np.ndarray, surface: Surface) -> np.ndarray:
    """Keep the drawn path inside a margin around the view, so one wild step cannot zoom out."""
    (x0, x1), (y0, y1) = surface.bounds
    mx, my = (x1 - x0), (y1 - y0)
    return np.column_stack([np.clip(traj[:, 0], x0 - mx, x1 + mx), np.clip(traj[:, 1], y0 - my, y1 + my)])


def trajectory_figure(surface: Surface, results: Sequence[RunResult], labels: Sequence[str],
                      frames: int = 60, height: int = 560, animate: bool = True) -> go.Figure:
    """Contours of the surface with every run's path; plotly frames animate the paths.

    The play / pause buttons and the step slider drive the frames; the last frame shows
    every path in full. A diverged run ends in a cross where it left the finite range.
    """
    xs, ys, Z = _grid(surface)
    contour = go.Contour(
        x=xs, y=ys, z=Z, colorscale="Blues", reversescale=True, showscale=False,
        contours=dict(coloring="heatmap", showlines=True), line=dict(width=0.5, color="rgba(255,255,255,0.5)"),
        hoverinfo="skip", opacity=0.85,
    )
    minima = go.Scatter(
        x=[m[0] for m in surface.minima], y=[m[1] for m in surface.minima], mode="markers",
        marker=dict(symbol="star", size=14, color="gold", line=dict(color="black", width=1)),
        name="minimum", hovertemplate="minimum (%{x:.3g}, %{y:.3g})<extra></extra>",
    )
    paths = [_clip_path(r.trajectory, surface) for r in results]
    longest = max((len(p) for p in paths), default=1)
    cuts = np.unique(np.linspace(1, longest, min(frames, longest)).round().astype(int))

    def path_traces(k: int) -> list[go.Scatter]:
        out = []
        for i, (p, r, label) in enumerate(zip(paths, results, labels)):
            shown = p[: min(k, len(p))]
            out.append(go.Scatter(
                x=shown[:, 0], y=shown[:, 1], mode="lines+markers", name=label,
                line=dict(color=colour(i), width=2.5), marker=dict(size=4, color=colour(i)),
                hovertemplate=f"{label}<br>(%{{x:.4g}}, %{{y:.4g}})<extra></extra>",
            ))
            end = shown[-1]
            done = k >= len(p)
            symbol = "x" if (done and r.outcome == "diverged") else "circle"
            out.append(go.Scatter(
                x=[end[0]], y=[end[1]], mode="markers", showlegend=False, hoverinfo="skip",
                marker=dict(symbol=symbol, size=13 if symbol == "x" else 9, color=colour(i),
                            line=dict(color="white", width=1.5)),
            ))
        return out

    final = path_traces(longest)
    fig = go.Figure(data=[contour, minima, *final])
    (x0, x1), (y0, y1) = surface.bounds
    fig.update_layout(
        height=height, margin=dict(l=10, r=10, t=10, b=10),
        xaxis=dict(range=[x0, x1], constrain="domain"),
        yaxis=dict(range=[y0, y1], scaleanchor="x", scaleratio=1, constrain="domain"),
        legend=dict(orientation="h", y=1.02, yanchor="bottom", x=0),
    )
    if animate and len(cuts) > 1:
        fig.frames = [go.Frame(data=path_traces(int(k)), traces=list(range(2, 2 + len(final))), name=str(k))
                      for k in cuts]
        fig.update_layout(
            updatemenus=[dict(
                type="buttons", direction="left", x=0, y=-0.02, xanchor="left", yanchor="top",
                pad=dict(r=10, t=10), showactive=False,
                buttons=[
                    dict(label="▶ Play", method="animate",
                         args=[None, dict(frame=dict(duration=60, redraw=False), fromcurrent=True,
                                          transition=dict(duration=0))]),
                    dict(label="❚❚ Pause", method="animate",
                         args=[[None], dict(frame=dict(duration=0, redraw=False), mode="immediate")]),
                ],
            )],
            sliders=[dict(
                active=len(cuts) - 1, x=0.22, y=-0.02, len=0.78, yanchor="top", pad=dict(t=10),
                currentvalue=dict(prefix="step ", font=dict(size=12, color="#334155")),
                # one label per frame is unreadable; the current step is shown above the slider
                font=dict(size=1, color="rgba(0,0,0,0)"), ticklen=2,
                steps=[dict(method="animate", label=str(int(k) - 1),
                            args=[[str(k)], dict(mode="immediate", frame=dict(duration=0, redraw=False),
                                                 transition=dict(duration=0))]) for k in cuts],
            )],
            margin=dict(l=10, r=10, t=10, b=80),
        )
    return fig


def loss_figure(surface: Surface, results: Sequence[RunResult], labels: Sequence[str],
                height: int = 320) -> go.Figure:
    """f - f* against step on a log axis; a diverged run ends in a cross."""
    fig = go.Figure()
    for i, (r, label) in enumerate(zip(results, labels)):
        gap = np.maximum(r.losses - surface.min_value, GAP_FLOOR)
        fig.add_scatter(x=np.arange(len(gap)), y=gap, mode="lines", name=label,
                        line=dict(color=colour(i), width=2))
        if r.outcome == "diverged":
            fig.add_scatter(x=[len(gap) - 1], y=[gap[-1]], mode="markers", showlegend=False,
                            marker=dict(symbol="x", size=12, color=colour(i)),
                            hovertemplate=f"{label} diverged at step {r.diverged_at}<extra></extra>")
    fig.update_layout(height=height, margin=dict(l=10, r=10, t=10, b=10),
                      xaxis_title="step", yaxis=dict(type="log", title="loss − minimum"),
                      legend=dict(orientation="h", y=1.02, yanchor="bottom", x=0))
    return fig


def lr_figure(results: Sequence[RunResult], labels: Sequence[str], height: int = 260) -> go.Figure:
    fig = go.Figure()
    for i, (r, label) in enumerate(zip(results, labels)):
        fig.add_scatter(x=np.arange(len(r.lrs)), y=r.lrs, mode="lines", name=label,
                        line=dict(color=colour(i), width=2, shape="hv"))
    fig.update_layout(height=height, margin=dict(l=10, r=10, t=10, b=10), xaxis_title="step",
                      yaxis_title="learning rate", showlegend=False)
    return fig


REGION_COLOUR = {"too low": "rgba(148,163,184,0.18)", "good": "rgba(22,163,74,0.14)",
                 "too high": "rgba(220,38,38,0.12)"}


def sweep_figure(result: SweepResult, titles: dict[str, str] | None = None, height: int = 520) -> go.Figure:
    """Final gap and steps-to-threshold against the learning rate, one line per optimiser.

    With a single optimiser the too-low / good / too-high regions are shaded behind it.
    """
    titles = titles or {}
    fig = make_subplots(rows=2, cols=1, shared_xaxes=True, vertical_spacing=0.06, row_heights=[0.6, 0.4])
    for i, s in enumerate(result.sweeps):
        name = titles.get(s.optimizer, s.optimizer)
        gap = np.maximum(s.final_gap, GAP_FLOOR)
        fig.add_scatter(
            x=s.lrs, y=gap, mode="lines+markers", name=name, legendgroup=name,
            line=dict(color=colour(i), width=2),
            marker=dict(size=6, color=colour(i), symbol=[OUTCOME_SYMBOL[o] for o in s.outcomes]),
            customdata=np.array(s.outcomes, dtype=object),
            hovertemplate=f"{name}<br>lr %{{x:.3g}}<br>final gap %{{y:.3g}}<br>%{{customdata}}<extra></extra>",
            row=1, col=1,
        )
        steps = [np.nan if v is None else v for v in s.steps_to_threshold]
        fig.add_scatter(x=s.lrs, y=steps, mode="lines+markers", name=name, legendgroup=name,
                        showlegend=False, line=dict(color=colour(i), width=2), marker=dict(size=5),
                        connectgaps=False,
                        hovertemplate=f"{name}<br>lr %{{x:.3g}}<br>%{{y}} steps<extra></extra>",
                        row=2, col=1)
    if len(result.sweeps) == 1:
        s = result.sweeps[0]
        edges = np.sqrt(s.lrs[1:] * s.lrs[:-1])
        lo = np.concatenate([[s.lrs[0]], edges])
        hi = np.concatenate([edges, [s.lrs[-1]]])
        # One rectangle per run of equal regions, set in one call: add_vrect per rate re-validates
        # the whole layout each time and takes tens of seconds for a hundred rates.
        shapes, start = [], 0
        for i in range(1, len(s.regions) + 1):
            if i == len(s.regions) or s.regions[i] != s.regions[start]:
                shapes.append(dict(type="rect", xref="x", yref="paper", x0=float(lo[start]), x1=float(hi[i - 1]),
                                   y0=0, y1=1, fillcolor=REGION_COLOUR[s.regions[start]], line_width=0,
                                   layer="below"))
                start = i
        fig.update_layout(shapes=shapes)
    fig.update_xaxes(type="log", row=1, col=1)
    fig.update_xaxes(type="log", title_text="learning rate", row=2, col=1)
    fig.update_yaxes(type="log", title_text="final loss − minimum", row=1, col=1)
    fig.update_yaxes(title_text="steps to threshold", row=2, col=1)
    fig.update_layout(height=height, margin=dict(l=10, r=10, t=10, b=10),
                      legend=dict(orientation="h", y=1.02, yanchor="bottom", x=0))
    return fig


def training_figure(results, height: int = 560) -> go.Figure:
    """Train and validation loss and accuracy per epoch, one colour per run."""
    fig = make_subplots(rows=2, cols=2, shared_xaxes=True, vertical_spacing=0.1, horizontal_spacing=0.08,
                        subplot_titles=("Training loss", "Validation loss", "Training accuracy",
                                        "Validation accuracy"))
    for i, r in enumerate(results):
        name = r.config.name()
        epochs = np.arange(1, len(r.train_loss) + 1)
        for (row, col), values in zip(((1, 1), (1, 2), (2, 1), (2, 2)),
                                      (r.train_loss, r.val_loss, r.train_acc, r.val_acc)):
            fig.add_scatter(x=epochs, y=values, mode="lines+markers", name=name, legendgroup=name,
                            showlegend=(row, col) == (1, 1), line=dict(color=colour(i), width=2),
                            marker=dict(size=4), row=row, col=col)
        if r.diverged_at_epoch is not None:
            fig.add_annotation(x=max(len(r.train_loss), 1), y=0, text=f"{name}: diverged", showarrow=False,
                               row=1, col=1, font=dict(color=colour(i)))
    fig.update_yaxes(type="log", row=1, col=1)
    fig.update_yaxes(type="log", row=1, col=2)
    fig.update_yaxes(tickformat=".0%", row=2, col=1)
    fig.update_yaxes(tickformat=".0%", row=2, col=2)
    fig.update_xaxes(title_text="epoch", row=2, col=1)
    fig.update_xaxes(title_text="epoch", row=2, col=2)
    fig.update_layout(height=height, margin=dict(l=10, r=10, t=40, b=10),
                      legend=dict(orientation="h", y=1.08, yanchor="bottom", x=0))
    return fig


def range_test_figure(rt, height: int = 380) -> go.Figure:
    fig = go.Figure()
    fig.add_scatter(x=rt.lrs, y=rt.losses, mode="lines", name="loss per batch",
                    line=dict(color="rgba(100,116,139,0.45)", width=1))
    fig.add_scatter(x=rt.lrs, y=rt.smoothed, mode="lines", name="smoothed", line=dict(color=PALETTE[0], width=3))
    if rt.suggestion:
        fig.add_vline(x=rt.suggestion, line=dict(color=PALETTE[2], dash="dash"),
                      annotation_text=f"suggested {rt.suggestion:.2g}", annotation_position="top left")
    fig.add_vline(x=rt.min_loss_lr / 10, line=dict(color=PALETTE[4], dash="dot"),
                  annotation_text=f"min/10 {rt.min_loss_lr / 10:.2g}", annotation_position="bottom right")
    top = max(rt.smoothed) if rt.smoothed else 1
    fig.update_layout(height=height, margin=dict(l=10, r=10, t=10, b=10),
                      xaxis=dict(type="log", title="learning rate"),
                      yaxis=dict(title="training loss", range=[0, min(top, 4 * min(rt.smoothed or [1])) * 1.1]),
                      legend=dict(orientation="h", y=1.02, yanchor="bottom", x=0))
    return fig
