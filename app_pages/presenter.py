"""Presenter mode: large, uncluttered learning-rate demonstrations, restorable from the URL.

Every control is bound to a query parameter (preset, lr, steps), so the address bar always
holds a link that reopens this exact demo.
"""

from __future__ import annotations

import streamlit as st

from engine.optim.presets import LR_CHOICES, PRESETS, STEP_CHOICES
from engine.optim.run import tail_window
from engine.optim.surfaces import get_surface
from ui import optim_cache
from ui.resources import log_run
from ui.figures_optim import loss_figure, lr_figure, trajectory_figure

st.html(
    """<style>
    [data-testid="stMarkdownContainer"] p { font-size: 1.25rem; }
    h1 { font-size: 3rem !important; }
    </style>"""
)



# The preset is synced to ?preset= by hand (a bound selectbox would put its display title in
# the URL); the rate and step count are bound widgets. A shared link is applied once.
if "preset" not in st.session_state:
    wanted = st.query_params.get("preset")
    st.session_state["preset"] = wanted if wanted in PRESETS else next(iter(PRESETS))


def preset_changed() -> None:
    chosen = PRESETS[st.session_state["preset"]]
    st.session_state["lr"] = chosen.lr
    st.session_state["steps"] = chosen.steps


top = st.columns([3, 4, 2], vertical_alignment="bottom")
key = top[0].selectbox("Demo", list(PRESETS), format_func=lambda k: PRESETS[k].title, key="preset",
                       on_change=preset_changed)
if st.query_params.get("preset") != key:
    st.query_params["preset"] = key
preset = PRESETS[key]
lr = top[1].select_slider("Learning rate", LR_CHOICES, value=preset.lr, key="lr", bind="query-params",
                          format_func=lambda v: f"{v:g}")
steps = top[2].select_slider("Steps", STEP_CHOICES, value=preset.steps, key="steps", bind="query-params")

st.title(preset.title)
st.markdown(preset.story)


def set_lr(value: float) -> None:
    st.session_state["lr"] = value


if preset.marks:
    with st.container(horizontal=True):
        for label, value in preset.marks:
            st.button(f"{label}: {value:g}", on_click=set_lr, args=(value,), key=f"mark.{label}")

surface = get_surface(preset.surface, **dict(preset.surface_params))
configs = tuple(preset.configs(lr))
try:
    results = optim_cache.runs(preset.surface, preset.surface_params, configs, int(steps), 0)
except ValueError as exc:
    st.error(f"Cannot run this demo: {exc}")
    st.stop()

log_run("optimizer_lab", f"Presenter: {preset.title} (lr {lr:g})",
        {"preset": key, "lr": lr, "steps": int(steps), "runs": [c.to_dict() for c in configs]},
        {c.label: {"outcome": r.outcome, "final_loss": r.final_loss} for c, r in zip(configs, results)},
        seed=0, once=True)

VERDICT = {"converged": ":green", "diverged": ":red", "oscillating": ":orange", "still descending": ":blue"}
cols = st.columns(len(results))
base = results[0]  # noisy demos compare every run with the first
for col, cfg, r in zip(cols, configs, results):
    with col, st.container(border=True, height="stretch"):
        st.markdown(f"**{cfg.label}**")
        if surface.noise > 0 and r.diverged_at is None:
            # with noisy gradients every update looks like a bounce, so the outcome label says
            # little; the loss the run settles at is the measurement that tells the story
            window = tail_window(len(r.losses))
            delta = (f"{r.tail_loss / base.tail_loss - 1:+.0%} vs {preset.runs[0].label.lower()}"
                     if r is not base and base.diverged_at is None and base.tail_loss > 0 else None)
            st.metric(f"Mean loss, last {window} steps", f"{r.tail_loss:.2g}", delta=delta, delta_color="inverse",
                      help="The last value alone is one noisy draw; this mean is what to compare.")
            st.caption(f"final loss {r.final_loss:.2g}")
        else:
            detail = f"at step {r.diverged_at}" if r.diverged_at else f"loss {r.final_loss:.2g} after {steps} steps"
            st.markdown(f"## {VERDICT[r.outcome]}[{r.outcome.capitalize()}]")
            st.caption(detail)

labels = [c.label for c in configs]
st.plotly_chart(trajectory_figure(surface, results, labels, height=640), width="stretch", key="pm.paths")
left, right = st.columns(2 if preset.show_lr else [1, 0.0001])
with left:
    st.plotly_chart(loss_figure(surface, results, labels, height=340), width="stretch", key="pm.loss")
if preset.show_lr:
    with right:
        st.plotly_chart(lr_figure(results, labels, height=340), width="stretch", key="pm.lr")

st.caption(f"Link to this demo: `?preset={key}&lr={lr:g}&steps={steps}`")
