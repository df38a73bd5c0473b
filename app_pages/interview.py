"""Mock interviews: set one up, then the candidate and the interviewer each open their own link.

The token in ``?t=`` decides the view. A candidate token shows only the questions (never
answers, explanations or rubric); an interviewer token shows the rubric, the candidate's live
answers, scoring and the scorecard. Anything else gets a plain refusal.
"""

from __future__ import annotations

import secrets
import time

import streamlit as st

from engine.content.loader import load_bytes
from engine.interviews import (
    BANDS,
    CRITERIA,
    ROLE_TEMPLATES,
    AccessDenied,
    candidate_question,
    describe_machine,
    digest,
    pick_questions,
)
from ui.resources import get_interviews, get_library

ss = st.session_state
library = get_library()


interviews = get_interviews()
token = st.query_params.get("t")


def questions_of(iv) -> dict:
    """Question objects of an interview: the shared banks plus its own uploaded bank."""
    found = {q.id: q for q in library.questions}
    if iv.uploaded_bank:
        bank, _ = load_bytes(iv.uploaded_bank.encode(), "uploaded.yaml")
        if bank:
            found.update({q.id: q for q in bank.bank.questions})
    return found


# ----------------------------------------------------------------------------- candidate
def candidate_view(iv) -> None:
    qs = questions_of(iv)
    items = [candidate_question(qs[q["id"]], q["seconds"]) for q in iv.questions if q["id"] in qs]
    saved = interviews.candidate_answers(token)
    st.title(iv.title)
    st.caption(f"{len(items)} questions. Your answers are saved as you go; you can reload this page safely.")
    i = st.session_state.setdefault("iv.cand.i", 0)
    i = min(i, len(items) - 1)
    item = items[i]
    opened = ss.setdefault(f"iv.opened.{item['id']}", time.time())

    @st.fragment(run_every=1)
    def countdown() -> None:
        left = int(item["seconds"] - (time.time() - opened))
        st.progress(max(left, 0) / item["seconds"],
                    text=f"Question {i + 1} of {len(items)} · " + (f"{left // 60}:{left % 60:02d} left" if left > 0
                                                                     else "time is up: finish your thought"))

    countdown()
    with st.container(border=True):
        st.markdown(item["prompt"])
    key = f"iv.ans.{item['id']}"
    if key not in ss and item["id"] in saved:
        ss[key] = saved[item["id"]]

    def autosave() -> None:
        interviews.save_answer(token, item["id"], ss.get(key), round(time.time() - opened, 1))

    if item["type"] == "single_choice":
        st.radio("Your answer", item["choices"], index=None, key=key, on_change=autosave)
    elif item["type"] == "multi_choice":
        st.multiselect("Your answer (all that apply)", item["choices"], key=key, on_change=autosave)
    elif item["type"] == "ordering":
        st.multiselect("Pick the steps in order", item["items"], key=key, on_change=autosave)
    else:
        from ui.live_text import live_text

        st.markdown("Your answer" + (f" ({item['unit']})" if item.get("unit") else ""))

        def save_typed() -> None:
            state = ss.get(f"{key}.live")
            text = state.get("text") if isinstance(state, dict) else getattr(state, "text", None)
            ss[key] = text
            autosave()

        live_text(f"{key}.live", saved.get(item["id"]) or "", save_typed)
    c1, c2, c3 = st.columns([1, 1, 3])
    if c1.button("← Previous", disabled=i == 0, key="iv.prev"):
        autosave()
        ss["iv.cand.i"] = i - 1
        st.rerun()
    if c2.button("Next →", disabled=i == len(items) - 1, type="primary", key="iv.next"):
        autosave()
        ss["iv.cand.i"] = i + 1
        st.rerun()
    if i == len(items) - 1 and c3.button("I am done", key="iv.done"):
        autosave()
        st.success("Thank you: your answers are saved. Your interviewer will take it from here.")


