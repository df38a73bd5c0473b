"""The question forms in a mock interview: what the candidate sees, what the interviewer keeps.

Every question of an interview is drawn with the interview's own seed, so the candidate and
the interviewer look at the same variant. The candidate gets :func:`engine.interviews.candidate_question`
(prompt, choices, the figure's data, the code, the steps' prompts: never an answer); the
interviewer gets the concrete question with its answer key.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import streamlit as st

from engine.content.answers import numeric_key, step_key
from engine.content.numbers import NotWhole, placeholder, read_number
from engine.interviews import candidate_view
from ui.forms_view import instance_of
from ui.text import inert, show_answer


@st.cache_resource(max_entries=256, show_spinner=False)
def _candidate(question_json: str, seconds: int, seed: int, _question: Any) -> dict[str, Any]:
    # the instance is the one the interviewer's view draws too (forms_view's cache): drawn once
    return candidate_view(instance_of(_question, seed), seconds)


def candidate_item(question: Any, seconds: int, seed: int) -> dict[str, Any]:
    """The candidate's view of one question (cached: a figure's run is not redone per rerun).
    If the question cannot be drawn, its prompt alone, with a note (never a traceback)."""
    try:
        return _candidate(question.model_dump_json(), int(seconds), int(seed), question)
    except Exception:  # the engine rejected the draw, or a resource failed: the interview goes on
        from engine.forms.instance import preview_prompt

        return {"id": question.id, "type": "free_text", "seconds": seconds,
                "prompt": preview_prompt(question) + "\n\n*(This question could not be prepared; answer in words.)*"}


def concrete_questions(iv: Any, questions: Mapping[str, Any]) -> dict[str, Any]:
    """The interview's own questions (of ``questions``, as :func:`questions_of` finds them), each
    as drawn for it with its seed: texts filled, answers computed, runs lettered. Only its own:
    drawing every question of the banks for each interview cost its first open half a second."""
    out = {}
    for entry in iv.questions:
        q = questions.get(entry["id"])
        if q is None:  # no longer in the banks: the pages say so
            continue
        try:
            out[q.id] = instance_of(q, iv.id).question
        except Exception:  # shown as written; its answer key may then be incomplete
            out[q.id] = q
    return out


def questions_of(iv: Any, library: Any) -> tuple[dict[str, Any], set[str]]:
    """Question objects of an interview (the shared banks plus its own uploaded bank), and the
    ids that came from the upload: their text is the uploader's, shown as plain text."""
    found = {q.id: q for q in library.interview_questions}
    own = _uploaded_questions(iv.uploaded_bank) if iv.uploaded_bank else ()
    found.update({q.id: q for q in own})
    return found, {q.id for q in own}


@st.cache_resource(max_entries=64, show_spinner=False)
def _uploaded_questions(text: str) -> tuple[Any, ...]:
    """An interview's own bank, parsed and validated once (it never changes after upload), not
    on every run of the candidate's and the interviewer's pages."""
    from engine.content.loader import load_stored_upload

    bank = load_stored_upload(text)
    return tuple(bank.bank.questions) if bank else ()


def full_link(token: str) -> str:
    """The whole address of an interview link (:func:`ui.site_links.site_url`)."""
    from ui.site_links import site_url

    return site_url("/interview", {"t": token})


def as_shown(trusted: bool) -> Callable[[Any], str]:
    """How an interview draws a bank's text inside Markdown: as written for a shipped bank,
    escaped for an uploaded one (the uploader's words are data)."""
    return str if trusted else (lambda t: inert(t, None))


