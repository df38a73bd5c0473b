"""The interviewer's page of a mock interview: live answers with the rubric, scoring, the scorecard."""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Collection, Sequence
from typing import Any

import streamlit as st

from engine.content.answers import is_answered
from engine.interview_browsers import browsers_note
from engine.interviews import GRACE_SECONDS, AccessDenied, describe_utc, late_by, time_on_questions
from engine.judge import warm_for
from engine.labels import count_of
from engine.scorecard import (BANDS, CRITERIA, LAST_SAVE_MEANS, PRIVATE_MEANS, PUBLIC_MEANS, TIME_ON_MEANS,
                              auto_grade, auto_sentence, describe_auto, describe_handed_in, describe_late,
                              describe_machine, describe_public, describe_seconds, describe_time_on, next_unscored,
                              public_means, unit_of)
from engine.limits import CEILINGS
from ui.identity import auth_configured
from ui.interview_forms import concrete_questions, interviewer_extras, questions_of
from ui.layout import table_height
from ui.screen_reader import sections_key, unseen_heading
from ui.scroll import bring_into_view
from ui.storage_errors import STORAGE_ERRORS, storage_reason
from ui.text import inert, show_answer, show_bank_text

#: the session-state key of a question's notes in its score form: this and the question's id
NOTES_KEY = "iv.n."
#: where the judge's verdicts on this page's free-text answers are kept (ui.free_text_review.kept_judgement)
SUGGESTIONS = "iv.suggestions"


def suggestion_for(qs: dict):
    """The judge's verdict on a free-text answer, for the scorecard: kept with the live view's, so an
    answer is judged once (every run of the Scorecard tab, each saved score, judged every one again)."""
    def suggest(question_id: str, answer: str):
        q = qs.get(question_id)
        if q is None or q.type != "free_text":
            return None
        from ui.free_text_review import kept_judgement

        return kept_judgement(q, answer, st.session_state.setdefault(SUGGESTIONS, {}))

    return suggest


def interviewer_view(iv: Any, token: str, interviews: Any, library: Any) -> None:
    # the same clock as the candidate's link (as_candidate), so both pages agree on "expired"
    expired = iv.expired()
    closed = iv.finished_at is not None or expired  # the answers can no longer change
    st.title(f"{inert(iv.title)} · interviewer", anchor=False)
    raw, uploaded = questions_of(iv, library)
    # as drawn for this interview: texts filled, answers computed. Each figure is a run of its own,
    # and on a server that had not drawn this interview yet they all ran before anything showed: the
    # title first now, and a word on the wait if it is long
    with st.spinner(f"Preparing the interview's {count_of(len(iv.questions), 'question')}…", show_time=True):
        qs = concrete_questions(iv, raw)
    # the judge's suggestions beside free-text answers: its models load while the candidate types
    warm_for(*[q for q in qs.values() if q.type == "free_text"])
    # which questions a candidate could have practised, as the set-up page marked them (the class
    # walk-through: after the set-up nothing said which answers might be memorised)
    public = library.public_ids(uploaded)
    st.caption(f"Candidate: {inert(iv.candidate_name or ('not given' if closed else 'not given yet'), 120)}")
    # the hiring walk-through: nothing said the link itself is the key (with sign-in, it opens for the
    # deployment's interviewers only)
    who = ("any interviewer of this deployment who opens it" if auth_configured()
           else "whoever opens it, in any browser,")
    st.caption(f":material/key: This page's address is the interviewer's key: {who} sees the candidate's answers, "
               "the rubric and the scorecard. Keep it to yourself.")
    handed_in = describe_handed_in(iv.finished_at, iv.started_at)
    if handed_in:
        st.success(f"Handed in at {handed_in}. The candidate's answers are final and their link is closed.",
                   icon=":material/task_alt:")
    elif expired:
        st.warning(f"The candidate's link expired on {describe_utc(iv.expires_at)} "
                   "without being handed in: the answers saved before then are below and in the "
                   "scorecard, and they can no longer change.", icon=":material/timer_off:")
    missing = [e["id"] for e in iv.questions if e["id"] not in qs]
    if missing:
        st.warning(f"{count_of(len(missing), 'question')} of this interview no longer "
                   f"{'loads' if len(missing) == 1 else 'load'} from the banks and "
                   f"{'is' if len(missing) == 1 else 'are'} left out of both views: "
                   + ", ".join(inert(m, 80) for m in missing) + ".")
    tab_live, tab_card = st.tabs(["Live", "Scorecard"], key="iv.tabs", on_change="rerun")
    # one score form, in the tab that is open: after the hand-in scoring is the main job, and the
    # Scorecard tab only said "No question has been scored yet" (the hiring walk-through). Drawn
    # once per run, its keys are unique and its choices follow the interviewer from tab to tab.
    with tab_live:
        live_answers(iv, token, interviews, raw, qs, uploaded, expired, public)
        if not tab_card.open:
            score_form(iv, token, interviews, qs)
    with tab_card:
        scorecard_tab(token, interviews, qs,
                      scoring=(lambda: score_form(iv, token, interviews, qs, uploaded, raw)) if tab_card.open else None,
                      public=public)