# ----------------------------------------------------------------------------- interviewer
def suggestion_for(qs: dict):
    """The judge's verdict on a free-text answer, for the scorecard (the live view's, if it has one)."""
    def suggest(question_id: str, answer: str):
        q = qs.get(question_id)
        if q is None or q.type != "free_text":
            return None
        seen = ss.get("iv.suggestions", {}).get(question_id)
        if seen is not None and seen[0] == answer:
            return seen[1]
        from ui.free_text_review import judge_answer

        return judge_answer(q, answer)

    return suggest


def interviewer_view(iv) -> None:
    qs = questions_of(iv)
    st.title(f"{iv.title} · interviewer")
    tab_live, tab_card = st.tabs(["Live", "Scorecard"], key="iv.tabs", on_change="rerun")
    with tab_live:
        @st.fragment(run_every=3)
        def live() -> None:
            answers = interviews.answers(iv.id)
            st.caption(f"Candidate has answered {len(answers)} of {len(iv.questions)} · refreshes on its own")
            for n, entry in enumerate(iv.questions, start=1):
                q = qs.get(entry["id"])
                if q is None:
                    continue
                a = answers.get(q.id)
                status = "answered" if a and a["answer"] not in (None, "", []) else "waiting"
                with st.expander(f"{n}. {q.prompt[:90]}{'…' if len(q.prompt) > 90 else ''} · {status}"):
                    if q.type == "free_text":
                        from ui.free_text_review import suggested_coverage

                        said, machine = st.columns(2)
                        with said:
                            st.markdown("**Candidate's answer:**")
                            st.text(a["answer"] if a and a["answer"] else "–")  # their words, as plain text
                        with machine:
                            suggested_coverage(q, a["answer"] if a else "", ss.setdefault("iv.suggestions", {}))
                    else:
                        st.markdown(f"**Candidate's answer:** {a['answer'] if a else '–'}")
                    st.markdown(f"**Model answer.** {q.model_answer}")
                    st.markdown("**Key points:** " + "; ".join(q.key_points))
                    st.markdown("**Follow-ups:** " + "; ".join(q.follow_ups))
                    st.markdown("**Common mistakes:** " + "; ".join(q.common_mistakes))

        live()
        st.markdown("### Score a question")
        ids = [e["id"] for e in iv.questions if e["id"] in qs]
        qid = st.selectbox("Question", ids, format_func=lambda i: qs[i].prompt[:80], key="iv.score.q")
        current = interviews.scores(iv.id).get(qid, {})
        with st.form(f"score-{qid}"):
            cols = st.columns(len(CRITERIA))
            picked = {}
            for col, c in zip(cols, CRITERIA):
                prev = current.get("scores", {}).get(c)
                picked[c] = col.radio(c.capitalize(), list(range(1, 5)), format_func=lambda v: BANDS[v - 1],
                                      index=(prev - 1) if prev else None, key=f"iv.s.{qid}.{c}")
            notes = st.text_area("Notes", current.get("notes", ""), key=f"iv.n.{qid}")
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
    with tab_card:
        card = interviews.scorecard(token, suggest=suggestion_for(qs))
        band, reason = card.overall
        st.metric("Overall", band or "not scored yet")
        st.caption(reason)
        st.dataframe([{"Question": r.question_id, **{c: BANDS[r.scores[c] - 1] if c in r.scores else "–"
                                                    for c in CRITERIA},
                       "Seconds": r.seconds, "Notes": r.notes, "Machine coverage": describe_machine(r.machine)}
                      for r in card.rows], hide_index=True, width="stretch")
        if any(r.machine for r in card.rows):
            st.caption("Machine coverage: an offline model's suggestion of which key points each free-text answer "
                       "states. It is shown beside your scores and never changes them.")
        c1, c2, c3 = st.columns(3)
        c1.download_button("Markdown", card.to_markdown(), "scorecard.md", "text/markdown", key="iv.md")
        c2.download_button("CSV", card.to_csv(), "scorecard.csv", "text/csv", key="iv.csv")
        c3.download_button("JSON", card.to_json(), "scorecard.json", "application/json", key="iv.json")


