"""The room's answers: how the signed-in learners answered each question, for an interviewer (a
lecturer) in front of them. Counted over learners and never naming one (engine.room)."""

from __future__ import annotations

import streamlit as st

from engine.content.bank_lists import bank_questions
from engine.forms.instance import list_prompt
from engine.room import MIN_LEARNERS, WINDOWS, question_text, room_answers, room_csv
from ui import state
from ui.identity import current as identity
from ui.layout import table_height
from ui.question_view import correct_answer
from ui.resources import get_library, get_store
from ui.practice_session import BANK_KEY
from ui.site_links import address_params, app_page, link_box, write_address
from ui.storage_errors import STORAGE_ERRORS, storage_reason

#: seconds between two looks at the room's answers while the page is open
REFRESH_S = 10
#: the questions listed before the table scrolls (a lecture's bank is 5 to 20)
TABLE_ROWS = 12
#: the address's keys: the bank chosen (absent: every bank) and the window (absent: the last hour)
ROOM_KEYS = ("bank", "window")

library = get_library()

st.title("Room", anchor=False)
who = identity()
if not who.signed_in:
    st.info("The room's answers are counted by person, so they need sign-in: without it, everyone on this server "
            "is one learner. Whoever runs the server can set sign-in up (the README's \u201cSigning in\u201d).")
    st.stop()
if not who.interviewer:
    st.info("Only interviewers see the room's answers. Your own answers are on Progress.")
    st.page_link(app_page("progress", "app_pages/progress.py"), label="Your progress", icon=":material/insights:")
    st.stop()
st.caption(f"How the signed-in learners answered, question by question: each learner counts once, by their first "
           f"answer to a question in the time chosen (a later one came after the key was shown). No one is named, "
           f"and a question answered by fewer than {MIN_LEARNERS} learners shows no figures, so no one's answer can "
           f"be told from them. Choose a bank, send the room its link, and watch the answers come in.")

banks = bank_questions(library)
# The bank and the window are in the address: a reload, or the lecturer's other screen, opens the same
# room (it opened on every bank and the last hour). Read once a visit, before the widgets are drawn.
if state.first_run_of_visit(state.carried("room", {"visit": None})) or state.history_navigation():
    linked = address_params(ROOM_KEYS)
    if linked.get("bank") in banks:
        st.session_state["room.bank"] = linked["bank"]
    if linked.get("window") in WINDOWS:
        st.session_state["room.window"] = linked["window"]
left, right = st.columns([3, 2])
bank = left.selectbox("Bank", [None, *banks], format_func=lambda s: "Every bank" if s is None else banks[s][0],
                      key="room.bank")
window = right.segmented_control("Answered in", list(WINDOWS), format_func=lambda w: WINDOWS[w][0],
                                 default="hour", key="room.window", required=True)
shown_address = {k: v for k, v in (("bank", bank), ("window", window)) if v and (k, v) != ("window", "hour")}
if address_params(ROOM_KEYS) != shown_address:
    write_address(ROOM_KEYS, shown_address)
if bank:  # the links to send the room, where the lecturer watches its answers come in
    link_box("/practice", {BANK_KEY: bank}, caption="The room's link to this bank: it opens Practice on its "
             "questions, each learner in an order of their own.", what="bank-link")
    # figures need MIN_LEARNERS first answers to one question: a bank's link spread a class of ten
    # over its twenty questions, and the room stayed empty (a lecturer's walk with three phones)
    # a key per bank: a question chosen for one bank stayed chosen, with its link, under another
    one = st.selectbox("Or send one question", banks[bank][1], index=None, key=f"room.send.{bank}",
                       format_func=lambda i: question_text(library.question(i), 90),
                       placeholder="Choose a question to send its link")
    if one is not None:
        link_box("/practice", {"q": one, BANK_KEY: bank}, caption="Its link: everyone starts on this question, "
                 "then goes on through the bank.", what="question-link")
wanted = banks[bank][1] if bank else [q.id for q in library.questions]
questions = {i: library.question(i) for i in wanted}
titles = {q: banks[b][0] for b in banks for q in banks[b][1]}  # question id -> its bank's title