def live_answers(iv: Any, token: str, interviews: Any, raw: dict, qs: dict, uploaded: set[str],
                 expired: bool = False, public: Collection[str] | None = None) -> None:
    """The candidate's answers beside the rubric: refreshed every few seconds until they hand in
    or their link expires (``expired``: it has, and no hand-in came first). ``public``: the ids
    a candidate could have practised; each question says whether it is one (not said without it)."""
    going = iv.finished_at is None and not expired

    def live() -> None:
        if going:
            now = interviews.as_interviewer(token)
            if (now.finished_at, now.candidate_name) != (iv.finished_at, iv.candidate_name) or now.expired():
                # handed in, named or expired: the whole page redraws (header, scorecard), and stops polling
                st.rerun()
        answers = interviews.answers(iv.id)
        done = sum(is_answered(answers.get(e["id"], {}).get("answer")) for e in iv.questions)
        stays = time_on_questions(iv.questions, answers, iv.finished_at, iv.expires_at if expired else None)
        if going:
            st.caption(f"Candidate has answered {done} of {len(iv.questions)} so far · refreshes on its own")
            st.caption(where_now(interviews.on_question(iv), len(iv.questions)))
        else:
            st.caption(f"The candidate answered {done} of {count_of(len(iv.questions), 'question')} "
                       + ("before their link expired." if iv.finished_at is None else "before handing in."))
        browsers_warning(interviews.browsers(iv.id), going)
        for n, entry in enumerate(iv.questions, start=1):
            q = qs.get(entry["id"])
            if q is None:
                continue
            trusted = q.id not in uploaded
            saved = answers.get(q.id) or {}
            given = saved.get("answer")
            left_after, ran_out = stays[n - 1]
            # "Waiting for an answer · time ran out" of a question locked unanswered (the hiring walk-through)
            status = ("Answered" if is_answered(given) else
                      "Waiting for an answer" if going and not ran_out else "Not answered")
            prompt = q.prompt if len(q.prompt) <= 90 else q.prompt[:90] + "…"
            # the label never changes while the page refreshes: Streamlit remounts an expander whose
            # label changed, which closed the section being read the moment an answer came in. Its
            # open state is kept in the session (a key, and a toggle reruns): the hand-in's redraw of
            # the whole page remounts every section, and closed the one being read.
            section = st.expander(f"Question {n} · {prompt if trusted else inert(prompt, None)}",
                                  key=f"iv.live.open.{n}", on_change="rerun")
            # a closed section draws nothing: the view refreshes every few seconds, and drawing every
            # section's answer, rubric and figures each time kept a 60-question interview's page busy
            # for seconds of every three (the section's toggle reruns, so opening it draws it)
            if not section.open:
                continue
            # for a screen reader, the question a heading and its parts (candidate's answer, model answer,
            # key points, ...) headings under it: they were bold paragraphs, read in a line, and the
            # expander's label is a button, not a heading
            with section, st.container(key=sections_key(f"iv.live.q{n}", 3)):
                unseen_heading(f"Question {n}", 2)
                limit = int(entry["seconds"])
                late = describe_late(late_by(saved, limit))
                timing = [status, f"limit {describe_seconds(limit)}"]
                if saved.get("seconds") is not None:
                    timing.append(f"last saved after {describe_seconds(saved['seconds'])}")
                if ran_out or left_after is not None:  # moved on, handed in, or still on it past the limit
                    timing.append(("" if ran_out else "time on it ") + describe_time_on(left_after, ran_out))
                st.caption(" · ".join(timing))
                # inside the section, not in its label: the label must not change while the page refreshes
                if public is not None:
                    st.caption(public_means(q.id in public))
                if late:
                    st.warning(f"Late: the last answer was saved {late}. The server still takes an answer up to "
                               f"{GRACE_SECONDS} s after the limit (a slow network, a last keystroke).",
                               icon=":material/schedule:")
                said, machine = st.columns(2) if q.type == "free_text" else (st.container(), None)
                with said:
                    st.markdown("**Candidate's answer:**")
                    show_answer(q.type, given, unit_of(q))  # their words: inert
                    auto = auto_grade(q, given)
                    if auto:
                        # it may quote what the candidate typed
                        st.caption("Auto-graded: " + inert(auto_sentence(auto), None))
                if machine is not None:
                    from ui.free_text_review import suggested_coverage

                    with machine:
                        suggested_coverage(q, given if isinstance(given, str) else "",
                                           st.session_state.setdefault(SUGGESTIONS, {}), trusted)
                answer_key(q, raw[q.id], iv.id, trusted)

    if going:
        st.fragment(run_every=3)(lambda: refreshed(live))()
    else:  # handed in or expired: the answers cannot change, nothing to poll
        live()


