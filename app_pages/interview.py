"""Mock interviews: set one up, then the candidate and the interviewer each open their own link.

The token in ``?t=`` decides the view. A candidate token shows only the questions (never
answers, explanations or rubric); an interviewer token shows the rubric, the candidate's live
answers, scoring and the scorecard. Anything else gets a plain refusal. The two views live in
``ui/interview_candidate.py`` and ``ui/interview_interviewer.py``.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from typing import Any

import streamlit as st

from engine.chosen_questions import chip_label, chosen_rows, public_positions
from engine.content.bank_lists import bank_question_ids, interview_bank_titles
from engine.content.loader import load_bytes
from engine.interviews import (NAME_MAX, ROLE_TEMPLATES, AccessDenied, LinkClosed, describe_utc, digest,
                               given_back, interview_status, link_token, pick_questions, title_without,
                               with_bank, with_uploaded)
from engine.labels import count_of
from engine.limits import CEILINGS, LimitExceeded, check_interview_questions
from engine.text import spreadsheet_inert
from ui import press_once
from ui.identity import auth_configured, require_sign_in
from ui.identity import current as identity
from ui.interview_compare import compare_candidates, interview_label
from ui.interview_forms import full_link
from ui.resources import get_interviews, get_library
from ui.scroll import bring_into_view
from ui.storage_errors import RETRY_SECONDS, STORAGE_ERRORS, retry_until_reachable, storage_reason
from ui.site_links import copy_box
from ui.text import inert, reason

ss = st.session_state
#: pixels across a link's confirmation: Streamlit sizes an open popover to what it holds, and the
#: sentences at full width pushed it left over the sidebar (1280 px window, candidate's button)
CONFIRM_WIDTH = 420
library = get_library()
interviews = get_interviews()
token = link_token(st.query_params.get("t"))  # less a full stop a mail put after it


def setup_view() -> None:
    st.title("Mock interview", anchor=False)
    who = identity()
    if not who.interviewer:
        st.info("Only interviewers can set up mock interviews. If you are a candidate, open the link your "
                "interviewer sent you. Interviewers are the accounts this deployment lists.")
        return
    st.caption("Set up an interview, then send the candidate their link and keep the interviewer link yourself. "
               "Each link carries its own secret token; keep the interviewer link private.")
    like = ss.get("iv.setup.like")  # "Create another like this" from Your interviews
    if like:
        st.info(f"Filled in from \u201c{inert(like['title'], 80)}\u201d ({describe_utc(like['created'])}): its role, "
                f"{count_of(len(like['ids']), 'question')}"
                + (", its own uploaded bank" if like["bank"] else "")
                + " and minutes per question. Change anything, then create the interview for the next candidate.",
                icon=":material/content_copy:")
    # said before it happens: a change of role replaced an edited list of questions without a word (hiring walk-through)
    role = st.selectbox("Role template", list(ROLE_TEMPLATES), format_func=lambda r: ROLE_TEMPLATES[r]["title"],
                        key="iv.setup.role", help="Choosing another role replaces the questions below with its "
                        "template's; the questions of a bank you uploaded stay.")
    # a numbered key: "Create another like this" starts a fresh uploader, so a bank uploaded for an
    # earlier interview does not replace the one the copied interview brings
    upload_key = f"iv.setup.upload.{ss.get('iv.setup.uploads', 0)}"
    upload = st.file_uploader(f"Add your own bank (YAML, at most 1 MB and {CEILINGS['upload'].limit:,.0f} questions)",
                              type=["yaml", "yml"], key=upload_key, max_upload_size=1)
    uploaded_text, pool, added = None, list(library.interview_questions), []
    # the last bank this uploader loaded: a broken file dropped on it replaces the file shown, and must
    # not take the good bank's questions out of the interview
    good = ss.get("iv.setup.good_upload")
    if good is not None and (upload is None or good["key"] != upload_key):
        good = ss["iv.setup.good_upload"] = None  # the file was removed, or the uploader is a fresh one
    # what the interview keeps while no good file is on the uploader: the last one it loaded, else the
    # bank of the interview copied
    fallback = (good["name"], good["text"]) if good else None
    if fallback is None and like and like["bank"]:
        fallback = ("uploaded.yaml", like["bank"])
    if upload is not None:
        raw = upload.getvalue()
        refused = None
        try:  # an id the banks have is a duplicate
            bank, errors = load_bytes(raw, upload.name, beside=library, upload=True)
        except LimitExceeded as exc:  # more questions than an interview holds: counted before they are read
            bank, errors, refused = None, [], exc
        if refused is not None:
            st.error(inert(str(refused), None))  # one sentence; not one of its thousands of questions is listed
        elif errors:
            st.error(f"{inert(upload.name, 80)} has problems and was not added:")
            more = f"\n… and {len(errors) - 20} more" if len(errors) > 20 else ""  # fix these, upload, read the rest
            st.code("\n".join(str(e) for e in errors[:20]) + more, language=None, wrap_lines=True)
        else:
            uploaded_text, fallback = raw.decode("utf-8"), None
            ss["iv.setup.good_upload"] = {"key": upload_key, "name": upload.name, "text": uploaded_text}
            added = list(bank.bank.questions)
            pool = pool + added
            st.success(f"Added {count_of(len(added), 'question')} from {inert(upload.name, 80)} (for this interview "
                       "only) and chose them below; remove any you do not want."
                       + (" This bank replaces the one of the interview you copied." if like and like["bank"] else ""))
    if fallback is not None:
        try:  # an interview copied from one made before the ceiling can hold a bank over it
            bank, _ = load_bytes(fallback[1].encode(), fallback[0], beside=library, upload=True)
        except LimitExceeded as exc:
            bank = None
            st.error(inert(str(exc), None))
        if bank is not None:  # it loaded before; a schema change since could refuse it
            uploaded_text = fallback[1]
            pool = pool + list(bank.bank.questions)
            if upload is not None:  # a broken file replaced it on the uploader
                what = (f"The bank uploaded before, {inert(good['name'], 80)}," if good
                        else "The copied interview's bank")
                st.info(f"{what} stays in this interview with its {count_of(len(bank.bank.questions), 'question')}.",
                        icon=":material/inventory_2:")
    by_id = {q.id: q for q in pool}
    public = library.public_ids()  # the one definition, which the interviewer's page and scorecard use too
    qkey = f"iv.setup.qs.{role}"
    picked = ss.get(qkey)
    if picked is None:
        picked = pick_questions(pool, role)
    # the questions an upload's took the places of, by upload and role: said while that upload is
    # in the interview, and chosen again when it is removed (its removal left an empty list)
    gave_way = ss.setdefault("iv.setup.gave_way", {})
    mark = (digest(uploaded_text), role) if uploaded_text else None
    kept = [i for i in picked if i in by_id]  # a removed upload takes its questions with it
    for gone in [m for m in gave_way if m != mark and m[1] == role]:
        kept = given_back(kept, [i for i in gave_way.pop(gone) if i in by_id], CEILINGS["interview"].limit)
    if added:
        # an upload's questions are chosen the first time this role's list sees them (once: the
        # interviewer may then remove them, and the next run must not put them back)
        seen = ss.setdefault("iv.setup.added", set())
        if mark not in seen:
            seen.add(mark)
            kept, gave_way[mark] = with_uploaded(kept, [q.id for q in added], CEILINGS["interview"].limit)
    if gave_way.get(mark):
        n = len(gave_way[mark])
        st.info(f"An interview holds at most {CEILINGS['interview'].limit:,.0f} questions, so "
                f"{count_of(n, 'question')} chosen before {'was' if n == 1 else 'were'} taken off to make "
                "room for the upload's; to add one back, remove another. Removing the upload brings "
                f"{'it' if n == 1 else 'them'} back.", icon=":material/playlist_remove:")
    if ss.get(qkey) != kept:
        ss[qkey] = kept
    if like:
        gone = [i for i in like["ids"] if i not in by_id]
        if gone:
            st.warning(f"{count_of(len(gone), 'question')} of \u201c{inert(like['title'], 80)}\u201d no longer "
                       f"{'loads' if len(gone) == 1 else 'load'} and {'was' if len(gone) == 1 else 'were'} left out: "
                       + ", ".join(inert(i, 80) for i in gone) + ".")
    # the chips wrap onto as many rows as they need. The value lives in the session (set above), so
    # the widget takes no default.
    chosen = st.multiselect(
        "Questions (in order)", list(by_id), key=qkey, format_func=lambda i: chip_label(by_id[i], public),
        wrap=True,
        help="Public questions are in the practice banks: a candidate could have studied them. Private ones "
             "(an uploaded bank, or a bank marked private) are served only in interviews.")
    add_a_bank(qkey)
    studied = [i for i in chosen if i in public]
    private = len(chosen) - len(studied)
    if chosen:
        rows = chosen_rows(chosen, by_id, public)
        which = f" ({which})" if (which := public_positions(rows)) else ""
        st.caption(f"Questions marked **private** are served only in interviews; unmarked ones are public, in the "
                   f"practice banks, so a candidate could have studied them. Chosen: {len(studied)} public{which}, "
                   f"{private} private; {CEILINGS['interview'].describe()}.")
        # the chips are cut at the box's width and the box scrolls past five rows: the whole list to read,
        # each question said public or private
        with st.expander(f"Read the {count_of(len(chosen), 'chosen question')} in order"):
            st.markdown("\n".join(
                f"{r.position}. *{r.difficulty} · {inert(r.topics, None)}* · "
                f"**{'private' if r.private else 'public'}** — {inert(r.prompt, None)}" for r in rows))
    try:  # said here, as soon as too many are chosen, and the Create button stays off until they are fewer
        check_interview_questions(len(chosen))
        too_many = False
    except LimitExceeded as exc:
        too_many = True
        st.error(str(exc))
    c1, c2, c3 = st.columns(3)
    # the candidate cannot ask for more time on the page: the set-up is where it is given (the
    # accessibility audit, WCAG 2.2.1)
    minutes = c1.number_input("Minutes per question", 1, 60, 5, key="iv.setup.min",
                              help="Each question's limit, kept by the server. A candidate who needs extra time "
                                   "(an agreed accommodation) gets it here: the page itself offers no more.")
    # keyed by role: a new role template brings its own default title, even after the field was drawn
    title = c2.text_input("Title", f"{ROLE_TEMPLATES[role]['title']} mock interview", key=f"iv.setup.title.{role}")
    name = c3.text_input("Candidate's name (optional)", key="iv.setup.name", max_chars=NAME_MAX,
                         help="Or leave it empty: the candidate is asked for it on their first screen.")
    if who.signed_in:  # the account is the owner: its interviews are listed below, no key to keep
        key_text = ""
    else:
        key_text = st.text_input(
            # what the key is for in the label: in a new session the list of one's interviews is gone until it
            # is entered, and the label said only to leave it empty (a hiring team's walk-through)
            "Your interviewer key, to list the interviews you made with it (leave empty the first time; one is "
            "made for you)", key="iv.setup.owner",
            type="password", help="An unguessable key that lists the interviews you created. Keep it private.")
    # what a press creates: a double click's second press asks for the same, and is shown the first's
    if press := press_once.pressed(
            "Create the interview", "iv.setup.create", type="primary", disabled=too_many or not chosen,
            what=lambda: digest(repr((title, role, chosen, int(minutes), name, key_text.strip(), uploaded_text)))):
        # the session's key, once it has one: every interview made here is listed under the same key
        generated = not key_text.strip() and not ss.get("iv.owner_key")
        owner_key = key_text.strip() or ss.get("iv.owner_key") or secrets.token_urlsafe(16)

        def create() -> tuple[Any, str]:
            owner = who.learner if who.signed_in else digest(owner_key)
            return interviews.create(title, role, chosen, int(minutes) * 60, owner, uploaded_text, name), owner_key

        try:  # a double click's second press, while the first is being handled, gets its interview and key
            made, owner_key = press_once.once(press.request, create)
        except LimitExceeded as exc:  # the engine's whole sentence (no visitor text in it): nothing was stored
            st.error(str(exc))
        except (ValueError, TimeoutError) as exc:
            st.error(f"Cannot create it: {reason(exc)}")
        except STORAGE_ERRORS as exc:
            st.error(f"Cannot create it: the database refused to store it ({storage_reason(exc)}). Nothing was "
                     "created; try again, or tell whoever runs this server.")
        else:
            ss["iv.created"] = made
            ss.pop("iv.fresh", None)
            # "Your interviews" (drawn below) selects the one just made: its buttons act on the selection,
            # which stayed on the older interview after "Create another like this" (the hiring walk-through)
            ss["iv.own.pick"] = made.interview_id
            if not who.signed_in:
                if generated:
                    ss["iv.new_key"] = owner_key  # made just now: shown, as the links are
                ss["iv.owner_key"] = owner_key
            press_once.handled(press)
    made = ss.get("iv.created")
    # "Created ..." takes the keyboard's focus once per interview made: the focus stayed on the Create
    # button and the links' sentence came below it unheard (the accessibility audit)
    bring_into_view("iv.created.view", made.interview_id if made else None, focus="iv.created.said" if made else "")
    if made:
        with st.container(key="iv.created.said"):
            st.success("Created. Keep these links: the tokens are not stored in readable form and cannot be "
                       "recovered. Each box has a copy button at its right.")
        st.markdown("**Interviewer link** (private):")
        copy_box(full_link(made.interviewer_token), "interviewer-link")
        st.markdown("**Candidate link:**")
        copy_box(full_link(made.candidate_token), "candidate-link")
    if ss.get("iv.new_key"):
        st.markdown("**Your interviewer key** (enter it next time to list your interviews; every interview you "
                    "create in this session uses it):")
        copy_box(ss["iv.new_key"], "interviewer-key")
    owner_key = key_text.strip() or ss.get("iv.owner_key")
    owner = who.learner if who.signed_in else (digest(owner_key) if owner_key else None)
    past = interviews.owned_by(owner) if owner else []
    if past:
        if who.signed_in:
            whose = f"The interviews of your account ({inert(who.display, 80)})."
        elif key_text.strip():
            whose = f"The interviews of the interviewer key you entered (ending in \u2026{inert(owner_key[-4:])})."
        else:
            whose = (f"The interviews of your interviewer key (ending in \u2026{inert(owner_key[-4:])}"
                     + (", shown above" if ss.get("iv.new_key") == owner_key else "")
                     + "): every interview you create in this session is listed under it.")
        your_interviews(past, owner, whose)


def add_a_bank(qkey: str) -> None:
    """Every question of a bank added to the interview's at once, after the ones chosen: picking a
    bank's questions one by one meant finding each among some 800 chips. A private bank is offered
    too (said so): the set-up is the interviewer's."""
    titles = interview_bank_titles(library)
    # the box and its button side by side, the button level with the box (under its label)
    with st.container(horizontal=True, vertical_alignment="bottom"):
        slug = st.selectbox("Add every question of a bank", list(titles), format_func=titles.get, index=None,
                            placeholder="Choose a bank", key="iv.setup.bank", width=520)
        st.button("Add its questions", key="iv.setup.bank.add", disabled=slug is None, on_click=add_bank,
                  args=(qkey, slug, titles.get(slug, "")), icon=":material/playlist_add:")
    if note := ss.pop("iv.setup.bank.note", None):
        st.info(note, icon=":material/playlist_add_check:")