@st.fragment(run_every=REFRESH_S)
def the_room() -> None:
    # one clock for the look, its "as of" and its file's date
    now, zone = state.now(), state.timezone()
    local = now.astimezone(zone)
    try:
        room = room_answers(get_store(), questions, window, now, zone)
    except STORAGE_ERRORS as exc:
        st.error(f"Could not read the room's answers ({storage_reason(exc)}). Nothing was deleted.")
        return
    where = f" in \u201c{banks[bank][0]}\u201d" if bank else ""
    since = WINDOWS[window][0].lower()
    as_of = local.strftime("%H:%M:%S")
    if not room.questions:
        st.info(f"No question{where} has been answered by {MIN_LEARNERS} signed-in learners in {since} yet "
                f"(as of {as_of}). Their answers appear here as they come in.")
        if room.hidden:
            st.caption(f"{room.hidden} question{'s' if room.hidden > 1 else ''} answered by fewer learners.")
        return
    with st.container(horizontal=True):  # a row that wraps: three columns stacked on a phone took its screen
        st.metric("Learners", room.learners, help="Signed-in learners who answered the questions below")
        st.metric("First answers", room.answers, help="Each learner's first answer to each question below")
        st.metric("Average score", f"{room.mean_score:.0%}", help="Of those answers, partial credit included")
    st.caption(f"As of {as_of}; refreshed every {REFRESH_S} seconds. The most missed question first."
               + (f" {room.hidden} more question{'s' if room.hidden > 1 else ''} answered by fewer than "
                  f"{MIN_LEARNERS} learners {'are' if room.hidden > 1 else 'is'} left out." if room.hidden else "")
               + (" There were more answers than one look reads: the earliest are counted." if room.cut_short
                  else ""))
    st.dataframe(
        [{"Right": round(100 * r.share_right), "Learners": r.learners, "Score": round(100 * r.mean_score),
          "Question": question_text(questions[r.question_id], 220)}
         # the bank only when every bank is counted: one bank's title on every row took the question's room
         | ({} if bank else {"Bank": titles.get(r.question_id, "")})
         for r in room.questions],
        hide_index=True, height=table_height(min(len(room.questions), TABLE_ROWS)), key="room.table",
        column_config={
            "Right": st.column_config.ProgressColumn(min_value=0, max_value=100, format="%d%%", width="small",
                                                     help="Learners whose first answer was fully right"),
            "Learners": st.column_config.NumberColumn(width="small"),
            "Score": st.column_config.ProgressColumn(min_value=0, max_value=100, format="%d%%", width="small",
                                                     help="Average score of the first answers, partial credit "
                                                          "included"),
            "Question": st.column_config.TextColumn(width="large"),
            "Bank": st.column_config.TextColumn(width="medium")},
    )
    # kept after the class: the figures as they stand, for a spreadsheet
    st.download_button("Download these figures (CSV)", room_csv(room, questions, titles),
                       file_name=f"room-{bank or 'every-bank'}-{local.date().isoformat()}.csv", mime="text/csv",
                       icon=":material/download:", key="room.csv", on_click="ignore")
    shown = {r.question_id: r for r in room.questions}
    chosen = st.selectbox("Look at a question", list(shown), key="room.question",
                          format_func=lambda i: f"{shown[i].share_right:.0%} right \u00b7 "
                                                f"{question_text(questions[i], 90)}",
                          help="Its text, and how many picked each choice of a choice question (the right ones "
                               "marked) or the answer key of another")
    # off until asked for: the room's page is often the one projected while the room still answers
    show_key = st.toggle("Show the right answers", key="room.show_key",
                         help="Marks the right choices, or shows the answer key. Off by default: this page may be "
                              "on the room's screen while the learners are still answering.")
    if chosen is None:
        return
    q, r = questions[chosen], shown[chosen]
    with st.container(border=True):
        # a public bank's own text, as Practice shows it; a generated one's numbers as "[…]" (each learner
        # had their own), as Review lists it
        st.markdown(list_prompt(q))
        st.caption(f"{r.right} of {r.learners} learners right first time; average score {r.mean_score:.0%}.")
        if r.choices:
            right_ones = set(q.answer) if q.type == "multi_choice" else {q.answer}
            st.dataframe(
                [{"Picked by": n, "Choice": c} | ({"Right": "\u2713 right" if c in right_ones else ""} if show_key
                                                  else {})
                 for c, n in r.choices],
                hide_index=True, key="room.choices",
                column_config={
                    "Picked by": st.column_config.ProgressColumn(min_value=0, max_value=r.learners, format="%d",
                                                                 width="small",
                                                                 help="Learners whose first answer picked it"),
                    "Choice": st.column_config.TextColumn(width="large"),
                    "Right": st.column_config.TextColumn(width="small")},
            )
        elif not getattr(q, "variables", None) and (key := correct_answer(q)):  # a generated one's is its own
            if show_key:
                st.markdown("**The answer**  \n" + key)
            else:
                st.caption("The answer key is hidden; \u201cShow the right answers\u201d shows it.")
        st.page_link(app_page("practice", "app_pages/practice.py"), label="Open it in Practice (to show the room)",
                     icon=":material/quiz:", query_params={"q": q.id})


the_room()