#: what an interviewer can do when a second browser holds the candidate's link
SECOND_BROWSER = ("If the candidate did not move to another device, someone else may have their link: make a new "
                  "candidate link under *Your interviews* on the set-up page. The old link stops working at once; "
                  "the answers saved so far stay.")


def browsers_warning(seen: Sequence[Any], going: bool = True) -> None:
    """Say which browsers opened the candidate link and when, once there are two or more; while the
    interview runs, with what to do about a second holder."""
    note = browsers_note(seen)
    if note:
        st.warning(f"{note} {SECOND_BROWSER}" if going else note, icon=":material/devices:")


def answer_key(q: Any, entry: Any, seed: int, trusted: bool, figure_key: str | None = None) -> None:
    """The question's key as the interviewer reads it: its figure, drawn values and computed answer
    (:func:`ui.interview_forms.interviewer_extras`), the model answer, key points, follow-ups and
    common mistakes; an uploaded bank's texts (not ``trusted``) as plain text."""
    interviewer_extras(entry, seed, trusted, figure_key)
    st.markdown("**Model answer:**")  # as the headings after it
    show_bank_text(q.model_answer, trusted)
    for title, points in (("Key points", q.key_points), ("Follow-ups", q.follow_ups),
                          ("Common mistakes", q.common_mistakes)):
        st.markdown(f"**{title}:**")
        # an uploaded bank's points are bullets too, each point inert: drawn as plain text, the list
        # read as raw "- " lines beside the shipped banks' bullets (a hiring team's walk)
        st.markdown("\n".join(f"- {p if trusted else inert(p, None)}" for p in points))


def refreshed(draw: Callable[[], None]) -> None:
    """``draw`` the live view, on its own refresh too: the page's own refusals do not reach a
    fragment's run, and Streamlit's red error box replaced the view when a refresh found the link
    replaced, the interview removed or the database away (the nothing-lost walk-through)."""
    try:
        draw()
    except AccessDenied:
        st.warning("This interviewer link no longer opens the interview: a new link was made for it, or the "
                   "interview was removed. Open the newest link; scores and notes saved before are kept.")
    except STORAGE_ERRORS as exc:
        st.warning(f"The live view could not be refreshed ({storage_reason(exc)}); it tries again in a few "
                   "seconds. Scores and notes saved before are kept.")


def unsaved_notes() -> None:
    """Notes this session typed into score forms, shown as plain text under the refusal of a link
    that no longer opens: "Save the score" in the tab of a replaced interviewer link showed only
    "This link is not valid." and the typed notes were gone (the nothing-lost walk-through)."""
    typed = [v for k, v in st.session_state.items()
             if str(k).startswith(NOTES_KEY) and isinstance(v, str) and v.strip()]
    if typed:
        st.warning("Notes typed on this page were not saved: this link no longer opens the interview (a new "
                   "interviewer link was made, or the interview was removed). Copy them from here.")
        for text in typed:
            st.code(text, language=None, wrap_lines=True)  # their words: shown as typed, with a copy button