def add_bank(qkey: str, slug: str | None, title: str) -> None:
    """The button's callback (:func:`add_a_bank`): the bank's questions join the list (before the
    list is drawn, so the run shows them), and what was done is said once."""
    if slug is None:
        return
    limit = int(CEILINGS["interview"].limit)
    ss[qkey], added, left_out = with_bank(ss.get(qkey) or [], bank_question_ids(library, slug), limit)
    said = f"Added {count_of(added, 'question')} of \u201c{inert(title, 80)}\u201d"
    if left_out:
        said += (f"; {count_of(left_out, 'question')} did not fit (an interview holds at most {limit:,} questions): "
                 "remove some, then add the bank again for the rest.")
    elif added == 0:
        said += ": every one of its questions was chosen already."
    else:
        said += "."
    ss["iv.setup.bank.note"] = said


def your_interviews(past: list, owner: str, whose: str) -> None:
    """The interviewer's interviews, newest first, each told apart by its candidate, its time and
    where it stands; then what can be done with one of them: a fresh interviewer or candidate link
    (the old one stops working), or a new interview like it. ``owner`` is the one they belong to
    (a key's digest, or the signed-in account); ``whose`` says so on screen. A table's cells are
    plain text: titles and names are shown as typed."""
    answered = interviews.answered_counts([p.id for p in past])
    browsers = interviews.browser_counts([p.id for p in past])
    st.header("Your interviews", anchor=False)
    st.caption(whose)
    st.caption("The links are shown only once, when they are made: only digests of their tokens are stored, so "
               "they cannot be shown again here. If one is lost, make a new one below: the old one then stops "
               "working.")
    # the table's download button writes CSV: a name a candidate typed must not run in a spreadsheet.
    # Which interview and where it stands come first: a phone shows the first three columns (the
    # status was the fifth, off the screen), and a title usually names the role already
    st.dataframe([{"Title": spreadsheet_inert(p.title), "Candidate": spreadsheet_inert(p.candidate_name or ""),
                   "Status": interview_status(p, answered.get(p.id, 0)), "Created": p.created_at,
                   "Questions": len(p.questions), "Role": ROLE_TEMPLATES.get(p.role, {}).get("title", p.role),
                   "Browsers": browsers.get(p.id, 0)}
                  for p in past],
                 hide_index=True, width="stretch",
                 # a real date (sorts as one), drawn as "1 Dec 2026 14:05 UTC" like describe_utc
                 column_config={"Created": st.column_config.DatetimeColumn(format="D MMM YYYY HH:mm [UTC]",
                                                                          timezone="UTC"),
                                "Browsers": st.column_config.NumberColumn(
                                    help="How many browsers have opened the candidate link. More than one: the "
                                         "interview's page says which and when; if the candidate did not change "
                                         "devices, make a new candidate link below.")})
    by_id = {p.id: p for p in past}
    status = {p.id: interview_status(p, answered.get(p.id, 0)) for p in past}
    # a selectbox's options are plain text: the title and name are shown as typed
    pick = st.selectbox("Interview", list(by_id), key="iv.own.pick",
                        format_func=lambda i: interview_label(by_id[i], status[i]),
                        help="The interview to make a new link for, to copy for the next candidate, or to compare "
                             "with the others asked its questions.")
    iv = by_id[pick]
    fresh = ss.get("iv.fresh")
    if fresh and fresh["id"] != iv.id:  # a new link is shown with its own interview only
        ss.pop("iv.fresh")
    going = iv.finished_at is None and not iv.expired()
    whom = f" (candidate: {inert(iv.candidate_name, 80)})" if iv.candidate_name else ""
    with st.container(horizontal=True, key="iv.own.actions"):
        # each new link asks first, naming the interview: one click on the wrong row of a class's
        # interviews cut a candidate off mid-interview (the class walk-through)
        with st.popover("New interviewer link", icon=":material/key:", key=confirm_key("boss"), on_change="rerun",
                        help="A new interviewer link for this interview. The old interviewer link stops working."), \
                st.container(width=CONFIRM_WIDTH):
            st.markdown(f"Replace the interviewer link of “{inert(iv.title, 80)}”{whom}? The interviewer "
                        "link in use now stops working at once, for everyone who has it.")
            st.button("Replace the interviewer link", key="iv.own.boss", type="primary", on_click=make_link,
                      args=(iv.id, owner, "interviewer"))
        with st.popover("New candidate link", icon=":material/link:", key=confirm_key("cand"), on_change="rerun",
                        disabled=not going,
                        help="A new candidate link. The old one stops working; the answers saved so far stay."
                             if going else f"This interview is {status[iv.id]}: it takes no new candidate link."), \
                st.container(width=CONFIRM_WIDTH):
            st.markdown(f"Replace the candidate link of “{inert(iv.title, 80)}”{whom}? The link the "
                        "candidate has now stops working at once; the answers saved so far and each question's "
                        "clock are kept. Send them the new link.")
            st.button("Replace the candidate link", key="iv.own.cand", type="primary", on_click=make_link,
                      args=(iv.id, owner, "candidate"))
        st.button("Create another like this", key="iv.own.again", icon=":material/content_copy:",
                  on_click=copy_setup, args=(iv,),
                  help="Fills the set-up above with this interview's role, questions (with its own uploaded bank) "
                       "and minutes per question, for the next candidate.")
    st.caption("A new link replaces the old one at once: the old link stops working. A new candidate link keeps the "
               "answers saved so far and each question's clock"
               + (f"; this interview is {status[iv.id]}, so it takes none." if not going else "."))
    if problem := ss.pop("iv.link_problem", None):
        (st.warning if problem[0] == "warning" else st.error)(problem[1])
    fresh = ss.get("iv.fresh")
    if fresh and fresh["id"] == iv.id:
        st.success(f"New {fresh['kind']} link made. The old {fresh['kind']} link no longer works"
                   + ("; the answers saved so far are kept" if fresh["kind"] == "candidate" else "")
                   + ". Keep this one: it is shown only now and cannot be recovered.")
        copy_box(full_link(fresh["token"]), f"new-{fresh['kind']}-link")
    compare_candidates(past, iv.id, owner, status)


