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
from engine.forms.instance import preview_prompt
from engine.interviews import (
    BANDS,
    CRITERIA,
    GRACE_SECONDS,
    ROLE_TEMPLATES,
    AccessDenied,
    LinkClosed,
    TimeUp,
    describe_machine,
    digest,
    pick_questions,
)
from engine.limits import CEILINGS
from ui.interview_forms import (
    candidate_extras,
    candidate_item,
    candidate_steps,
    concrete_questions,
    interviewer_extras,
)
from ui.identity import auth_configured, require_sign_in
from ui.identity import current as identity
from ui.resources import get_interviews, get_library
from ui.text import inert, show_bank_text, show_text

ss = st.session_state
library = get_library()


interviews = get_interviews()
token = st.query_params.get("t")


def questions_of(iv) -> tuple[dict, set[str]]:
    """Question objects of an interview (the shared banks plus its own uploaded bank), and the
    ids that came from the upload: their text is the uploader's, shown as plain text."""
    found = {q.id: q for q in library.interview_questions}
    uploaded: set[str] = set()
    if iv.uploaded_bank:
        bank, _ = load_bytes(iv.uploaded_bank.encode(), "uploaded.yaml")
        if bank:
            found.update({q.id: q for q in bank.bank.questions})
            uploaded = {q.id for q in bank.bank.questions}
    return found, uploaded


def missing_of(iv, qs: dict) -> list[str]:
    return [e["id"] for e in iv.questions if e["id"] not in qs]


