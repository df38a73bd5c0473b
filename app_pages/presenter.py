"""Presenter mode: large, uncluttered learning-rate demonstrations, restorable from the URL.

The demo's settings (demo, learning rate, steps, Reset) in one row; under them the picture of the
paths with its one set of controls (▶ Play, Pause, "Go to step") right below it, and the demo's
title, verdicts and rate buttons beside it: on a 1280 x 720 projector all of them fit one
screen, for every demo (a browser test holds each to it, and to 1920 x 1080). Every setting is
written to a query parameter (preset, lr, steps), so the address bar always holds a link that
reopens this exact demo. Runs are logged to the history only when ▶ Play is pressed, not on
every redraw. Play, Pause and "Go to step" are Streamlit widgets, for the mouse and Tab alike;
the chart shows none of its own (SVG, out of Tab's reach), only the step it stands at
(ui.chart_controls).
"""

from __future__ import annotations

import streamlit as st

from engine.links import PresenterLink, lr_options, parse_presenter_link, step_options
from engine.optim.presets import PRESETS
from engine.optim.run import tail_window
from engine.optim.surfaces import get_surface
from engine.run_summaries import diverged_text
from ui import optim_cache
from ui.chart_controls import PagePlay, animation_controls
from ui.chart_fit import ScreenTall, fit_to_width
from ui.figures import LOSS_ALT, LR_ALT, PATHS_ALT, READ_ONLY
from ui.resources import log_run
from ui.site_links import back_to_question, link_box
from ui.state import carried, first_run_of_visit, history_navigation
from ui.figures_optim import PROJECTOR_FONT, coinciding_note
from ui.text import reason

FONT = PROJECTOR_FONT  # plot text, px; tick labels follow it
#: what the page carries about its address, one dict (ui.state.carried): the visit it was read in
#: (ui.state.first_run_of_visit) and the address it last wrote or found
LINK = {"written": None}
PATHS = "pm.paths"  # the picture of the paths: its element key, which its Play and Pause find it by
#: the picture of the paths, px, at least: with the settings above it and its controls below, it
#: fits a 720-px-high projector. A taller window gets a taller picture (PATHS_TALLEST), up to
#: what the column's width can use: the surface keeps its aspect, so more height would be blank.
#: On a phone (the columns stacked) it is as tall as its width lets the surface be (ui.chart_fit).
PATHS_HEIGHT = 460
#: the picture's height where its column's width is not the limit: the settings above it and the
#: controls under it take 420 px of the window. Its width follows (ui.chart_fit), so a square
#: surface's picture is as wide as its plot, its legend and step at the plot's edges (in a wider
#: figure Plotly centred the plot and left them at the column's edges, the legend 250 px off)
PATHS_TALLEST = ScreenTall(less=420, most=820)

# Readable from the back of a lecture room: body text 20 px, plot labels 16 px and more. The
# page starts higher than Streamlit's default, and the title beside the picture at its top, so
# that on a 1280 x 720 projector the controls, the whole picture and the verdicts fit one
# screen. A noisy demo's verdict names its run in the metric's label: written out whole, on two
# lines if need be (Streamlit cuts a label to one line with "…"). A verdict's size follows its card's
# width (cqi), never under the body text's, and a word too long for it is hyphenated where English
# allows: with the sidebar open "Still descending" broke into "Still descendi" / "ng" (a lecturer's
# walk-through); a run's name likewise, where five cards make rows of three. A link's note (a
# toast) is shown whole: Streamlit cuts a toast to three lines, and at this size "... read as 0.05"
# lost its number behind "view more". It sits at the screen's foot, in body text: at the top it
# covered the Steps slider and Reset, the controls it is about, for ten seconds (a lecturer's walk).
# On a phone the foot holds Play, so there it stays at the top.
st.html(
    """<style>
    [data-testid="stMarkdownContainer"] p, [data-testid="stMarkdownContainer"] li,
    [data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] p,
    [data-testid="stSelectbox"] [data-baseweb="select"] div { font-size: 1.25rem; }
    [data-testid="stSelectbox"] input { font-size: 1.25rem !important; }
    h1 { font-size: clamp(1.6rem, 3.4vw, 2.5rem) !important; padding-top: 0 !important; }
    h2 { font-size: clamp(1.15rem, 2.2vw, 1.75rem) !important; }
    [data-testid="stMetricValue"] [data-testid="stMarkdownContainer"] p { font-size: 2.25rem; }
    [data-testid="stMainBlockContainer"] { padding-top: 4rem; }
    [data-testid="stMetric"] .stMarkdownEllipsis, [data-testid="stMetric"] .stMarkdownEllipsis * {
      white-space: normal !important; overflow: visible !important; text-overflow: clip !important;
      word-break: normal !important; overflow-wrap: break-word !important; }
    [data-testid="stMetricLabel"] p { font-weight: 600; }
    [data-testid="stToastText"] { display: block !important; -webkit-line-clamp: unset !important; }
    [data-testid="stToastText"] [data-testid="stMarkdownContainer"] p { font-size: 1rem; }
    @media (min-width: 641px) {
      [data-testid="stToastContainer"] { top: auto !important; bottom: 1rem !important; } }
    [data-testid="stToastViewButton"] { display: none; }
    [class*="st-key-pm-verdict-"] { container-type: inline-size; }
    [class*="st-key-pm-verdict-"] h2 { font-size: clamp(1.25rem, 17cqi, 1.75rem) !important;
      word-break: normal !important; overflow-wrap: normal !important; hyphens: auto; }
    [class*="st-key-pm-verdict-"] [data-testid="stMetricLabel"] p, [class*="st-key-pm-verdict-"]
      [data-testid="stMetricLabel"] .stMarkdownEllipsis * { font-size: clamp(1rem, 13cqi, 1.25rem) !important;
      overflow-wrap: normal !important; hyphens: auto; }
    </style>"""
)