def confirm_key(kind: str) -> str:
    """The key of the ``kind`` ("boss" or "cand") new-link confirmation, new after each link made.

    The browser closes an open popover only when the open flag it is sent changes. On a loaded
    server the confirm click could come before the run that the opening click asked for had sent
    open=True; the callback's False then changed nothing and the popover stayed open over the new
    link. A new key is a new popover, drawn closed whatever the browser last had.
    """
    return f"iv.own.{kind}.box.{ss.get('iv.own.links_made', 0)}"


def make_link(interview_id: int, owner: str, kind: str) -> None:
    """A confirmed "Replace the ... link", as its button's callback: a new ``kind`` link for the
    interview (the old one stops working), kept in ``iv.fresh`` to be shown once, or the reason
    there is none in ``iv.link_problem``; the confirmations close (drawn anew under new keys)."""
    ss["iv.own.links_made"] = ss.get("iv.own.links_made", 0) + 1
    try:
        token = (interviews.new_interviewer_link(interview_id, owner) if kind == "interviewer"
                 else interviews.new_candidate_link(interview_id, owner))
    except LinkClosed as exc:
        ss["iv.link_problem"] = ("warning", str(exc))
    except AccessDenied:
        ss["iv.link_problem"] = ("error", "This interview is not yours to change.")
    except STORAGE_ERRORS as exc:
        ss["iv.link_problem"] = ("error", f"No new link: the database refused the change ({storage_reason(exc)}). "
                                          "The old link still works; try again in a moment.")
    else:
        ss["iv.fresh"] = {"id": interview_id, "kind": kind, "token": token}