def candidate_answer(item: Mapping[str, Any], key: str, saved: Any, save: Callable[[], Any], locked: bool,
                     trusted: bool, slot: Callable[[str], str] = str, reset_key: str | None = None) -> bool:
    """The candidate's widget for a question with choices or steps, as in Practice (radio,
    checkboxes, numbered steps); keys carry ``key`` (a position), never the question's id.
    ``slot`` names where a live box keeps unsent text in the tab (from its key; an opaque digest);
    ``reset_key`` is the page's count of answers taken from another tab (:func:`ui.live_text.live_text`).

    Returns False when the question is answered in words (free text, numbers): the caller
    draws that box.
    """
    from types import SimpleNamespace

    from ui import answer_widgets as aw

    ss = st.session_state
    label = as_shown(trusted)
    view = SimpleNamespace(id=item["id"], choices=item.get("choices"), items=item.get("items"), shown_in_order=True)
    if item.get("steps"):
        candidate_steps(item, key, saved, save, locked, trusted, slot, reset_key)
    elif item["type"] == "single_choice":
        st.radio("Your answer", item["choices"], index=None, key=key, on_change=save, format_func=label,
                 disabled=locked)
    elif item["type"] == "multi_choice":
        aw.restore_ticks(view, key, saved)

        def collect_ticks() -> None:
            ss[key] = aw.ticked(view, key)
            save()

        aw.multi_choice(view, key, on_change=collect_ticks, disabled=locked, fmt=label)
        _answer_on_screen(key, aw.ticked(view, key))
    elif item["type"] == "ordering":
        aw.restore_positions(view, key, saved)

        def collect_order() -> None:
            ss[key] = aw.numbered(view, key)
            save()

        aw.ordering(view, key, on_change=collect_order, disabled=locked, fmt=label)
        _answer_on_screen(key, aw.numbered(view, key))
    else:
        return False
    return True


def _answer_on_screen(key: str, shown: list[str]) -> None:
    """Keep the answer the page shows (its ticks, its numbered steps) as the one Next, Previous and
    "I am done" save again. Each widget also saves on change, but Streamlit ends a callback at its
    first session-state access when a newer click is already waiting (once in a loaded test run the
    scorecard kept one tick of two); the widgets' own states are kept. A question never touched
    stays unanswered."""
    if shown or st.session_state.get(key):
        st.session_state[key] = shown


def candidate_extras(item: Mapping[str, Any], key: str, trusted: bool) -> None:
    """The figure and the code of a candidate's question, under its prompt (an uploaded bank's
    caption as plain text: not ``trusted``)."""
    if item.get("figure"):
        from engine.forms.plot import PlotData, Series
        from ui.figures_forms import plot_figure

        d = dict(item["figure"])
        d["series"] = tuple(Series(**s) for s in d["series"])
        d["points"] = tuple(tuple(p) for p in d["points"])
        from ui.chart_fit import fit_to_width
        from ui.figures import READ_ONLY
        from ui.forms_view import figure_numbers

        plot = PlotData(**d)
        fig, chart = plot_figure(plot), f"iv.fig.{key}"  # the key is a position, never the question's id
        st.plotly_chart(fig, width="stretch", height=fit_to_width(chart, fig), key=chart, config=READ_ONLY,
                        alt=plot.alt())
        if d.get("caption"):
            st.caption(d["caption"] if trusted else inert(d["caption"], None))
        figure_numbers(plot, chart)  # a table (text, never Markdown), with the figure's neutral names only
    if item.get("code"):
        st.code(item["code"]["source"], language=item["code"]["language"], line_numbers=True, wrap_lines=True)


#: the characters a step's or a result's one-line box takes (a number, a short expression)
STEP_MAX = 200
#: a locked box's placeholder: the question's time is up and nothing was saved in it
LOCKED_PLACEHOLDER = "No answer."


def unreadable_number_note(typed: str, item: Mapping[str, Any]) -> None:
    """Under a candidate's number box (an answer, a derivation's step or result): a caption when the
    text typed is no number the auto-grade can read, said as Practice says it, so "0,24" is not
    graded wrong without a word (a derivation's result said only "saved", and the scorecard
    "could not be read"). ``item``: the box's ``unit`` and ``whole``."""
    if not typed.strip():
        return
    try:
        read_number(typed, item.get("unit"), whole=bool(item.get("whole")))
    except ValueError as exc:
        reads = "whole numbers" if isinstance(exc, NotWhole) else "numbers"
        st.caption(f":material/info: {inert(str(exc), None)} Your answer is saved as typed; the auto-grade reads "
                   f"{reads} only.")


