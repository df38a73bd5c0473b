"""Home: what TuneLab is, and the way in."""

from __future__ import annotations

import streamlit as st

from engine.content.bank_lists import bank_rows
from engine.content.selection_link import names_selection
from engine.content.topics import ROLES
from ui.bank_picker import bank_table
from ui.chart_code import fetch_ahead
from ui.identity import current
from ui.layout import card_rows
from ui.practice_session import ADDRESS_KEYS, choose_role
from ui.resources import get_library
from ui.site_links import address_params
from ui.state import history_navigation

library = get_library()

# A shared practice link may land on the root URL (/?q=<id>, /?bank=<slug>&topic=...): send it to the
# practice page, with Practice's own parameters.
# Not when Back or Forward brought Home back: a second Back pressed before Practice's run for the
# first had finished got Home that run's question in its address ("/?q=..."), and sent the visitor
# straight back to Practice (the browser test of Home's bank table, on a loaded machine).
if not history_navigation() and (st.query_params.get("q") or names_selection(st.query_params)):
    st.switch_page("app_pages/practice.py", query_params=address_params(ADDRESS_KEYS))

stats = library.stats()

st.title("TuneLab", anchor=False)
# a subtitle, not a heading: headings go h1, h2 for each section, h3 for each card (screen readers
# list them as the page's outline; axe's heading-order)
st.markdown(
    "**Practise the interview questions on hyperparameter tuning and optimisers, "
    "and check your answers against real results.**"
)
st.markdown(
    "Questions cover the whole ground an interviewer walks: parameters versus hyperparameters, "
    "over- and underfitting, grid, random and Bayesian search, cross-validation, metrics, budgets, "
    "experiment tracking, the learning rate and its schedules, and SGD through Adam. Each comes with "
    "an explanation of why the right answer is right and the tempting ones are wrong, a model "
    "answer to say aloud, and the follow-ups an interviewer is likely to ask."
)

# a row that wraps, not columns: with the text at 200%, four columns cut the labels short ("Questi…")
with st.container(horizontal=True):
    st.metric("Questions", stats["questions"])
    st.metric("Banks", len(library.public_banks))
    st.metric("Topics", sum(1 for v in stats["by_topic"].values() if v))
    st.metric("Question types", sum(1 for v in stats["by_type"].values() if v))

# Broken files are news for whoever runs the deployment (the one local user; interviewers), who
# also get the sidebar's list of problems: a learner could not fix them, and a private bank's
# file name and the server's paths are not theirs to see
if library.errors and current().interviewer:
    broken = library.broken_files
    st.warning(
        f"{len(broken)} bank file{'s' if len(broken) > 1 else ''} could not be loaded and "
        f"{'are' if len(broken) > 1 else 'is'} left out: "
        + ", ".join(f"`{f}`" for f in broken)
        + ". The sidebar lists each problem with its line."
    )

CARDS = [
    ("app_pages/practice.py", ":material/quiz: Practice", "Start practising",
     "One question at a time, graded at once. Filter by topic, difficulty, role and question "
     "type; retry, skip, or go back over the ones you missed."),
    ("app_pages/progress.py", ":material/insights: Progress", "See my progress",
     "Every answer is saved. See your accuracy by topic and difficulty, your weakest topics, "
     "and your recent attempts."),
    ("app_pages/interview.py", ":material/groups: Mock interview", "Set up an interview",
     "For hiring teams: pick a role template and the questions, send the candidate a link, follow "
     "live with the model answers and the rubric, and export the scorecard."),
]
if not current().interviewer:  # a signed-in learner: the set-up would refuse them (the class walk-through)
    CARDS[-1] = (None, ":material/groups: Mock interview", "",
                 "An interviewer sets one up and sends you its link: the link is all you need to take it, "
                 "no account.")