def copy_setup(iv: Any) -> None:
    """"Create another like this", as the button's callback (it runs before the set-up's widgets
    are drawn, so it may fill them): the interview's role, questions, uploaded bank, minutes and
    title (without the candidate's name); the candidate's name is left empty for the next candidate."""
    role = iv.role if iv.role in ROLE_TEMPLATES else next(iter(ROLE_TEMPLATES))
    ids = [e["id"] for e in iv.questions]
    ss["iv.setup.role"] = role
    ss[f"iv.setup.qs.{role}"] = ids
    # the set-up asks in whole minutes; an interview made elsewhere may have stored any seconds
    ss["iv.setup.min"] = min(60, max(1, round(int(iv.questions[0]["seconds"]) / 60)))
    # the title without the candidate's name: the next candidate reads it (a hiring team's walk-through)
    if title := title_without(iv.title, iv.candidate_name):
        ss[f"iv.setup.title.{role}"] = title
    else:  # it was only the name: the role's own title
        ss.pop(f"iv.setup.title.{role}", None)
    ss["iv.setup.name"] = ""
    ss["iv.setup.like"] = {"title": iv.title, "created": iv.created_at, "bank": iv.uploaded_bank, "ids": ids}
    ss["iv.setup.uploads"] = ss.get("iv.setup.uploads", 0) + 1  # a fresh uploader: see setup_view
    ss.pop("iv.fresh", None)


