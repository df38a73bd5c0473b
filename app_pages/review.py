"""Review: what FSRS says is due today, or the weakest topics when nothing is."""

from __future__ import annotations

import streamlit as st

from engine.content.topics import topic_title
from engine.progress import WEAK_BELOW, summarise
from engine.review import due_rows
from ui.identity import current_learner
from ui.practice_session import ask_review, weakest_pool
from ui import state
from ui.resources import get_library, get_reviews, get_store
from ui.review_outlook import due_table, outlook_metrics
from ui.storage_errors import STORAGE_ERRORS, storage_reason

library = get_library()
reviews = get_reviews()
store = get_store()
learner = current_learner()

st.title("Review", anchor=False)
st.caption(
    "Spaced review: a wrong answer comes back within minutes, a right one on a later day, further off each "
    "time it is right and further still when it was quick (the schedule is FSRS's, a spaced-repetition "
    "algorithm). A question answered right today is not served again today; \u201ctoday\u201d is your day, in "
    "the time zone your browser reports."
)

valid = [q.id for q in library.questions]
try:
    now, tz = state.now(), state.timezone()  # "today" is the learner's day
    outlook = reviews.outlook(learner, now, valid, tz)  # cards of removed questions are not counted
    due, week, retention = outlook.due_today, outlook.due_within, outlook.retention
except Exception as exc:  # an unreadable database must not take the page down
    st.error(f"Could not read your review schedule ({storage_reason(exc)}). Nothing was deleted.")
    st.stop()

outlook_metrics("Due today", len(due), week, retention)


if due:
    st.markdown(f"**{len(due)} question{'s' if len(due) != 1 else ''} to review today.**")
    # the button before the table: on a phone, eight prompts listed pushed it below the screen
    if st.button("Start the review", type="primary", on_click=ask_review, args=(due, "due"),
                 key="review.start"):
        st.switch_page("app_pages/practice.py")
    due_table(due_rows(due, library.question))  # every one, its topic and difficulty, and a link to it
else:
    try:  # summed by the database, no attempt read back; then only today's answers
        weakest = summarise(store.tallies(learner)).weakest
        pool = weakest_pool(library, store, learner, [g.key for g in weakest])
    except STORAGE_ERRORS as exc:  # the database went away since the schedule was read
        st.error(f"Could not read your saved answers ({storage_reason(exc)}). Nothing was deleted.")
        st.stop()
    if not weakest:
        # weak means averaging under WEAK_BELOW (engine.progress.summarise), a topic answered once included
        st.info(f"Nothing is due, and no topic you have answered averages under {WEAK_BELOW:.0%}. "
                "Practise a few more questions.")
        st.page_link("app_pages/practice.py", label="Go to practice", icon=":material/quiz:")
        st.stop()
    topics = [g.key for g in weakest]
    st.success("Nothing is due today. Meanwhile, your weakest topics (average score): "
               + ", ".join(f"**{topic_title(t)}** ({g.mean_score:.0%})" for t, g in zip(topics, weakest)) + ".")
    if st.button(f"Practise these topics ({len(pool)} questions)", type="primary", on_click=ask_review,
                 args=(pool, "weakest"), key="review.weakest", disabled=not pool):
        st.switch_page("app_pages/practice.py")
