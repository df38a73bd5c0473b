"""Home: what TuneLab is, and the way in."""

from __future__ import annotations

import streamlit as st

from engine.content.topics import TOPICS
from ui.resources import get_library

library = get_library()

# A shared practice link may land on the root URL (/?q=<id>): send it to the practice page.
if st.query_params.get("q"):
    st.switch_page("app_pages/practice.py", query_params={"q": st.query_params["q"]})

stats = library.stats()

st.title("TuneLab")
st.markdown(
    "#### Practise the interview questions on hyperparameter tuning and optimisers, "
    "and check your answers against real results."
)
st.markdown(
    "Questions cover the whole ground an interviewer walks: parameters versus hyperparameters, "
    "over- and underfitting, grid, random and Bayesian search, cross-validation, metrics, budgets, "
    "experiment tracking, the learning rate and its schedules, and SGD through Adam. Each comes with "
    "an explanation of why the right answer is right and the tempting ones are wrong, a model "
    "answer to say aloud, and the follow-ups an interviewer is likely to ask."
)

c1, c2, c3, c4 = st.columns(4)
c1.metric("Questions", stats["questions"])
c2.metric("Banks", stats["banks"])
c3.metric("Topics", sum(1 for v in stats["by_topic"].values() if v))
c4.metric("Question types", sum(1 for v in stats["by_type"].values() if v))

if library.errors:
    st.warning(
        f"{len(library.broken_files)} bank file(s) could not be loaded and are left out: "
        + ", ".join(f"`{f}`" for f in library.broken_files)
        + ". The sidebar lists each problem with its line."
    )

left, right = st.columns(2)
with left, st.container(border=True):
    st.markdown("### :material/quiz: Practice")
    st.markdown(
        "One question at a time, graded at once. Filter by topic, difficulty, role and question "
        "type; retry, skip, or go back over the ones you missed."
    )
    st.page_link("app_pages/practice.py", label="Start practising", icon=":material/arrow_forward:")
with right, st.container(border=True):
    st.markdown("### :material/insights: Progress")
    st.markdown(
        "Every answer is saved. See your accuracy by topic and difficulty, your weakest topics, "
        "and your recent attempts."
    )
    st.page_link("app_pages/progress.py", label="See my progress", icon=":material/arrow_forward:")

st.markdown("### Check it for real")
LABS = [
    ("app_pages/optimizer_lab.py", ":material/route: Optimizer lab",
     "SGD, momentum, Nesterov, Adagrad, RMSprop, Adam and AdamW on loss surfaces: animated paths, "
     "loss curves, schedules, and a sweep over a hundred learning rates."),
    ("app_pages/training_lab.py", ":material/model_training: Training lab",
     "Small networks trained with torch on digits or moons, side by side, and the learning-rate "
     "range test."),
    ("app_pages/presenter.py", ":material/co_present: Presenter mode",
     "Large, live demonstrations of learning-rate effects with one slider; the link restores the demo."),
]
for col, (path, title, text) in zip(st.columns(3), LABS):
    with col, st.container(border=True, height="stretch"):
        st.markdown(f"#### {title}")
        st.markdown(text)
        st.page_link(path, label="Open", icon=":material/arrow_forward:")

st.markdown("### Question banks")
rows = [
    {
        "Bank": lb.bank.title,
        "Questions": len(lb.bank.questions),
        "Topics": ", ".join(
            sorted({TOPICS[t][0] for q in lb.bank.questions for t in q.topics})
        ),
    }
    for lb in library.banks
]
st.dataframe(rows, hide_index=True, width="stretch")
