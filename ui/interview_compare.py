"""Compare candidates, in "Your interviews": the interviewer's interviews asked the same questions,
one row per candidate (:mod:`engine.candidate_comparison`), and the table as CSV."""

from __future__ import annotations

import textwrap
from collections.abc import Mapping, Sequence
from typing import Any

import streamlit as st

from engine.candidate_comparison import NO_NAME, NOT_SCORED, TIME_RAN_OUT, Entry, comparable, compare
from engine.interviews import AccessDenied, describe_utc
from engine.text import plain, spreadsheet_inert
from ui.interview_forms import concrete_questions, questions_of
from ui.resources import get_interviews, get_library
from ui.storage_errors import STORAGE_ERRORS, storage_reason
from ui.text import inert


def interview_label(iv: Any, status: str) -> str:
    """An interview as an option of a select widget (options are plain text: the title and name
    as typed): "Round 1 · Ada · 1 Dec 2026 14:05 UTC · handed in", as "Interview" above shows it."""
    return " · ".join((textwrap.shorten(plain(iv.title), 60, placeholder=" …"),
                       textwrap.shorten(plain(iv.candidate_name or NO_NAME), 40, placeholder=" …"),
                       describe_utc(iv.created_at), status))


def drawn_questions(iv: Any) -> dict[str, Any]:
    """The interview's questions as drawn with its own seed, with their answer keys (for the
    auto-grades)."""
    return concrete_questions(iv, questions_of(iv, get_library())[0])


def compare_candidates(past: Sequence[Any], pick: int, owner: str, status: Mapping[int, str]) -> None:
    """The "Compare candidates" section under the interviewer's list of interviews.

    Parameters
    ----------
    past : sequence of Interview
        The interviews of ``owner``, newest first.
    pick : int
        The interview chosen in "Interview": the others compared are those asked its questions.
    owner : str
        Whose interviews they are; each scorecard is read with this owner checked.
    status : mapping of int to str
        Each interview's ``interview_status``, as the list states it.
    """
    st.subheader("Compare candidates", anchor=False)
    same = comparable(past, pick)
    if len(same) < 2:
        st.caption("No other interview of yours asks the same questions as the one chosen above, so there is no "
                   "one to compare it with: use \u201cCreate another like this\u201d for the next candidate.")
        return
    st.caption("The candidates of your interviews that ask the same questions as the one chosen above, side by "
               "side: per question the mean of your rubric scores (\u201c—\u201d until scored, 1 = strong no hire to "
               "4 = strong hire) and the auto-grade where the question has a key; then how many you scored, the "
               "overall mean and the verdict. Best verdict first, then the higher mean; the unscored last.")
    by_id = {iv.id: iv for iv in same}
    # keyed by the picked interview: picking another one starts again from all of its kind
    chosen = st.multiselect("Interviews to compare", list(by_id), default=list(by_id), key=f"iv.compare.{pick}",
                            format_func=lambda i: interview_label(by_id[i], status[i]))
    if len(chosen) < 2:
        st.info("Choose two or more interviews to compare their candidates.")
        return
    interviews = get_interviews()
    try:
        table = compare([Entry(i, status[i], interviews.scorecard_for_owner(i, owner, drawn_questions(by_id[i])))
                         for i in chosen])
    except AccessDenied:
        st.error("One of these interviews is not yours to read, so they cannot be compared.")
        return
    except STORAGE_ERRORS as exc:
        st.error(f"The candidates cannot be compared just now: the database could not be read "
                 f"({storage_reason(exc)}). Try again in a moment.")
        return
    # what the order rests on first, then the questions: a wide table scrolls sideways, and its left
    # part is what is read. The toolbar downloads CSV too: a typed name must not run in a spreadsheet.
    st.dataframe([{"Candidate": spreadsheet_inert(r.candidate), "Verdict": r.verdict,
                   "Mean": NOT_SCORED if r.mean is None else f"{r.mean:.2f}",
                   "Scored": r.scored_line, **dict(zip(table.headers, r.cells)), "Status": r.status,
                   "Created": r.created_at} for r in table.rows],
                 hide_index=True, width="stretch",
                 column_config={"Candidate": st.column_config.TextColumn(pinned=True),
                                "Created": st.column_config.DatetimeColumn(format="D MMM YYYY HH:mm [UTC]",
                                                                          timezone="UTC"),
                                # text, so an unscored one reads "—" (not "None"); "—" still sorts after the digits
                                "Mean": st.column_config.TextColumn(alignment="right",
                                                                    help="The mean of every rubric score, 1 to 4."),
                                **{h: st.column_config.TextColumn(help=inert(p)) for h, p in
                                   zip(table.headers, table.legend)}})
    # the prompts of an uploaded bank are the uploader's text: each line is made inert
    st.caption("  \n".join(f"**{h}** {inert(p)}" for h, p in zip(table.headers, table.legend)))
    if table.varied:
        st.caption("\u2026 in a question: each candidate was given their own numbers there (a generated question "
                   "draws new ones for each interview); the scorecards show them.")
    marks = " · ".join(c for r in table.rows for c in r.cells)
    if "late" in marks:
        st.caption("Late: the last answer was saved after the question's limit, within the grace period.")
    if TIME_RAN_OUT in marks:
        st.caption("Time ran out: the candidate was still on the question when its limit passed (an answer saved "
                   "before then still counts).")
    st.download_button("Download the comparison (CSV)", table.to_csv(), table.filename(), "text/csv",
                       key="iv.compare.csv", icon=":material/download:", on_click="ignore")
