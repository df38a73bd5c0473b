"""Progress: accuracy by topic and difficulty, weakest topics, recent attempts."""

from __future__ import annotations

import streamlit as st

from engine.attempts_export import EXPORT_MAX, FILE_NAME, attempts_csv
from engine.content.bank_lists import bank_questions
from engine.content.topics import TOPICS, topic_title
from engine.progress import WEAK_BELOW, by_bank, recent_rows, summarise
from engine.progress_summary import bars_summary, topic_map_summary, weak_topics_note
from ui.bank_picker import bank_table
from ui.chart_fit import taller_when_narrow
from ui.figures import READ_ONLY, TOPIC_MAP_HEIGHT, outcome_bars, topic_map
from ui.identity import current_learner
from ui.layout import card_rows
from ui.practice_session import ask_review, weakest_pool
from ui import state
from ui.resources import get_library, get_reviews, get_store
from ui.review_outlook import outlook_metrics
from ui.site_links import practice_column
from ui.storage_errors import STORAGE_ERRORS, storage_reason

#: the By bank table's rows in view before it scrolls
BANK_ROWS = 10

library = get_library()
store = get_store()
learner = current_learner()

st.title("Progress", anchor=False)

try:  # summed by the database, one row per question; only the table below reads attempts back
    tallies = store.tallies(learner)
    recent = store.attempts(learner, limit=30)
except Exception as exc:  # a database we cannot read should not take the page down
    st.error(f"Could not read your saved progress ({storage_reason(exc)}). Nothing was deleted.")
    st.stop()

if not tallies:
    st.info("No answers saved yet. Answer a few questions and your progress appears here.")
    st.page_link("app_pages/practice.py", label="Go to practice", icon=":material/quiz:")
    st.stop()

# counted among the questions the banks serve now (one removed, or made private, is history only)
served = {q.id for q in library.questions}
summary = summarise(tallies, current=served)
total = len(served)
# Rows that wrap, not columns: with the text at 200%, four columns cut every label and value
# short ("Answer…", "4…"); in a row each metric keeps its whole width and moves down when full
with st.container(horizontal=True):
    st.metric("Answers saved", f"{summary.attempts:,}")  # 10,000: a term's worth reads as one
    # both: Practice's sidebar gives the day's score with partial credit, and "Accuracy 67%" here beside
    # "score 85%" there, over the same answers, read as a contradiction (a learner's walk-through)
    st.metric("Accuracy", f"{summary.accuracy:.0%}", help="The share of your answers that were fully right.")
    st.metric("Average score", f"{summary.mean_score:.0%}",
              help="Partial credit included: an ordering with one pair swapped counts most of a right answer. "
                   "Practice's sidebar gives the same figure for today's answers.")
    st.metric("Questions seen", f"{summary.questions_seen:,} of {total:,}")
    st.metric("Missed, to redo", f"{summary.missed:,}")  # what "only the ones I missed" serves

try:
    outlook = get_reviews().outlook(learner, state.now(), served, state.timezone())  # "today": the learner's day
    due_today, due_week, retention = len(outlook.due_today), outlook.due_within, outlook.retention
except Exception:  # the review tables are a convenience; progress still shows without them
    due_today = due_week = 0
    retention = None
outlook_metrics("Due for review today", due_today, due_week, retention)
if due_today:
    st.page_link("app_pages/review.py", label="Review now", icon=":material/event_repeat:")

if summary.weakest:
    st.header("Weakest topics", anchor=False)  # sections under the h1: h2 (no level skipped)
    # the rule in one sentence (engine.progress.summarise): the learner could not tell why a topic
    # at 78% was listed while four at 0% were not
    st.caption(f"Your lowest average scores, partial credit included, a topic answered once too; a topic "
               f"averaging {WEAK_BELOW:.0%} or more is not listed, so there may be fewer than three.")
    card_rows()  # a row of cards that wraps (ui.layout), as Home's
    with st.container(horizontal=True):
        for g in summary.weakest:
            with st.container(border=True):
                st.markdown(f"**{topic_title(g.key)}**")
                answers = f"{g.attempts} answer{'s' if g.attempts != 1 else ''}"
                st.markdown(f"Average score {g.mean_score:.0%} over {answers} ({g.correct} fully right)")
    # these topics' questions, as Review's "Practise these topics" serves them (a plain link opened
    # Practice on every question)
    try:
        pool = weakest_pool(library, store, learner, [g.key for g in summary.weakest])
    except STORAGE_ERRORS:  # the button is a convenience; the page still shows without it
        pool = []
    if st.button(f"Practise these topics ({len(pool)} questions)", on_click=ask_review, args=(pool, "weakest"),
                 key="progress.weakest", icon=":material/arrow_forward:", disabled=not pool):
        st.switch_page("app_pages/practice.py")
else:
    st.success(weak_topics_note(summary.by_topic, {k: v[0] for k, v in TOPICS.items()}))

# Each chart has a name (alt) and, under it, what it shows in one sentence: a screen reader met
# them as unnamed images
left, right = st.columns([3, 2])
with left:
    st.header("By topic", anchor=False)
    labels = {k: v[0] for k, v in TOPICS.items()}
    st.plotly_chart(outcome_bars(summary.by_topic, labels), width="stretch", key="by_topic", config=READ_ONLY,
                    alt="Bar chart: your answers by topic, right, partly right and wrong")
    st.caption(bars_summary(summary.by_topic, labels))