#: what a visitor with a link that opens nothing can do next (the class walk-through: a dead end)
NEXT_STEP = ("Check that the whole address was copied. A link stops working when its interviewer makes a new one "
             "for the interview: ask whoever sent it for the current link.")


def refuse(message: str, info: bool = False, hint: str | None = None, title: str | None = None,
           then: Callable[[], None] | None = None) -> None:
    # a closed link's page is headed by its interview's title, as every earlier screen was (typed by
    # the interviewer: inert); a link that opens nothing names no interview
    st.title(inert(title) if title else "Mock interview", anchor=False)
    # the sentence takes the keyboard's focus when a press in this tab led here ("Yes, hand in my
    # answers": its button gone, the focus fell to the page's start, the sentence unheard; the
    # accessibility audit); a link opened afresh leaves the focus where the browser puts it
    bring_into_view("iv.closed.view", message, focus="iv.closed")
    with st.container(key="iv.closed"):
        (st.info if info else st.error)(message)
    if hint:
        st.caption(hint)
    if then is not None:
        then()
    st.stop()


if "t" not in st.query_params:  # an empty "t=" is a link that opens nothing, not the set-up
    setup_view()
else:
    # the link's look-up reads the database too: an outage there is a sentence, not Streamlit's
    # error screen (the operator audit stopped PostgreSQL under a candidate)
    outage = ("This interview cannot reach its database just now ({}). Answers saved before are kept; "
              f"this page tries again every {RETRY_SECONDS} seconds and goes on by itself.")
    try:
        iv = interviews.as_candidate(token)
    except LinkClosed as closed:
        refuse(str(closed), info=True, title=closed.title)
    except STORAGE_ERRORS as exc:
        refuse(outage.format(storage_reason(exc)), then=lambda: retry_until_reachable(lambda: interviews.as_candidate(
            token)))
    except AccessDenied:
        try:
            iv = interviews.as_interviewer(token)
        except AccessDenied:
            from ui.interview_interviewer import unsaved_notes

            refuse("This link is not valid.", hint=NEXT_STEP, then=unsaved_notes)
        except STORAGE_ERRORS as exc:
            refuse(outage.format(storage_reason(exc)), then=lambda: retry_until_reachable(
                lambda: interviews.as_interviewer(token)))
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
