"""The question forms on a page: the variant's seed, the instance (cached), the figure and code.

A page asks :func:`practice_instance` for the concrete question to show (a generated question
filled and computed, a plot question's run lettered), draws :func:`show_extras` under the
prompt, and grades the concrete question. Drawing is cached per (question, seed): a figure's
simulation runs once per server, shared with "Check it live".
"""

from __future__ import annotations

import logging
import random
from typing import Any

import streamlit as st

from engine.forms.instance import Instance, draw
from engine.forms.reference import compute_isolated
from ui.state import practice_state
from ui.text import reason

SEED_RANGE = 1_000_000
_LOG = logging.getLogger(__name__)


def _measure(simulation: Any) -> Any:
    from ui.sim_view import measure_simulation  # the same store as "Check it live"

    return measure_simulation(simulation)


@st.cache_resource(max_entries=256, show_spinner=False)
def _instance(question_json: str, seed: int, _question: Any) -> Instance:
    # a generated answer that takes long is computed in a worker: the server's other pages go on
    return draw(_question, seed, measure=_measure, compute_with=compute_isolated)


#: Practice's state (ui.state.PRACTICE): (question, seed, instance) of the question Practice shows
#: (never set by an interview: a candidate's session holds nothing of a question's answer)
_SHOWN = "shown_instance"
#: Practice's state: (instance, plotly figure) of the figure Practice shows
_FIGURE = "shown_figure"


def instance_of(question: Any, seed: int) -> Instance:
    """The question's instance for ``seed`` (the question itself for a plain one).

    Raises
    ------
    ValueError
        When the computation or the simulation rejects what was drawn.
    """
    if question.variables is None and question.figure is None:
        return Instance(question, seed)
    return _instance(question.model_dump_json(), int(seed), question)


#: a link's ``seed`` longer than this is not a seed anyone wrote (variants are numbered below 2**32)
MAX_SEED_DIGITS = 40


def variant_seed(question_id: str, nonce: int) -> int:
    """The practice page's seed for this showing of a question: new on every retry, or the
    ``?seed=`` of the link that opened it."""
    p = practice_state()
    seeds = p["seeds"] = p["seeds"] if p["seeds"] is not None else {}
    key = f"{question_id}:{nonce}"
    if key not in seeds:
        wanted = str(st.query_params.get("seed", ""))
        # ASCII digits only ("²" is a digit to isdigit, not to int), and a length a seed could have:
        # int() of over 4,300 digits raises, and the card showed Streamlit's error box
        usable = wanted.isascii() and wanted.isdigit() and len(wanted) <= MAX_SEED_DIGITS
        linked = st.query_params.get("q") == question_id and not p.get("url_seed_used")
        if p.get("seed_refused") == key:  # drawn again (Back to its address): said again if so
            p["seed_refused"] = None
        if usable and linked:
            seeds[key] = int(wanted) % SEED_RANGE
        else:
            seeds[key] = random.SystemRandom().randrange(SEED_RANGE)
            if linked and wanted:  # said on the card (seed_refused): the link's variant was dropped unsaid
                p["seed_refused"] = key
        p["url_seed_used"] = True
    return seeds[key]


def seed_refused(question_id: str, nonce: int) -> bool:
    """Whether this showing's link named a variant that is not one (``?seed=-5``, ``NaN``, 5,000
    digits), so another variant was drawn (:func:`variant_seed`)."""
    return practice_state().get("seed_refused") == f"{question_id}:{nonce}"


def carries_seed(question: Any) -> bool:
    """Whether a showing of ``question`` is drawn from a seed (a generated question's values, a plot
    question's letters), which its link then names (``?seed=``)."""
    return question.variables is not None or (question.figure is not None and question.figure.neutral_labels)