# ----------------------------------------------------------------------------- set-up
def setup_view() -> None:
    st.title("Mock interview")
    st.caption("Set up an interview, then send the candidate their link and keep the interviewer link yourself. "
               "Each link carries its own secret token; keep the interviewer link private.")
    role = st.selectbox("Role template", list(ROLE_TEMPLATES), format_func=lambda r: ROLE_TEMPLATES[r]["title"],
                        key="iv.setup.role")
    upload = st.file_uploader("Add your own bank (YAML, at most 1 MB)", type=["yaml", "yml"], key="iv.setup.upload",
                              max_upload_size=1)
    uploaded_text, pool = None, list(library.questions)
    if upload is not None:
        raw = upload.getvalue()
        bank, errors = load_bytes(raw, upload.name)
        if errors:
            st.error("This bank has problems and was not added:\n\n" + "\n".join(f"- `{e}`" for e in errors[:20]))
        else:
            uploaded_text = raw.decode("utf-8")
            pool = pool + list(bank.bank.questions)
            st.success(f"Added {len(bank.bank.questions)} questions from {upload.name} (for this interview only).")
    by_id = {q.id: q for q in pool}
    default = pick_questions(pool, role)
    chosen = st.multiselect("Questions (in order)", list(by_id), default=default, key=f"iv.setup.qs.{role}",
                            format_func=lambda i: f"{by_id[i].difficulty} · {by_id[i].prompt[:70]}")
    c1, c2 = st.columns(2)
    minutes = c1.number_input("Minutes per question", 1, 60, 5, key="iv.setup.min")
    title = c2.text_input("Title", f"{ROLE_TEMPLATES[role]['title']} mock interview", key="iv.setup.title")
    key_text = st.text_input(
        "Your interviewer key (leave empty the first time; one is made for you)", key="iv.setup.owner",
        type="password", help="An unguessable key that lists the interviews you created. Keep it private.")
    if st.button("Create the interview", type="primary", key="iv.setup.create"):
        owner_key = key_text.strip() or secrets.token_urlsafe(16)
        try:
            made = interviews.create(title, role, chosen, int(minutes) * 60, digest(owner_key), uploaded_text)
        except ValueError as exc:
            st.error(f"Cannot create it: {exc}")
        else:
            ss["iv.created"] = made
            ss["iv.owner_key"] = owner_key
            if not key_text.strip():
                ss["iv.new_key"] = owner_key
    made = ss.get("iv.created")
    if made:
        st.success("Created. Keep these links: the tokens are not stored in readable form and cannot be recovered.")
        st.markdown("**Interviewer link** (private):")
        st.code(f"/interview?t={made.interviewer_token}", language=None)
        st.markdown("**Candidate link:**")
        st.code(f"/interview?t={made.candidate_token}", language=None)
    if ss.get("iv.new_key"):
        st.markdown("**Your interviewer key** (enter it next time to list your interviews):")
        st.code(ss["iv.new_key"], language=None)
    owner_key = key_text.strip() or ss.get("iv.owner_key")
    if owner_key:
        past = interviews.owned_by(digest(owner_key))
        if past:
            st.markdown("### Your interviews")
            st.dataframe([{"Created (UTC)": p.created_at, "Title": p.title, "Role": p.role,
                           "Questions": len(p.questions)} for p in past], hide_index=True, width="stretch")


if token:
    try:
        iv = interviews.as_candidate(token)
        view = candidate_view
    except AccessDenied:
        try:
            iv = interviews.as_interviewer(token)
            view = interviewer_view
        except AccessDenied:
            st.title("Mock interview")
            st.error("This link is not valid.")
            st.stop()
    view(iv)
else:
    setup_view()