elif current().signed_in:  # the Room counts signed-in learners: an interviewer's, in signed-in mode
    CARDS.append(("app_pages/room.py", ":material/school: Room", "Open the Room",
                  "For a lecturer: send the room a bank's link and watch its answers come in, the most missed "
                  "question first and no one named."))
LABS = [
    ("app_pages/optimizer_lab.py", ":material/route: Optimizer lab", "Open the Optimizer lab",
     "SGD, momentum, Nesterov, Adagrad, RMSprop, Adam and AdamW on loss surfaces: animated paths, "
     "loss curves, schedules, and a sweep over a hundred learning rates."),
    ("app_pages/training_lab.py", ":material/model_training: Training lab", "Open the Training lab",
     "Small networks trained with torch on digits or moons, side by side, and the learning-rate "
     "range test."),
    ("app_pages/search_lab.py", ":material/travel_explore: Search lab", "Open the Search lab",
     "Grid, random, Bayesian, TPE and successive-halving searches run for real on cross-validated "
     "scikit-learn models or benchmark functions, side by side."),
    ("app_pages/presenter.py", ":material/co_present: Presenter mode", "Open Presenter mode",
     "Large, live demonstrations of learning-rate effects with one slider; the link restores the demo."),
]


def cards(entries: list[tuple[str | None, str, str, str]]) -> None:
    """One bordered card per page, in a row of equal heights, titled at h3 (under a section's h2).

    A row that wraps, not columns: columns of fixed shares kept all the cards side by side with
    the text at 200%, a word or less to a line ("St…" for "Start practising"). See ui.layout.CARD_ROW_STYLE.
    """
    with st.container(horizontal=True):
        for path, title, action, text in entries:
            with st.container(border=True, height="stretch"):
                st.subheader(title, anchor=False)
                st.markdown(text)
                if path:
                    st.page_link(path, label=action, icon=":material/arrow_forward:")


card_rows()
st.header("Start here", anchor=False)
cards(CARDS)

# a manager's or a creative lead's first question was a hard one for ML engineers: nothing on the
# way in said the banks are written for four roles
st.header("Practise for your role", anchor=False)
st.caption("Each question is tagged with the roles it is asked of; the Role filter in Practice's sidebar "
           "changes the choice at any time.")
with st.container(horizontal=True):
    for role, title in ROLES.items():
        n = stats["by_role"][role]
        if n and st.button(f"{title} · {n} question{'s' if n != 1 else ''}", key=f"home.role.{role}",
                           on_click=choose_role, args=(role,), icon=":material/person:"):
            st.switch_page("app_pages/practice.py")
st.header("Check it for real", anchor=False)
cards(LABS)

st.header("Question banks", anchor=False)
st.caption("Tick a bank's box to practise its questions (by keyboard: Shift+Space on its row), or choose banks in "
           "Practice's Bank filter. "
           "\u201cFor\u201d names the roles that at least half of a bank's questions are asked of.")
banks = bank_rows(library)  # an interview-only bank is not announced to every visitor
# Every bank at once, one line each: a plain table wrapped the topics word by word on a phone,
# 9,000 px of page; a cell too narrow for its topics shows them whole on hover. The title is the
# wide column: it names the bank (at 1280 px a medium column cut 26 of 46 titles, this one 2), the
# topics are its detail.
bank_table(
    [{"Bank": b.title, "For": b.audience, "Questions": b.questions, "Topics": b.topics} for b in banks],
    [b.slug for b in banks], "home.banks",
    column_config={"Bank": st.column_config.TextColumn(width=425),
                   "For": st.column_config.TextColumn(width=125, help="DS: data scientists; MLE: ML engineers"),
                   "Questions": st.column_config.NumberColumn(width=80),
                   "Topics": st.column_config.TextColumn(width=155, help="The most asked first")},
    alt="The question banks: each bank's title, the roles it is for, how many questions it has, and its topics; "
        "ticking a row's box opens Practice on that bank",
)
fetch_ahead()  # the next page is often a chart's (Progress, a lab): its code loads while Home is read