def practice_instance(question: Any, nonce: int) -> Instance | None:
    """The instance to practise, with the seed in the link (the page writes the address:
    :func:`ui.practice_session.keep_address`); None (after an error) when it cannot be drawn."""
    if question.variables is None and question.figure is None:
        return Instance(question, 0)
    seed = variant_seed(question.id, nonce) if carries_seed(question) else 0
    # The card reruns on every answer and move: it keeps the instance it shows instead of asking
    # the server-wide cache again, whose key is the question's whole JSON (a bank edited on disk
    # is a new key), dumped and hashed on every run, about a millisecond, plus a spinner's timer
    # thread. ``is``: the same question object of the same library, not an equal one.
    state = practice_state()
    kept = state[_SHOWN]
    if kept is not None and kept[0] is question and kept[1] == seed:
        return kept[2]
    try:
        with st.spinner("Drawing the figure from its run…" if question.figure is not None else "Preparing…"):
            inst = instance_of(question, seed)
        state[_SHOWN] = (question, seed, inst)
        return inst
    except ValueError as exc:
        st.error(f"This question could not be prepared: {reason(exc)}")
    except Exception as exc:  # a bug or a resource problem must not reach the candidate as a traceback
        _LOG.exception("question %s (seed %s) could not be prepared", question.id, seed)  # for the operator
        st.error(f"This question could not be prepared ({type(exc).__name__}); skip to the next one.")
    return None


def _figure(inst: Instance) -> Any:
    """The instance's figure, built once per showing: plotly takes 4 to 10 ms to build and
    validate one, and the card reruns on every answer (and its dict made once,
    :func:`ui.kept_figures.sent_once`; the kept one is never changed)."""
    from ui.figures_forms import plot_figure
    from ui.kept_figures import sent_once

    state = practice_state()
    kept = state[_FIGURE]
    if kept is not None and kept[0] is inst:
        return kept[1]
    figure = sent_once(plot_figure(inst.plot))
    state[_FIGURE] = (inst, figure)
    return figure


def figure_numbers(plot: Any, key: str) -> None:
    """The figure's numbers as a table, folded under it: what a screen reader can read, and a
    way to check a value the eye cannot (the figure's own hover shows the same numbers).

    ``key``: the figure's (a new question or variant, a new key): the section starts folded under
    each figure, where the browser kept it open from the last one in the same place.
    """
    import pyarrow as pa

    columns = plot.columns_to_read()  # curves side by side, numbers rounded: as a screen reader reads them
    # Unformatted, a float such as 1.9999999999999965e-06 showed as "0.000002" and a loss gap of
    # 2e-14 as fourteen zeros: four significant digits, kept as numbers so a column still sorts.
    # Whole-number columns (steps, epochs) stay as they are: "%.4g" would write step 12000 as 1.200e+4.
    fractional = [k for k, values in columns.items()
                  if any(isinstance(v, float) and not v.is_integer() for v in values)]
    config = {k: st.column_config.NumberColumn(format="%.4g") for k in fractional}
    # An Arrow table, which Streamlit sends as it is: given rows, it built a pandas frame and then
    # Arrow from that on every run of the card (benchmarks/bench_figure_table.py: a median 1.3 to
    # 2.1 ms, up to 8.5, where from columns it takes 0.24 to 0.34)
    try:
        data: Any = pa.table(columns)
    except (pa.ArrowInvalid, pa.ArrowTypeError):  # a column of mixed kinds: pandas makes it text
        data = [dict(zip(columns, row)) for row in zip(*columns.values())]
    with st.expander("The figure's numbers, as a table", key=f"{key}:numbers"):
        st.dataframe(data, hide_index=True, width="stretch", height=280, column_config=config)


def show_extras(inst: Instance, key: str, seed_note: bool = True) -> None:
    """The figure and the code under a prompt, and (for a drawn variant) how to reproduce it."""
    q = inst.question
    if inst.plot is not None:
        from ui.chart_fit import fit_to_width
        from ui.figures import READ_ONLY

        fig, chart = _figure(inst), f"form-fig:{key}"  # paths over a surface: as tall as the width lets it be
        st.plotly_chart(fig, width="stretch", height=fit_to_width(chart, fig), key=chart, config=READ_ONLY,
                        alt=inst.plot.alt())
        if inst.plot.caption:
            st.caption(inst.plot.caption)
        figure_numbers(inst.plot, chart)
    if q.code is not None:
        # wrapped: on a phone the line that matters ("requires_grad=True") was cut off with no hint
        st.code(q.code.source, language=q.code.language, line_numbers=True, wrap_lines=True)
    if seed_note and (inst.values or inst.letters):
        # the learner's line says what Retry does; the command that reproduces the variant is for
        # a bank's authors, on hover
        st.caption(f"Variant {inst.seed}. Retry draws new " + ("numbers." if inst.values else "letters."),
                   help=f"For the bank's authors: `python -m engine draw {q.id} --seed {inst.seed}` prints this "
                        "variant with its answer.")