def candidate_steps(item: Mapping[str, Any], key: str, saved: Any, save: Callable[[], Any], locked: bool,
                    trusted: bool, slot: Callable[[str], str] = str, reset_key: str | None = None) -> None:
    """One input per derivation step, then the result; saved as {"steps": [...], "final": ...}.
    An uploaded bank's step texts (not ``trusted``) are plain text; every input is locked with the
    question once its time is up.

    A typed step is a one-line live box (:func:`ui.live_text.live_text`): saved as the candidate
    types, not only on Enter (a reload or the end of the time lost a result never entered).
    Its text is kept under ``{key}.s<n>`` / ``{key}.final``, the box under that key plus ``.live``.
    """
    from ui.live_text import live_text

    ss = st.session_state
    text = as_shown(trusted)
    n = len(item["steps"])
    keys = [f"{key}.s{i}" for i in range(n)] + [f"{key}.final"]
    given = [*saved.get("steps", []), None][:n] if isinstance(saved, dict) else []
    stored = [*given, *[None] * (n - len(given)), saved.get("final") if isinstance(saved, dict) else None]
    if isinstance(saved, dict) and keys[0] not in ss:
        for k, v in zip(keys, stored):
            if v is not None:
                ss[k] = v

    def collect() -> None:
        ss[key] = {"steps": [ss.get(k) for k in keys[:-1]], "final": ss.get(keys[-1])}
        save()

    for i, (step, k) in enumerate(zip([*item["steps"], item], keys)):
        label = f"Step {i + 1}. {text(step['prompt'])}" if i < n else "Result: the answer the question asks for"
        if step["type"] != "single_choice" and step.get("unit"):
            label += f" ({text(step['unit'])})"
        st.markdown(f"**{label}**" if i == n else label)
        named = f"Step {i + 1}: your answer" if i < n else "Result: your answer"  # what a screen reader says
        if step["type"] == "single_choice":
            st.radio(named, step["choices"], index=None, key=k, on_change=collect, format_func=text,
                     label_visibility="collapsed", disabled=locked)
        else:
            def typed(value: str, k: str = k) -> None:
                ss[k] = value
                collect()

            unit = f" ({step['unit']})" if step.get("unit") else ""
            numeric = step["type"] == "numeric"
            shown = live_text(f"{k}.live", stored[i] if isinstance(stored[i], str) else None, typed,
                              limit=STEP_MAX, locked=locked, slot=slot(f"{k}.live"), label=f"{named}{unit}",
                              one_line=True, width=320 if numeric else "stretch",  # as an answer's number box
                              placeholder=LOCKED_PLACEHOLDER if locked else placeholder(bool(step.get("whole")))
                              if numeric else "", reset_key=reset_key)
            if numeric:
                unreadable_number_note(shown, step)


def interviewer_extras(question: Any, seed: int, trusted: bool, figure_key: str | None = None) -> None:
    """What the interviewer needs beyond the rubric: the figure and code the candidate sees,
    the drawn values, the computed answer and each step's answer (an uploaded bank's texts, not
    ``trusted``, as plain text). ``figure_key``: the figure's element key, where the same question's
    figure may be drawn twice in a run (the live view and the score form)."""
    text = as_shown(trusted)
    try:
        inst = instance_of(question, seed)
    except Exception as exc:
        st.warning(f"This question could not be drawn ({type(exc).__name__}): its figure and answer key are missing.")
        return
    q = inst.question
    if inst.plot is not None:
        from ui.chart_fit import fit_to_width
        from ui.figures import READ_ONLY
        from ui.figures_forms import plot_figure

        fig, chart = plot_figure(inst.plot, height=300), figure_key or f"iv.kfig.{q.id}"
        st.plotly_chart(fig, width="stretch", height=fit_to_width(chart, fig), key=chart,
                        config=READ_ONLY, alt=inst.plot.alt(table_below=False))
        if inst.letters:
            named = (lambda label: f"`{label}`") if trusted else text  # a run label reads as code when ours
            st.markdown("**Curves:** " + ", ".join(f"{letter} = {named(label)}" for label, letter in
                                                    sorted(inst.letters.items(), key=lambda kv: kv[1])))
    if q.code is not None:
        st.code(q.code.source, language=q.code.language, wrap_lines=True)
    if inst.values:
        st.markdown("**Drawn values:** " + ", ".join(f"{k} = {text(v)}" for k, v in inst.values.items()))
    a = getattr(q, "answer", None)  # free-text questions have key points, not an answer key
    if a is None and not q.steps:
        return
    # the heading before the steps: drawn under "Candidate's answer: (no answer)", a derivation's key
    # steps read as the candidate's own (the hiring walk-through)
    st.markdown("**Answer key:**")
    for i, s in enumerate(q.steps or [], 1):
        st.markdown(f"**Step {i}:** {text(step_key(s))}. {text(s.why)}")
    if a is None:
        return
    if q.steps:
        st.markdown("**Result:**")
    if q.type == "numeric":
        st.text(numeric_key(a))
    else:  # listed as the candidate's answer above it is, never a Python list
        show_answer(q.type, a)