def where_now(on: Any, total: int, now: Any = None) -> str:
    """Which question the candidate is on and what is left of its time, e.g. "On question 3 of 6 ·
    1:25 left of 5:00" (``on``: :meth:`engine.interviews.Interviews.on_question`)."""
    if on is None:
        return "The candidate has not opened a question yet."
    left = on.seconds_left(now)
    clock = (f"{_mmss(left)} left of {_mmss(on.seconds)}" if left > 0
             else f"time is up ({describe_seconds(-left)} ago)")
    return f"On question {on.position + 1} of {total} (the furthest they opened) · {clock}"


def _mmss(seconds: float) -> str:
    m, s = divmod(max(0, int(seconds)), 60)
    return f"{m}:{s:02d}"


def score_form(iv: Any, token: str, interviews: Any, qs: dict, uploaded: set[str] | None = None,
               raw: dict | None = None) -> None:
    """The rubric form for one question (chosen above it), in whichever tab is open; a saved score
    reruns the page so that the scorecard's table and verdict show it at once. Given ``uploaded``
    (the ids whose text is an uploader's), the question and the candidate's answer are shown whole
    above the form, the Scorecard tab's table showing only their start, and with ``raw`` (the
    questions as set up) the answer key in a section of its own: scoring there sent the
    interviewer back to the Live tab to read it (a hiring team's walk-through)."""
    st.header("Score a question", anchor=False)
    ids = [e["id"] for e in iv.questions if e["id"] in qs]
    if not ids:
        st.info("No question of this interview can be shown, so none can be scored.")
        return
    # numbered as the Live tab's sections and the table's rows are ("Question 2 · …")
    number = {e["id"]: n for n, e in enumerate(iv.questions, 1)}
    if (following := st.session_state.pop("iv.score.next", None)) in ids:  # set before the box is drawn
        st.session_state["iv.score.q"] = following
    qid = st.selectbox("Question", ids, key="iv.score.q",
                       format_func=lambda i: f"Question {number[i]} · " + textwrap.shorten(
                           qs[i].prompt, 90, placeholder=" …", break_on_hyphens=False))
    scores = interviews.scores(iv.id)
    current = scores.get(qid, {})
    if uploaded is not None:
        # its parts headings under "Score a question" for a screen reader, as the live view's
        with st.container(border=True, key=sections_key("iv.score.whole", 3)):
            show_bank_text(qs[qid].prompt, qid not in uploaded)
            st.markdown("**Candidate's answer:**")
            given = interviews.answers(iv.id).get(qid, {}).get("answer")
            show_answer(qs[qid].type, given, unit_of(qs[qid]))  # their words: inert
            if raw is not None and qid in raw:
                # drawn only while open, as the live view's sections (a figure is a run of its own)
                key_section = st.expander("The answer key: model answer, key points, follow-ups",
                                          key=f"iv.score.key.{qid}", on_change="rerun")
                if key_section.open:
                    with key_section:
                        answer_key(qs[qid], raw[qid], iv.id, qid not in uploaded, f"iv.kfig.score.{qid}")
    ss = st.session_state

    def save() -> None:
        """Store the form's ratings and notes: a callback, so the run it starts draws the table above
        with the new score (a save in the run drew the page, then drew it all again to show it: about
        a second of the interviewer's wait per question)."""
        ss["iv.score.saves"] = ss.get("iv.score.saves", 0) + 1  # each press: what its message's marker shows
        chosen = {c: v for c in CRITERIA if (v := ss.get(f"iv.s.{qid}.{c}")) is not None}
        typed = ss.get(f"{NOTES_KEY}{qid}") or ""
        try:
            interviews.score(token, qid, chosen, typed)
        except AccessDenied:  # the link was replaced meanwhile: the run says so and shows the notes to copy
            return
        except ValueError as exc:
            ss["iv.score.problem"] = str(exc)
            return
        except STORAGE_ERRORS as exc:  # a callback: an error here would replace the page
            ss["iv.score.problem"] = (f"The score was not saved: the database could not be written "
                                      f"({storage_reason(exc)}). Your ratings and notes are still in the form; "
                                      "try again in a moment.")
            return
        ss["iv.score.saved"] = (qid, bool(chosen), bool(typed.strip()))
        # on to the next question not scored yet: scoring 60 took 60 trips to the box (a hiring
        # team's walk); a note alone leaves the question unscored, so the form stays on it
        scored = {k for k, v in scores.items() if v.get("scores")}  # as read when the form was drawn (qid skipped)
        if chosen and (following := next_unscored(ids, qid, scored)) is not None:
            ss["iv.score.next"] = following

    with st.form(f"score-{qid}"):
        cols = st.columns(len(CRITERIA))
        for col, c in zip(cols, CRITERIA):
            prev = current.get("scores", {}).get(c)
            col.radio(c.capitalize(), list(range(1, 5)), format_func=lambda v: BANDS[v - 1],
                      index=(prev - 1) if prev else None, key=f"iv.s.{qid}.{c}")
        st.text_area("Notes", current.get("notes", ""), key=f"{NOTES_KEY}{qid}",
                     max_chars=int(CEILINGS["answer"].limit))
        st.form_submit_button("Save the score", type="primary", on_click=save)
    # What the save did takes the keyboard's focus: the form moved on to the next question, its Save
    # button gone with it, and the focus fell to the page's start, the message unheard (the
    # accessibility audit). The marker stays in its place on other runs (ui.scroll.bring_into_view).
    problem, saved, said = ss.pop("iv.score.problem", None), ss.pop("iv.score.saved", None), None
    if problem is not None:
        said = (st.error, problem)
    elif saved and saved[0] == qid:
        said = (st.success, saved_message(rated=saved[1], noted=saved[2]))
    elif saved and saved[0] in number:
        said = (st.success, f"Saved question {number[saved[0]]}'s score. This is question {number[qid]}, the next "
                            "not scored yet.")
    bring_into_view("iv.score.view", ss.get("iv.score.saves", 0), focus="iv.score.said" if said else "")
    if said:
        with st.container(key="iv.score.said"):
            said[0](said[1])
    q = qs[qid]
    if q.simulation is not None:
        from ui.sim_view import show_simulation

        show_simulation(q, interviews.answers(iv.id).get(qid, {}).get("answer"))


