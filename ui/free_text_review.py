"""After a free-text answer: what the offline judge found, and the candidate's correction.

The judge (:mod:`engine.judge`) suggests which key points the answer states, with the
sentence that does and its confidence; the candidate confirms or corrects each one, and the
grade uses their final ticks. Everything the candidate wrote is shown with ``st.text`` (plain
text), never as Markdown. The judge loads once per server, in the background when a free-text
question is first shown (:func:`engine.judge.warm_for`), else on the first submitted answer.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

from engine.judge.response import free_text_response, unsure
from ui.text import inert, show_text


@st.cache_resource(show_spinner=False)
def _judge():
    from engine.judge import get_judge

    return get_judge()


def judge_answer(q: Any, text: str) -> dict[str, Any] | None:
    """The judge's verdict as a plain dict (kept in session state), or None if it cannot run."""
    try:
        with st.spinner("Reading your answer (the first one loads the judge, a few seconds)…"):
            return _judge().judge(q, text).to_dict()
    except Exception as exc:  # a missing or broken model must not cost the candidate their answer
        st.warning(f"The automatic judge is unavailable ({exc.__class__.__name__}); tick the key points yourself.")
        return None


def _confidence(p: dict[str, Any]) -> str:
    return f"judge's confidence {p['confidence']:.0%}"


def review_form(q: Any, text: str, judgement: dict[str, Any] | None, key: str,
                on_record: Callable[[dict[str, Any]], None], on_edit: Callable[[], None] | None = None,
                on_skip: Callable[[], None] | None = None) -> None:
    """Draw the judge's findings as a form of pre-ticked key points; on submit, its button's
    callback hands the response (the candidate's ticks) to ``on_record``, before the next run.
    ``on_edit`` (back to the answer, its text kept) and ``on_skip`` (on without recording) are
    buttons beside it: "Record my grade" was the only way on, and leaving the page dropped the
    answer without a word (the learner walk-through).

    ``key`` must be unique per question and attempt (it prefixes every widget key).
    """
    st.markdown("**Your answer**")
    show_text(text)  # their words, as typed
    judged = bool(judgement) and judgement.get("status") == "judged"
    if judgement and not judged:
        # the grade is the ticks' (a learner read "not scored" here, then "Score: 0%" once recorded)
        st.warning(judgement["message"] + " Tick any point it does cover: your ticks decide the grade.",
                   icon=":material/help:")
    elif judged:
        st.info(judgement["message"] + " This is a suggestion from an offline model, not a grade: correct any "
                "point it got wrong, and your ticks decide the grade.", icon=":material/fact_check:")
    for note in (judgement or {}).get("notes", []):
        st.caption(note)
    points = {p["text"]: p for p in (judgement or {}).get("key_points", [])} if judged else {}
    with st.form(key=f"judged:{key}", border=True):
        st.markdown("**Key points** — tick the ones your answer really covered.")
        for i, point in enumerate(q.key_points):
            found = points.get(point)
            st.checkbox(point, value=bool(found and found["covered"]), key=f"kp:{key}:{i}")
            if found is None:
                continue
            # the quoted words at caption size under their point (as plain text: the visitor's own)
            if found["contradicted"]:
                st.caption(f":orange[Reads as the opposite of this point] ({_confidence(found)}): "
                           f"\u201c{inert(found['evidence'], 600)}\u201d")
            elif unsure(found):  # no figure: near a coin toss, a percentage read as a measurement
                st.caption(f"Possibly in your answer (the judge is unsure): "
                           f"\u201c{inert(found['evidence'], 600)}\u201d")
            elif found["covered"]:
                st.caption(f"Found in your answer ({_confidence(found)}): \u201c{inert(found['evidence'], 600)}\u201d")
            else:
                st.caption(f"Not found in your answer ({_confidence(found)}).")
        with st.container(horizontal=True):
            st.form_submit_button("Record my grade", type="primary", on_click=_record_ticks,
                                  args=(q, text, judgement, key, on_record))
            if on_edit is not None:
                st.form_submit_button("Edit my answer", on_click=on_edit, icon=":material/edit:")
            if on_skip is not None:
                st.form_submit_button("Skip", on_click=on_skip, help="On to the next question; nothing is recorded.")
    with st.expander("Model answer, to compare"):
        st.markdown(q.model_answer)


def _record_ticks(q: Any, text: str, judgement: dict[str, Any] | None, key: str,
                  on_record: Callable[[dict[str, Any]], None]) -> None:
    ticked = [p for i, p in enumerate(q.key_points) if st.session_state.get(f"kp:{key}:{i}")]
    on_record(free_text_response(text, judgement, ticked))


def kept_judgement(q: Any, text: str, cache: dict) -> dict[str, Any] | None:
    """The judge's verdict on ``text`` for ``q`` (:func:`judge_answer`), kept in ``cache`` (a dict in
    session state) per question: a page that reruns (the live view every few seconds, the scorecard
    on every saved score) judges each new version of an answer once."""
    seen = cache.get(q.id)
    if seen is None or seen[0] != text:
        seen = cache[q.id] = (text, judge_answer(q, text))
    return seen[1]


def suggested_coverage(q: Any, text: str, cache: dict, trusted: bool = True) -> None:
    """The interviewer's view: the judge's suggested coverage of one answer, marked as a suggestion.

    ``cache``: where the verdicts are kept (:func:`kept_judgement`). ``trusted``: the
    question is a shipped bank's, its key points drawn as written; an uploaded bank's are the
    uploader's words, drawn as plain text (as its key-point list under them is).
    """
    st.markdown("**Suggested coverage** (machine suggestion, not a score)")
    if not isinstance(text, str) or not text.strip():
        st.caption("No answer yet.")
        return
    judgement = kept_judgement(q, text, cache)
    if not judgement:
        return
    if judgement["status"] != "judged":
        st.caption(judgement["message"])
        return
    for p in judgement["key_points"]:
        mark = "contradicted" if p["contradicted"] else "covered" if p["covered"] else "not found"
        point = p["text"] if trusted else inert(p["text"], None)
        # a covered point near a coin toss says so, with no figure ("covered · 54%" on a listed mistake)
        st.caption(f"possibly covered · {point}" if unsure(p) else f"{mark} · {p['confidence']:.0%} · {point}")
        if p["evidence"]:
            show_text(p["evidence"])
