"""The interviewer's page of a mock interview: live answers with the rubric, scoring, the scorecard."""

from __future__ import annotations

from typing import Any

import streamlit as st

from engine.content.answers import is_answered, readable_answer
from engine.scorecard import BANDS, CRITERIA, auto_grade, describe_auto, describe_machine, describe_seconds, unit_of
from engine.limits import CEILINGS
from ui.interview_forms import concrete_questions, interviewer_extras, questions_of
from ui.text import inert, show_bank_text, show_text


def suggestion_for(qs: dict):
    """The judge's verdict on a free-text answer, for the scorecard (the live view's, if it has one)."""
    def suggest(question_id: str, answer: str):
        q = qs.get(question_id)
        if q is None or q.type != "free_text":
            return None
        seen = st.session_state.get("iv.suggestions", {}).get(question_id)
        if seen is not None and seen[0] == answer:
            return seen[1]
        from ui.free_text_review import judge_answer

        return judge_answer(q, answer)

    return suggest


def interviewer_view(iv: Any, token: str, interviews: Any, library: Any) -> None:
    raw, uploaded = questions_of(iv, library)
    qs = concrete_questions(raw, iv.id)  # as drawn for this interview: texts filled, answers computed
    st.title(f"{inert(iv.title)} · interviewer", anchor=False)
    st.caption(f"Candidate: {inert(iv.candidate_name or 'not given yet', 120)}")
    missing = [e["id"] for e in iv.questions if e["id"] not in qs]
    if missing:
        st.warning(f"{len(missing)} question(s) of this interview no longer load from the banks and are left out "
                   "of both views: " + ", ".join(inert(m, 80) for m in missing) + ".")
    tab_live, tab_card = st.tabs(["Live", "Scorecard"], key="iv.tabs", on_change="rerun")
    with tab_live:
        live_answers(iv, interviews, raw, qs, uploaded)
        score_form(iv, token, interviews, qs)
    with tab_card:
        scorecard_tab(token, interviews, qs)


def live_answers(iv: Any, interviews: Any, raw: dict, qs: dict, uploaded: set[str]) -> None:
    @st.fragment(run_every=3)
    def live() -> None:
        answers = interviews.answers(iv.id)
        done = sum(is_answered(answers.get(e["id"], {}).get("answer")) for e in iv.questions)
        st.caption(f"Candidate has answered {done} of {len(iv.questions)} · refreshes on its own")
        for n, entry in enumerate(iv.questions, start=1):
            q = qs.get(entry["id"])
            if q is None:
                continue
            trusted = q.id not in uploaded
            given = (answers.get(q.id) or {}).get("answer")
            status = "answered" if is_answered(given) else "waiting"
            prompt = q.prompt if len(q.prompt) <= 90 else q.prompt[:90] + "…"
            with st.expander(f"{n}. {prompt if trusted else inert(prompt, None)} · {status}"):
                said, machine = st.columns(2) if q.type == "free_text" else (st.container(), None)
                with said:
                    st.markdown("**Candidate's answer:**")
                    show_text(readable_answer(q.type, given, unit_of(q)))  # their words: plain text
                    auto = auto_grade(q, given)
                    if auto:
                        verdict = describe_auto(auto)  # a partly right feedback already states its credit
                        st.caption("Auto-graded: " + (auto["feedback"] if auto["feedback"].startswith(verdict)
                                                      else f"{verdict}. {auto['feedback']}"))
                if machine is not None:
                    from ui.free_text_review import suggested_coverage

                    with machine:
                        suggested_coverage(q, given if isinstance(given, str) else "",
                                           st.session_state.setdefault("iv.suggestions", {}))
                interviewer_extras(raw[q.id], iv.id, trusted)
                st.markdown("**Model answer.**")
                show_bank_text(q.model_answer, trusted)
                for title, points in (("Key points", q.key_points), ("Follow-ups", q.follow_ups),
                                      ("Common mistakes", q.common_mistakes)):
                    st.markdown(f"**{title}:**")
                    show_bank_text("\n".join(f"- {p}" for p in points), trusted)

    live()


def score_form(iv: Any, token: str, interviews: Any, qs: dict) -> None:
    st.markdown("### Score a question")
    ids = [e["id"] for e in iv.questions if e["id"] in qs]
    if not ids:
        st.info("No question of this interview can be shown, so none can be scored.")
        return
    qid = st.selectbox("Question", ids, format_func=lambda i: qs[i].prompt[:80], key="iv.score.q")
    current = interviews.scores(iv.id).get(qid, {})
    with st.form(f"score-{qid}"):
        cols = st.columns(len(CRITERIA))
        picked = {}
        for col, c in zip(cols, CRITERIA):
            prev = current.get("scores", {}).get(c)
            picked[c] = col.radio(c.capitalize(), list(range(1, 5)), format_func=lambda v: BANDS[v - 1],
                                  index=(prev - 1) if prev else None, key=f"iv.s.{qid}.{c}")
        notes = st.text_area("Notes", current.get("notes", ""), key=f"iv.n.{qid}",
                             max_chars=int(CEILINGS["answer"].limit))
        if st.form_submit_button("Save the score", type="primary"):
            chosen = {c: v for c, v in picked.items() if v is not None}
            try:
                interviews.score(token, qid, chosen, notes)
                st.success("Saved.")
            except ValueError as exc:
                st.error(str(exc))
    q = qs[qid]
    if q.simulation is not None:
        from ui.sim_view import show_simulation

        show_simulation(q, interviews.answers(iv.id).get(qid, {}).get("answer"))


def scorecard_tab(token: str, interviews: Any, qs: dict) -> None:
    card = interviews.scorecard(token, suggest=suggestion_for(qs), questions=qs)
    band, reason = card.overall
    st.metric("Overall", band or "not scored yet")
    st.caption(reason)
    if card.warning:
        st.warning(card.warning)
    st.markdown(f"**Candidate:** {inert(card.candidate, 120)}")
    st.dataframe([{"#": r.position, "Question": r.question or r.question_id, "Answer as given": r.answer,
                   "Auto-graded": describe_auto(r.auto),
                   **{c: BANDS[r.scores[c] - 1] if c in r.scores else "–" for c in CRITERIA},
                   "Time": describe_seconds(r.seconds), "Notes": r.notes,
                   "Machine coverage": describe_machine(r.machine)}
                  for r in card.rows], hide_index=True, width="stretch",
                 column_config={"Question": st.column_config.TextColumn(width="large"),
                                "Answer as given": st.column_config.TextColumn(width="medium")})
    if any(r.machine for r in card.rows):
        st.caption("Machine coverage: an offline model's suggestion of which key points each free-text answer "
                   "states. It is shown beside your scores and never changes them.")
    c1, c2, c3 = st.columns(3)
    c1.download_button("Markdown", card.to_markdown(), "scorecard.md", "text/markdown", key="iv.md")
    c2.download_button("CSV", card.to_csv(), "scorecard.csv", "text/csv", key="iv.csv")
    c3.download_button("JSON", card.to_json(), "scorecard.json", "application/json", key="iv.json")