def saved_message(rated: bool, noted: bool) -> str:
    """What the score form's save stored. A save with no rating picked stores the notes only, and
    the scorecard still counts the question unscored: a bare "Saved." beside "not scored yet" left
    the interviewer unsure anything happened (the class walk-through)."""
    if rated:
        return "Saved."
    return ("Note saved. " if noted else "Saved with no rating and no note. ") + \
        "Pick a rating for at least one criterion to score this question."


#: the rubric's columns, headed short (the full name in their help) so that the four fit beside each other
SHORT = {"technical accuracy": "Accuracy", "use of evidence": "Evidence"}
TEXT_HELP = ("The start of the text; the whole of it is under \u201cScore a question\u201d below (choose the "
             "question) and in the Markdown download.")


#: the scorecard table's rows in view before it scrolls
SCORE_ROWS = 25


def score_table(rows: Any) -> None:
    """The scorecard's table, scores first: at 1400 px with the sidebar open the rubric, the mean and the
    notes ran off the right edge behind the question and the answer (the hiring walk-through). The
    long texts come after the scores, narrow, each whole under the form below; cells are plain text."""
    cfg = st.column_config
    # Public or private beside the number, and Late beside the auto-grade: the two caveats a panel weighs
    # were the 10th and 14th columns, a sideways scroll away at 1280 px, under a legend explaining "Late"
    # (a hiring team's walk)
    st.dataframe([{"#": r.position, "Public or private": describe_public(r.public),
                   # keyed as the score radios are labelled ("Technical accuracy"), not the stored keys
                   **{c.capitalize(): BANDS[r.scores[c] - 1] if c in r.scores else "–" for c in CRITERIA},
                   # text: an unscored row reads "–" as its scores do, not a grey "None"
                   "Mean": "–" if r.mean is None else f"{r.mean:.2f}", "Auto-graded": describe_auto(r.auto),
                   "Late": describe_late(r.late_by), "Time on it": r.time_on, "Notes": r.notes,
                   "Question": r.question or r.question_id, "Answer as given": r.shown_answer,
                   "Last save": describe_seconds(r.seconds), "Limit": describe_seconds(r.limit),
                   "Machine coverage": describe_machine(r.machine)}
                  for r in rows], hide_index=True, width="stretch",
                 # every row in view up to SCORE_ROWS (at ten, the eleventh, just scored, was under the
                 # table's own scroll: the hiring walk-through)
                 height=table_height(min(len(rows), SCORE_ROWS)),
                 column_config={"#": cfg.NumberColumn(width=36),
                                **{c.capitalize(): cfg.TextColumn(SHORT.get(c, c.capitalize()), width=104,
                                                                  help=f"{c.capitalize()}: {', '.join(BANDS)}.")
                                   for c in CRITERIA},
                                "Mean": cfg.TextColumn(width=56, help="The mean of this question's scores, 1 to 4."),
                                # "Partly right: 33%" whole (at 96 px it was cut after "33")
                                "Auto-graded": cfg.TextColumn(width=124),
                                "Late": cfg.TextColumn(width=124, help=f"Saved after the question's limit; the server "
                                                                       f"accepts an answer up to {GRACE_SECONDS} s "
                                                                       "after it."),
                                "Notes": cfg.TextColumn(width=140, help="Your notes; the whole of them is in the "
                                                                        "form below and in the downloads."),
                                "Question": cfg.TextColumn(width=140, help=TEXT_HELP),
                                "Answer as given": cfg.TextColumn(width=140, help=TEXT_HELP),
                                # "7 s" read as the time spent (the hiring walk-through): say what each measures
                                "Last save": cfg.TextColumn(width=76, help=LAST_SAVE_MEANS),
                                "Time on it": cfg.TextColumn(width=96, help=TIME_ON_MEANS),
                                "Public or private": cfg.TextColumn("Bank", width=64,
                                                                    help=f"{PUBLIC_MEANS} {PRIVATE_MEANS}")})


