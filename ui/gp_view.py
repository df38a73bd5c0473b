"""The Gaussian-process step-through of the search lab: posterior mean, uncertainty, EI, next point."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
import streamlit as st
from plotly.subplots import make_subplots

from engine.search.gp import expected_improvement, gp_from_state
from engine.search.trials import describe_params
from ui.figures import EXPLORED, GP_ALT, inked
from ui.kept_figures import kept_chart

N = 60


def _axis_values(space, u: np.ndarray, i: int) -> np.ndarray:
    p = space.params[i]
    return np.array([p.from_unit(v) if p.kind == "float" else float(p.from_unit(v)) for v in u])


def gp_figure(it: dict, space, maximize: bool) -> go.Figure:
    """Three panels over a 2-D space: posterior mean, posterior std, expected improvement."""
    gp = gp_from_state(it)
    u = np.linspace(0, 1, N)
    U = np.stack(np.meshgrid(u, u), -1).reshape(-1, 2)
    mean, std = gp.predict(U, return_std=True)
    ei = expected_improvement(mean, std, it["best"])
    shown_mean = -mean if maximize else mean
    xs, ys = _axis_values(space, u, 0), _axis_values(space, u, 1)
    X = np.asarray(it["X"])
    px, py = _axis_values(space, X[:, 0], 0), _axis_values(space, X[:, 1], 1)
    nx, ny = _axis_values(space, np.array([it["next_unit"][0]]), 0), _axis_values(space, np.array([it["next_unit"][1]]), 1)
    # wide gaps between the panels: each carries its own colour bar, and the titles stay short
    # enough to sit over their own panel
    fig = make_subplots(rows=1, cols=3, horizontal_spacing=0.11, subplot_titles=(
        "Posterior mean (" + ("score" if maximize else "value") + ")", "Uncertainty (std)",
        "Expected improvement"))
    panels = ((shown_mean, "Viridis", "score" if maximize else "value"), (std, "Blues", "std"),
              (ei, "Oranges", "EI"))
    for col, (z, scale, unit) in enumerate(panels, start=1):
        domain = fig.layout["xaxis" if col == 1 else f"xaxis{col}"].domain
        fig.add_heatmap(x=xs, y=ys, z=z.reshape(N, N), colorscale=scale, row=1, col=col,
                        colorbar=dict(x=domain[1] + 0.005, xanchor="left", thickness=10, len=0.85, y=0.45,
                                      title=dict(text=unit, side="top"), exponentformat="power"),
                        hovertemplate="%{z:.4g}<extra></extra>")
        fig.add_scatter(x=px, y=py, mode="markers", marker=dict(color="white", size=7, line=dict(color="black", width=1)),
                        showlegend=col == 1, name="evaluated", row=1, col=col)
        fig.add_scatter(x=nx, y=ny, mode="markers", marker=dict(symbol="star", color="red", size=16,
                                                                line=dict(color="white", width=1)),
                        showlegend=col == 1, name="next point", row=1, col=col)
    for col in (1, 2, 3):
        px_, py_ = space.params[0], space.params[1]
        fig.update_xaxes(type="log" if px_.log else "linear", title_text=px_.name, row=1, col=col,
                         exponentformat="power")
        # the three panels share y: its title and labels once, on the left, clear of the colour bars
        fig.update_yaxes(type="log" if py_.log else "linear", title_text=py_.name if col == 1 else None,
                         showticklabels=col == 1, exponentformat="power", row=1, col=col)
    fig.update_annotations(font_size=13)  # the subplot titles
    fig.update_layout(height=420, margin=dict(l=10, r=40, t=40, b=10),
                      legend=dict(orientation="h", y=-0.22, x=0))
    return inked(fig)


def gp_1d_figure(it: dict, space, maximize: bool) -> go.Figure:
    gp = gp_from_state(it)
    u = np.linspace(0, 1, 200)
    mean, std = gp.predict(u[:, None], return_std=True)
    ei = expected_improvement(mean, std, it["best"])
    sign = -1 if maximize else 1
    xs = _axis_values(space, u, 0)
    fig = make_subplots(rows=2, cols=1, shared_xaxes=True, row_heights=[0.7, 0.3], vertical_spacing=0.05)
    fig.add_scatter(x=np.concatenate([xs, xs[::-1]]),
                    y=np.concatenate([sign * mean + 2 * std, (sign * mean - 2 * std)[::-1]]),
                    fill="toself", fillcolor="rgba(37,99,235,0.15)", line=dict(width=0), name="±2 std", row=1, col=1)
    fig.add_scatter(x=xs, y=sign * mean, mode="lines", name="posterior mean", line=dict(color="#2563eb"), row=1, col=1)
    X = np.asarray(it["X"])[:, 0]
    fig.add_scatter(x=_axis_values(space, X, 0), y=sign * np.asarray(it["losses"]), mode="markers", name="evaluated",
                    marker=dict(color="black", size=7), row=1, col=1)
    fig.add_scatter(x=xs, y=ei, mode="lines", name="expected improvement", line=dict(color="#ea580c"), row=2, col=1)
    nxt = _axis_values(space, np.array([it["next_unit"][0]]), 0)[0]
    fig.add_vline(x=nxt, line=dict(color="red", dash="dash"))
    p = space.params[0]
    fig.update_xaxes(type="log" if p.log else "linear", title_text=p.name, exponentformat="power", row=2, col=1)
    fig.update_xaxes(type="log" if p.log else "linear", exponentformat="power", row=1, col=1)
    fig.update_yaxes(title_text="score" if maximize else "value", row=1, col=1)
    fig.update_yaxes(title_text="EI", exponentformat="power", row=2, col=1)
    fig.update_layout(height=460, margin=dict(l=10, r=10, t=10, b=10), legend=dict(orientation="h", y=1.05, x=0))
    return inked(fig)


def gp_iterations_view(result, space, maximize: bool) -> None:
    if result is None:
        st.info("Run the Bayesian optimisation strategy (GP + EI) to step through its Gaussian process.")
        return
    iterations = result.extras.get("iterations") or []
    n_init = result.extras.get("n_initial", 0)
    if not iterations and result.stopped:
        # stopped before its first GP step (it said "0 points")
        st.info(f"This search was stopped after {len(result.trials)} evaluations, before its Gaussian process's "
                "first step: its evaluations are in the other tabs.")
        return
    if not iterations:
        st.info(f"The search ended within its initial design ({n_init} points), before the first GP step.")
        return
    if result.stopped:  # its steps streamed as it ran: those made before the stop
        st.caption(f"This search was stopped after {len(result.trials)} evaluations: its Gaussian process's steps "
                   "up to then are shown.")
    # The slider counts what the text counts: the evaluations the GP was fitted to (each one
    # proposes the next), so "15" on the slider reads "After 15 evaluations" below it.
    seen = [len(it["X"]) for it in iterations]
    n = st.select_slider("Evaluations the GP has seen", seen, value=seen[-1], key="sl.gp.iter",
                         persist_state="session",
                         help=f"The GP is fitted after the {n_init} points of the initial design, then after "
                              "each evaluation it proposes.")
    it = iterations[seen.index(n)]
    params = describe_params(it["next_params"])
    gpp = it["gp"]
    st.markdown(
        f"After {n} evaluations ({n_init} from the initial Latin hypercube, {n - n_init} proposed by the GP), "
        f"the GP proposes evaluation {n + 1}: **{params}**, where expected improvement is largest ({it['ei']:.3g})."
    )
    st.caption("Length scales (unit box): " + ", ".join(
        f"{p.name} {ls:.3g}" for p, ls in zip(space.params, gpp["length_scales"]))
        + f" · noise {gpp['noise']:.2g} · a short length scale means the score changes fast along that axis."
        + (" Far from the evaluated points the model expects the worst score seen so far, so only its "
           "uncertainty draws the search there." if gpp.get("prior_mean") == "max" else ""))
    if space.dim == 2:
        kept_chart(st, "sl.gp.fig", gp_figure, it, space, maximize, config=EXPLORED, alt=GP_ALT)
    elif space.dim == 1:
        kept_chart(st, "sl.gp.fig", gp_1d_figure, it, space, maximize, config=EXPLORED, alt=GP_ALT)
    else:
        st.info("The posterior is drawn for 1-D and 2-D spaces; in more dimensions, follow the proposals above.")