# A link (?preset=&lr=&steps=) is read once, when the address differs from what this page last
# wrote there: the engine restores it exactly or says what it changed. Later changes of the
# controls are written back, so the address bar always reopens the demo on screen.
wanted = {k: st.query_params.get(k) for k in ("preset", "lr", "steps")}
# On the first run of a visit only: later, a rerun may carry the address from before the browser
# applied this page's last write, and read as a link it put the old rate back on the slider
# beside an address holding the new one (the lecturer's walk-through, 4 of 6 under load).
# Back or Forward reads it too: such a run carries the address of the history entry it went to.
kept = carried("pm.link", LINK)
if (first_run_of_visit(kept) or history_navigation()) and kept["written"] != wanted:
    link = parse_presenter_link({k: v for k, v in wanted.items() if v is not None})
    st.session_state.update(preset=link.preset, lr=link.lr, steps=link.steps)
    if link.notes:
        # Said once, over the page's corner, where the link is read: a box above the picture, even
        # one for all the settings a link got wrong, pushed ▶ Play and "Go to step" below a 720-px
        # projector (the lecturer's walk-through). The sliders show what was read.
        st.toast(" ".join(link.notes), icon=":material/link:", duration="long")


def preset_changed() -> None:
    chosen = PRESETS[st.session_state["preset"]]
    st.session_state["lr"] = chosen.lr
    st.session_state["steps"] = chosen.steps


# the demo's whole name and "Reset" whole down to 853 px wide (a 1280-px projector at 150% zoom)
top = st.columns([5, 2.4, 1.8, 1.6], vertical_alignment="bottom")
key = top[0].selectbox("Demo", list(PRESETS), format_func=lambda k: PRESETS[k].title, key="preset",
                       on_change=preset_changed)
preset = PRESETS[key]
lr = top[1].select_slider("Learning rate", lr_options(st.session_state["lr"]), key="lr",
                          format_func=lambda v: f"{v:g}")
steps = top[2].select_slider("Steps", step_options(st.session_state["steps"]), key="steps")
# beside the two sliders it puts back; choosing the same demo again changes nothing, so this is
# the way back to the demo's own rate and steps
top[3].button("Reset", on_click=preset_changed, key="pm.reset", icon=":material/restart_alt:",
              disabled=(float(lr), int(steps)) == (preset.lr, preset.steps),
              help="Back to this demo's own learning rate and steps.")
on_screen = PresenterLink(key, float(lr), int(steps))
shown = on_screen.query()
# An address that opens this demo already is left as it is: Streamlit adds a history entry for each
# write, and a related demo's link (?preset=decay) written out in full took two presses of Back to
# leave (the learners' walk-through).
if wanted != shown and parse_presenter_link({k: v for k, v in wanted.items() if v is not None}) != on_screen:
    st.query_params.update(shown)
    kept["written"] = shown
else:
    kept["written"] = wanted


def set_lr(value: float) -> None:
    st.session_state["lr"] = value


surface = get_surface(preset.surface, **dict(preset.surface_params))
configs = tuple(preset.configs(lr))
try:
    results = optim_cache.runs(preset.surface, preset.surface_params, configs, int(steps), 0)
except ValueError as exc:
    st.title(preset.title, anchor=False)
    st.error(f"Cannot run this demo: {reason(exc)}")
    st.stop()


def log_play() -> None:
    """▶ Play: the run goes to the history when the presenter runs it, never on a redraw."""
    log_run("presenter", f"Presenter: {preset.title} (lr {lr:g}, {steps} steps)",
            {"preset": key, "lr": lr, "steps": int(steps), "runs": [c.to_dict() for c in configs]},
            # keyed by the run's name without its rate, so two rates of one demo line up in a comparison
            {p.label: {"outcome": r.outcome, "final_loss": r.final_loss} for p, r in zip(preset.runs, results)},
            seed=0, once=True)


VERDICT = {"converged": ":green", "diverged": ":red", "oscillating": ":orange", "stalled": ":violet",
           "still descending": ":blue"}