def scorecard_tab(token: str, interviews: Any, qs: dict, scoring: Callable[[], None] | None = None,
                  public: Collection[str] | None = None) -> None:
    """The overall verdict, the table of questions and the downloads; ``scoring`` draws the score
    form under them (given while this tab is open); ``public``: the ids a candidate could have
    practised (:meth:`engine.content.loader.Library.public_ids`)."""
    card = interviews.scorecard(token, suggest=suggestion_for(qs), questions=qs, public=public)
    band, reason = card.overall
    # the band never stands alone: the line under it says how many questions it rests on, and while
    # that is a minority it is labelled provisional (the warning below says why)
    st.metric("Overall so far (provisional)" if card.provisional else "Overall", band or "not scored yet",
              delta=card.basis if band else None, delta_color="orange" if card.provisional else "gray",
              delta_arrow="off")
    st.caption(reason + (" Score each question in the form under the downloads." if scoring and not band else ""))
    if card.warning:
        st.warning(card.warning)
    # the candidate is named in the page's header, above the tabs (it was said twice here)
    if card.browser_note:
        st.caption(f":material/devices: {card.browser_note}")
    if card.exposure:
        st.caption(f"{card.exposure}. {PUBLIC_MEANS} {PRIVATE_MEANS}")
    score_table(card.rows)
    if any(r.late for r in card.rows):
        st.caption(f"Late: the answer was saved after the question's limit; the server accepts one up to "
                   f"{GRACE_SECONDS} s after it.")
    if any(r.machine for r in card.rows):
        st.caption("Machine coverage: an offline model's suggestion of which key points each free-text answer "
                   "states. It is shown beside your scores and never changes them.")
    st.header("Download the scorecard", anchor=False)
    st.caption("Markdown to read or share, CSV for a spreadsheet, JSON for a script. Each carries the scores, the "
               "notes, the answers as given and the overall verdict with what it rests on.")
    with st.container(horizontal=True, key="iv.downloads"):
        for label, data, name, mime, key in (
                ("Markdown", card.to_markdown(), card.filename("md"), "text/markdown", "iv.md"),
                ("CSV", card.to_csv(), card.filename("csv"), "text/csv", "iv.csv"),
                ("JSON", card.to_json(), card.filename("json"), "application/json", "iv.json")):
            # "ignore": a download changes nothing on the page, so it costs no run of it
            st.download_button(label, data, name, mime, key=key, icon=":material/download:", on_click="ignore")
    if scoring is not None:  # under the downloads: the form's texts and figures, drawn late, do not move them
        scoring()