# ----------------------------------------------------------------------------- candidate
def candidate_view(iv) -> None:
    """The candidate's page. Nothing on it names a question: widget keys, CSS classes and the URL
    carry positions only, and the server (not the browser) keeps each question's time."""
    qs, uploaded = questions_of(iv)
    entries = [(pos, e) for pos, e in enumerate(iv.questions) if e["id"] in qs]
    saved = interviews.candidate_answers(token)
    st.title(inert(iv.title), anchor=False)
    gone = len(iv.questions) - len(entries)
    if gone:  # the banks changed since the interview was set up; never name the questions here
        st.warning(f"{gone} of the {len(iv.questions)} questions of this interview are no longer available and "
                   "are left out; your interviewer can see which.")
    if not entries:
        st.error("No question of this interview can be shown. Please tell your interviewer.")
        st.stop()
    st.caption(f"{len(entries)} questions. Your answers are saved as you go; you can reload this page safely: "
               "the clock is kept on the server.")
    i = max(0, min(ss.setdefault("iv.cand.i", 0), len(entries) - 1))
    pos, entry = entries[i]
    q = qs[entry["id"]]
    # drawn with the interview's seed: the interviewer sees the same variant
    item = candidate_item(q, entry["seconds"], iv.id)
    trusted = q.id not in uploaded
    opened = interviews.open_question(token, pos)
    locked = opened.seconds_left() < -GRACE_SECONDS

    @st.fragment(run_every=1)
    def countdown() -> None:
        left = int(opened.seconds_left())
        st.progress(max(left, 0) / item["seconds"],
                    text=f"Question {i + 1} of {len(entries)} · " + (f"{left // 60}:{left % 60:02d} left" if left > 0
                                                                     else "time is up for this question"))

    countdown()
    with st.container(border=True):
        show_bank_text(item["prompt"], trusted)
        candidate_extras(item, str(i))
    key = f"iv.ans.{i}"  # a position, never the question's id: keys reach the browser as CSS classes
    if key not in ss and q.id in saved:
        ss[key] = saved[q.id]

    def autosave() -> None:
        try:
            interviews.save_answer(token, q.id, ss.get(key))
        except TimeUp as exc:
            st.toast(f"Not saved: {exc}.")
        except ValueError as exc:
            st.toast(f"Not saved: {exc}")

    if locked:
        st.info("Time is up for this question: the answer saved in time is kept below. Move on when you are ready.")
    label = (lambda c: c) if trusted else (lambda c: inert(c, None))
    if item.get("steps"):
        candidate_steps(item, key, saved.get(q.id), autosave)
    elif item["type"] == "single_choice":
        st.radio("Your answer", item["choices"], index=None, key=key, on_change=autosave, format_func=label,
                 disabled=locked)
    elif item["type"] == "multi_choice":
        st.multiselect("Your answer (all that apply)", item["choices"], key=key, on_change=autosave,
                       disabled=locked)
    elif item["type"] == "ordering":
        st.multiselect("Pick the steps in order", item["items"], key=key, on_change=autosave, disabled=locked)
    else:
        from ui.live_text import live_text

        limit = int(CEILINGS["answer"].limit)
        st.markdown("Your answer" + (f" ({inert(item['unit'])})" if item.get("unit") else "")
                    + f" · at most {limit:,} characters")

        def save_typed() -> None:
            state = ss.get(f"{key}.live")
            text = state.get("text") if isinstance(state, dict) else getattr(state, "text", None)
            ss[key] = text
            autosave()

        live_text(f"{key}.live", saved.get(q.id) or "", save_typed, limit=limit, locked=locked)
    c1, c2, c3 = st.columns([1, 1, 3])
    if c1.button("← Previous", disabled=i == 0, key="iv.prev"):
        if not locked:
            autosave()
        ss["iv.cand.i"] = i - 1
        st.rerun()
    if c2.button("Next →", disabled=i == len(entries) - 1, type="primary", key="iv.next"):
        if not locked:
            autosave()
        ss["iv.cand.i"] = i + 1
        st.rerun()
    if i == len(entries) - 1 and c3.button("I am done", key="iv.done",
                                           help="Hands your answers in: they cannot be changed afterwards."):
        if not locked:
            autosave()
        interviews.finish(token)
        st.rerun()


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
    raw, uploaded = questions_of(iv)
    qs = concrete_questions(raw, iv.id)  # as drawn for this interview: texts filled, answers computed
    st.title(f"{inert(iv.title)} · interviewer", anchor=False)
    missing = missing_of(iv, qs)
    if missing:
        st.warning(f"{len(missing)} question(s) of this interview no longer load from the banks and are left out "
                   "of both views: " + ", ".join(inert(m, 80) for m in missing) + ".")
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
                trusted = q.id not in uploaded
                a = answers.get(q.id)
                status = "answered" if a and a["answer"] not in (None, "", []) else "waiting"
                prompt = q.prompt if len(q.prompt) <= 90 else q.prompt[:90] + "…"
                with st.expander(f"{n}. {prompt if trusted else inert(prompt, None)} · {status}"):
                    said, machine = st.columns(2) if q.type == "free_text" else (st.container(), None)
                    with said:
                        st.markdown("**Candidate's answer:**")
                        show_text(a["answer"] if a and a["answer"] is not None else "–")
                    if machine is not None:
                        from ui.free_text_review import suggested_coverage

                        with machine:
                            suggested_coverage(q, a["answer"] if a else "", ss.setdefault("iv.suggestions", {}))
                    interviewer_extras(raw[q.id], iv.id)
                    st.markdown("**Model answer.**")
                    show_bank_text(q.model_answer, trusted)
                    for title, points in (("Key points", q.key_points), ("Follow-ups", q.follow_ups),
                                          ("Common mistakes", q.common_mistakes)):
                        st.markdown(f"**{title}:**")
                        show_bank_text("\n".join(f"- {p}" for p in points), trusted)

        live()
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
    who = identity()
    if not who.interviewer:
        st.info("Only interviewers can set up mock interviews. If you are a candidate, open the link your "
                "interviewer sent you. Interviewers are the accounts this deployment lists.")
        return
    st.caption("Set up an interview, then send the candidate their link and keep the interviewer link yourself. "
               "Each link carries its own secret token; keep the interviewer link private.")
    role = st.selectbox("Role template", list(ROLE_TEMPLATES), format_func=lambda r: ROLE_TEMPLATES[r]["title"],
                        key="iv.setup.role")
    upload = st.file_uploader("Add your own bank (YAML, at most 1 MB)", type=["yaml", "yml"], key="iv.setup.upload",
                              max_upload_size=1)
    uploaded_text, pool = None, list(library.interview_questions)
    if upload is not None:
        raw = upload.getvalue()
        bank, errors = load_bytes(raw, upload.name)
        if errors:
            st.error("This bank has problems and was not added:")
            st.code("\n".join(str(e) for e in errors[:20]), language=None, wrap_lines=True)
        else:
            uploaded_text = raw.decode("utf-8")
            pool = pool + list(bank.bank.questions)
            st.success(f"Added {len(bank.bank.questions)} questions from {inert(upload.name, 80)} "
                       "(for this interview only).")
    by_id = {q.id: q for q in pool}
    default = pick_questions(pool, role)
    public = {q.id for q in library.questions}
    chosen = st.multiselect(
        "Questions (in order)", list(by_id), default=default, key=f"iv.setup.qs.{role}",
        format_func=lambda i: f"{'public' if i in public else 'private'} · {by_id[i].difficulty} · "
                              f"{preview_prompt(by_id[i])[:70]}",
        help="Public questions are in the practice banks: a candidate could have studied them. Private ones "
             "(an uploaded bank, or a bank marked private) are served only in interviews.")
    studied = [i for i in chosen if i in public]
    if chosen:
        st.caption(f"{len(studied)} of the {len(chosen)} chosen questions are public (a candidate could have "
                   f"practised them); {len(chosen) - len(studied)} are private.")
    c1, c2 = st.columns(2)
    minutes = c1.number_input("Minutes per question", 1, 60, 5, key="iv.setup.min")
    title = c2.text_input("Title", f"{ROLE_TEMPLATES[role]['title']} mock interview", key="iv.setup.title")
    if who.signed_in:  # the account is the owner: its interviews are listed below, no key to keep
        key_text = ""
    else:
        key_text = st.text_input(
            "Your interviewer key (leave empty the first time; one is made for you)", key="iv.setup.owner",
            type="password", help="An unguessable key that lists the interviews you created. Keep it private.")
    if st.button("Create the interview", type="primary", key="iv.setup.create"):
        owner_key = key_text.strip() or secrets.token_urlsafe(16)
        owner = who.learner if who.signed_in else digest(owner_key)
        try:
            made = interviews.create(title, role, chosen, int(minutes) * 60, owner, uploaded_text)
        except ValueError as exc:
            st.error(f"Cannot create it: {exc}")
        else:
            ss["iv.created"] = made
            if not who.signed_in:
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
    owner = who.learner if who.signed_in else (digest(owner_key) if owner_key else None)
    if owner:
        past = interviews.owned_by(owner)
        if past:
            st.markdown("### Your interviews")
            st.dataframe([{"Created (UTC)": p.created_at, "Title": p.title, "Role": p.role,
                           "Questions": len(p.questions)} for p in past], hide_index=True, width="stretch")


if token:
    try:
        iv = interviews.as_candidate(token)
        view = candidate_view
    except LinkClosed as closed:
        st.title("Mock interview")
        st.info(str(closed))
        st.stop()
    except AccessDenied:
        try:
            iv = interviews.as_interviewer(token)
            view = interviewer_view
            # signed-in mode: an interviewer's link is not enough, the user must be an interviewer
            if auth_configured() and not require_sign_in().interviewer:
                st.title("Mock interview")
                st.error("Only interviewers can open this page. Sign in with the account your team listed as "
                         "an interviewer.")
                st.stop()
        except AccessDenied:
            st.title("Mock interview")
            st.error("This link is not valid.")
            st.stop()
    view(iv)
else:
    setup_view()