labels = [c.label for c in configs]
# The picture first, right under the demo's settings, with its one set of controls under it;
# the demo's title, its verdicts and the rate buttons beside it, so the room sees the paths and
# what they mean on one screen.
picture, side = st.columns([3, 2], gap="large")
with side:
    st.title(preset.title, anchor=False)
    back_to_question()  # when a question's "A related demo" opened it (never on a lecturer's link)
    base = results[0]  # noisy demos compare every run with the first
    # with noisy gradients every update looks like a bounce, so the outcome label says little;
    # the loss a run settles at is the measurement that tells the story (said once, above the cards)
    noisy = [surface.noise > 0 and r.diverged_at is None for r in results]
    if any(noisy):
        window = tail_window(len(next(r for r, n in zip(results, noisy) if n).losses))
        finals = ", ".join(f"{c.label} {r.final_loss:.2g}" for c, r, n in zip(configs, results, noisy) if n)
        compared = f"; each percentage compares a run with the {preset.runs[0].label.lower()} rate"
        st.caption(f"Mean loss over the last {window} steps{compared if len(results) > 1 else ''}",
                   help=f"The last value alone is one noisy draw; final losses: {finals}.")
    # two rows at most: the decay demo's fifth card (cosine) in a third row fell below a 720-px projector
    per_row = 1 if len(results) == 1 else max(2, -(-len(results) // 2))
    for start in range(0, len(results), per_row):
        row = zip(range(start, start + per_row), st.columns(per_row), configs[start:start + per_row],
                  results[start:start + per_row], noisy[start:start + per_row])
        for i, col, cfg, r, is_noisy in row:
            with col, st.container(border=True, height="stretch", key=f"pm.verdict.{i}"):
                if is_noisy:
                    # the run's name is the metric's label, bold and whole like the other cards' (the page's style)
                    versus = r is not base and base.diverged_at is None and base.tail_loss > 0
                    # the rate is on the slider when every run has it: five cards a row of three wide
                    # at 1280 px cut "Exponential" in two with it; "(lr 0.1)" kept whole when it is said
                    name = preset.runs[i].label if preset.one_rate else cfg.label.replace("(lr ", "(lr\u00a0")
                    st.metric(name, f"{r.tail_loss:.2g}",
                              delta=f"{r.tail_loss / base.tail_loss - 1:+.0%}" if versus else None,
                              delta_color="inverse")
                else:
                    st.markdown(f"**{cfg.label}**")
                    # the path and the loss plot stop at the last step in range: the words name that step
                    detail = (diverged_text(r.diverged_at) if r.diverged_at
                              else f"loss {r.final_loss:.2g} after {steps} steps")
                    st.header(f"{VERDICT[r.outcome]}[{r.outcome.capitalize()}]", anchor=False)
                    st.caption(detail)
    if preset.marks:
        with st.container(horizontal=True):
            for label, value in preset.marks:
                st.button(f"{label}: {value:g}", on_click=set_lr, args=(value,), key=f"mark.{label}")
with picture:
    # no toolbar on any chart here: eight tab stops each, and the demo is watched, not explored;
    # no controls of the chart's own either: the row under it is the one set, for mouse and keyboard
    the_runs = (preset.surface, preset.surface_params, configs, int(steps), 0)  # their figures are shared
    paths = optim_cache.run_figure("paths", *the_runs, height=PATHS_HEIGHT, font_size=FONT, own_controls=False)
    # as tall as the column's width lets the surface be (on a phone, not 460 px of bands), at most
    # PATHS_TALLEST, and no wider than its plot
    height = fit_to_width(PATHS, paths, tallest=PATHS_TALLEST)
    st.plotly_chart(paths, width="stretch", height=height, key=PATHS, config=READ_ONLY, alt=PATHS_ALT)
    # Play, Pause, "Go to step"; the verdicts, which tell each run's end, are dimmed while the picture
    # plays: "loss 0.0049 after 200 steps" beside a picture at step 163 (a lecturer's walk)
    animation_controls(PATHS, paths, play=PagePlay("pm.play", log_play),
                       dim=[f"pm.verdict.{i}" for i in range(len(results))])
    if (note := coinciding_note(results, labels)) is not None:
        st.caption(note)
st.markdown(preset.story)
left, right = st.columns(2 if preset.show_lr else [1, 0.0001])
with left:
    st.plotly_chart(optim_cache.run_figure("loss", *the_runs, height=360, font_size=FONT), width="stretch",
                    key="pm.loss", config=READ_ONLY, alt=LOSS_ALT)
if preset.show_lr:
    with right:
        st.plotly_chart(optim_cache.run_figure("lr", *the_runs, height=360, font_size=FONT), width="stretch",
                        key="pm.lr", config=READ_ONLY, alt=LR_ALT)

link_box("/presenter", shown, "Link to this demo: it reopens this exact picture, on any screen. ▶ Play runs the "
         "demo from its first step and keeps it in the run history.", what="demo-link")
