"""Mock interviews: set one up, then the candidate and the interviewer each open their own link.

The token in ``?t=`` decides the view. A candidate token shows only the questions (never
answers, explanations or rubric); an interviewer token shows the rubric, the candidate's live
answers, scoring and the scorecard. Anything else gets a plain refusal. The two views live in
``ui/interview_candidate.py`` and ``ui/interview_interviewer.py``.
"""

from __future__ import annotations

import secrets
import textwrap

import streamlit as st

from engine.content.loader import load_bytes
from engine.forms.instance import preview_prompt
from engine.interviews import (NAME_MAX, ROLE_TEMPLATES, AccessDenied, LinkClosed, digest, interview_status,
                               pick_questions)
from engine.text import spreadsheet_inert
from ui.identity import auth_configured, require_sign_in
from ui.identity import current as identity
from ui.interview_forms import full_link
from ui.resources import get_interviews, get_library
from ui.storage_errors import STORAGE_ERRORS, storage_reason
from ui.text import inert

ss = st.session_state
library = get_library()
interviews = get_interviews()
token = st.query_params.get("t")


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
    public = {q.id for q in library.questions}
    # a chip: "private" only where it applies (most questions are public), the difficulty, and the
    # prompt shortened at a word; the chips wrap onto as many rows as they need
    chosen = st.multiselect(
        "Questions (in order)", list(by_id), default=pick_questions(pool, role), key=f"iv.setup.qs.{role}",
        format_func=lambda i: ("" if i in public else "private · ") + f"{by_id[i].difficulty} · "
                              + textwrap.shorten(preview_prompt(by_id[i]), 58, placeholder=" …",
                                                   break_on_hyphens=False),
        wrap=True,
        help="Public questions are in the practice banks: a candidate could have studied them. Private ones "
             "(an uploaded bank, or a bank marked private) are served only in interviews.")
    studied = [i for i in chosen if i in public]
    private = len(chosen) - len(studied)
    if chosen:
        st.caption(f"Questions marked **private** are served only in interviews; unmarked ones are public, in the "
                   f"practice banks, so a candidate could have studied them. Chosen: {len(studied)} public, "
                   f"{private} private.")
    c1, c2, c3 = st.columns(3)
    minutes = c1.number_input("Minutes per question", 1, 60, 5, key="iv.setup.min")
    # keyed by role: a new role template brings its own default title, even after the field was drawn
    title = c2.text_input("Title", f"{ROLE_TEMPLATES[role]['title']} mock interview", key=f"iv.setup.title.{role}")
    name = c3.text_input("Candidate's name (optional)", key="iv.setup.name", max_chars=NAME_MAX,
                         help="Or leave it empty: the candidate is asked for it on their first screen.")
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
            made = interviews.create(title, role, chosen, int(minutes) * 60, owner, uploaded_text, name)
        except ValueError as exc:
            st.error(f"Cannot create it: {exc}")
        except STORAGE_ERRORS as exc:
            st.error(f"Cannot create it: the database refused to store it ({storage_reason(exc)}). Nothing was "
                     "created; try again, or tell whoever runs this server.")
        else:
            ss["iv.created"] = made
            if not who.signed_in:
                ss["iv.owner_key"] = owner_key
                if not key_text.strip():
                    ss["iv.new_key"] = owner_key
    made = ss.get("iv.created")
    if made:
        st.success("Created. Keep these links: the tokens are not stored in readable form and cannot be recovered. "
                   "Each box has a copy button at its right.")
        st.markdown("**Interviewer link** (private):")
        st.code(full_link(made.interviewer_token), language=None)
        st.markdown("**Candidate link:**")
        st.code(full_link(made.candidate_token), language=None)
    if ss.get("iv.new_key"):
        st.markdown("**Your interviewer key** (enter it next time to list your interviews):")
        st.code(ss["iv.new_key"], language=None)
    owner_key = key_text.strip() or ss.get("iv.owner_key")
    owner = who.learner if who.signed_in else (digest(owner_key) if owner_key else None)
    past = interviews.owned_by(owner) if owner else []
    if past:
        your_interviews(past)


def your_interviews(past: list) -> None:
    """The interviewer's interviews, newest first, each told apart by its candidate, its time and
    where it stands. A table's cells are plain text: titles and names are shown as typed."""
    answered = interviews.answered_counts([p.id for p in past])
    st.markdown("### Your interviews")
    st.caption("The links are shown only once, when an interview is made: only digests of their tokens are "
               "stored, so they cannot be shown again here. Keep them where you keep the interview.")
    # the table's download button writes CSV: a name a candidate typed must not run in a spreadsheet
    st.dataframe([{"Title": spreadsheet_inert(p.title), "Role": ROLE_TEMPLATES.get(p.role, {}).get("title", p.role),
                   "Created": p.created_at, "Candidate": spreadsheet_inert(p.candidate_name or ""),
                   "Status": interview_status(p, answered.get(p.id, 0)), "Questions": len(p.questions)}
                  for p in past],
                 hide_index=True, width="stretch",
                 # a real date (sorts as one), drawn as "1 Dec 2026 14:05 UTC" like describe_utc
                 column_config={"Created": st.column_config.DatetimeColumn(format="D MMM YYYY HH:mm [UTC]",
                                                                          timezone="UTC")})


def refuse(message: str, info: bool = False) -> None:
    st.title("Mock interview")
    (st.info if info else st.error)(message)
    st.stop()


if not token:
    setup_view()
else:
    try:
        iv = interviews.as_candidate(token)
    except LinkClosed as closed:
        refuse(str(closed), info=True)
    except AccessDenied:
        try:
            iv = interviews.as_interviewer(token)
        except AccessDenied:
            refuse("This link is not valid.")
        # signed-in mode: an interviewer's link is not enough, the user must be an interviewer
        if auth_configured() and not require_sign_in().interviewer:
            refuse("Only interviewers can open this page. Sign in with the account your team listed as "
                   "an interviewer.")
        from ui.interview_interviewer import interviewer_view

        try:
            interviewer_view(iv, token, interviews, library)
        except STORAGE_ERRORS as exc:
            st.error(f"The database could not be read or written ({storage_reason(exc)}): this page cannot go on. "
                     "Scores and notes saved before are kept; try again in a moment.")
    else:
        from ui.interview_candidate import candidate_view

        try:
            candidate_view(iv, token, interviews, library)
        except STORAGE_ERRORS as exc:
            st.error(f"Your interview cannot go on right now: the server could not keep its records "
                     f"({storage_reason(exc)}). Answers saved before are kept. Please tell your interviewer.")