with right:
    st.header("By difficulty", anchor=False)
    difficulties = {"easy": "Easy", "medium": "Medium", "hard": "Hard"}
    st.plotly_chart(
        outcome_bars(summary.by_difficulty, difficulties),
        width="stretch",
        key="by_difficulty",
        config=READ_ONLY,
        alt="Bar chart: your answers by difficulty, right, partly right and wrong",
    )
    st.caption(bars_summary(summary.by_difficulty, difficulties))

st.header("By bank", anchor=False)
served_banks = bank_questions(library)
banks = by_bank(tallies, served_banks)
# the table shows ten rows and scrolls inside itself: the rows past the tenth were found by chance
more = f" All {len(banks)} are in the table: it scrolls past the first {BANK_ROWS}." if len(banks) > BANK_ROWS else ""
st.caption("The banks you have answered in: your average score on them, partial credit included, how many of a "
           f"bank's questions you have seen and how many you missed last time. Tick a bank's box to practise it "
           f"(by keyboard: Shift+Space on its row).{more}")
bank_table(
    # the bank's title first: a row is known by it, and with the figures first a phone cut it to "Creative roles: f"
    # (a learner's walk-through). "Seen" is a number of its own, and the bank's size another: "10 of 18" sorted
    # before "2 of 18"
    [{"Bank": b.title, "Score": round(100 * b.stats.mean_score), "Seen": b.seen, "Missed": b.missed,
      "Questions": b.questions} for b in banks],
    [b.slug for b in banks], "progress.banks", max_rows=BANK_ROWS,  # a term's answers touch every bank: 57 rows
    column_config={"Bank": st.column_config.TextColumn(width="large"),
                   "Seen": st.column_config.NumberColumn(width="small", help="The bank's questions you have answered"),
                   "Questions": st.column_config.NumberColumn(width="small", help="The questions in the bank"),
                   # "Average score" was cut to "Average sco" on a phone
                   "Score": st.column_config.ProgressColumn(min_value=0, max_value=100, format="%d%%", width="small",
                                                            help="Average score, partial credit included"),
                   "Missed": st.column_config.NumberColumn(width="small",
                                                          help="Questions whose latest answer was wrong")},
    alt="Your answers by bank: each bank's title, average score, questions seen and questions missed; ticking a "
        "row's box opens Practice on that bank",
)

st.header("Topic map", anchor=False)
st.caption("Each tile is a topic, sized by its questions in the banks and coloured by your average score, "
           "partial credit included (green strong, amber middling, red weak, grey not tried).")
totals = library.stats()["by_topic"]
st.plotly_chart(topic_map(summary.by_topic, {k: v[0] for k, v in TOPICS.items()}, totals), width="stretch",
                height=taller_when_narrow("topic_map", TOPIC_MAP_HEIGHT), key="topic_map", config=READ_ONLY,
                alt="Topic map: every topic coloured by your average score")
st.caption(topic_map_summary(summary.by_topic, totals))

st.header("Recent attempts", anchor=False)
st.caption("Your latest answers, the newest first. Open reopens a question in Practice, in a new tab; a question the "
           "banks no longer serve has no link.")
# columns in recent_rows' order: the question, its link, then the outcome
zone = state.timezone()  # the learner's clock, as Review's "today"
st.dataframe(
    recent_rows(recent, library.question, zone),
    hide_index=True,
    width="stretch",
    placeholder="–",  # a question no longer served has no link: "None" read as a value
    column_config={
        # the question takes what is left once the short columns have room for their whole values (820 px
        # beside the sidebar at 1280); with its link beside it, it fits a phone's 358 px. Not pinned: Streamlit
        # unpins a column wider than 60% of the table, as this one is on a phone
        "Question": st.column_config.TextColumn("Question", width=270),
        "Practice": practice_column(),
        "Result": st.column_config.TextColumn("Result", width="small"),
        "Score": st.column_config.ProgressColumn("Score", min_value=0, max_value=100, format="%d%%", width="small"),
        # widths in pixels: "2026-12-07 00:13" needs 130, not a "medium" 200 beside a question cut at 25 characters
        "When": st.column_config.DatetimeColumn(f"When ({zone})", format="YYYY-MM-DD HH:mm", width=136),
        "Seconds": st.column_config.NumberColumn("Seconds", format="%.0f", width="small"),
        "Type": st.column_config.TextColumn("Type", width=112),  # "Several choices"
    },
    alt="Your latest answers: each question, a link that opens it in Practice, the result, score, when, seconds "
        "taken, the question's type and difficulty",
)
titles = {slug: title for slug, (title, _) in served_banks.items()}


def answers_file() -> str:
    # built when the button is pressed (Streamlit runs it in a thread of its own), not on every visit
    return attempts_csv(store.attempts(learner, limit=EXPORT_MAX), library.question, titles)


st.download_button("Download all your answers (CSV)", answers_file, FILE_NAME, "text/csv",
                   icon=":material/download:", on_click="ignore", key="progress.export",
                   help=f"Every answer you saved, the newest first (at most {EXPORT_MAX:,}): when, the bank and "
                        "question, your answer, its result and score. Yours to keep.")
