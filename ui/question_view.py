"""Drawing a question's header and the feedback after an answer."""

from __future__ import annotations

from typing import Any

import streamlit as st

from engine.content.answers import numeric_key, readable_answer
from engine.content.grading import Grade
from engine.content.topics import QUESTION_TYPES, ROLES, topic_title
from engine.forms import FORMS, forms_of
from engine.scorecard import unit_of
from engine.units import escape_money, with_unit
from ui.screen_reader import sections_key
from ui.text import show_text

DIFFICULTY_BADGE = {"easy": ("Easy", "green"), "medium": ("Medium", "orange"), "hard": ("Hard", "red")}


def question_header(q: Any, bank_title: str, link: str = "") -> str:
    """The badges, the question's bank, type and roles (small, grey), and a link to ``link`` under them, as
    one Markdown text for the element that also holds the prompt (one message, not three)."""
    label, colour = DIFFICULTY_BADGE[q.difficulty]
    topics = " ".join(f":gray-badge[{topic_title(t)}]" for t in q.topics)
    roles = ", ".join(ROLES[r] for r in q.roles)
    # a form the bank's title names already ("Check it live: optimisers ...") is not said twice
    forms = "".join(f"{FORMS[f].title} \u00b7 " for f in forms_of(q) if not bank_title.startswith(FORMS[f].title))
    about = f"{bank_title} \u00b7 {forms}{QUESTION_TYPES[q.type][1]} \u00b7 for {roles}"
    text = f":{colour}-badge[{label}] {topics}  \n:small[:gray[{about}]]"
    # a named link (the address in the text looked technical to a manager; it opens or copies alike)
    return text + f"  \n:small[:material/link: [Link to this question]({link})]" if link else text


#: a ticked option of a several-choice question, in words beside the icon (a screen reader says the words);
#: "not in the answer", beside an option the learner ticked, read as "not in your answer"
TICKED = {True: ":green[:material/check: right]", False: ":red[:material/close: not a right option]"}
#: a right option left unticked, listed after the ticked ones ("1 missed" alone did not say which)
MISSED = ":orange[:material/remove: missed, a right option]"
#: a step of an ordering at its right place; one elsewhere says where it belongs (:func:`_placed`)
IN_PLACE = ":green[:material/check: in place]"


def _placed(at: int, belongs: int | None) -> str:
    """The mark beside the step the learner put at ``at`` (1-based): in place, or where it belongs."""
    if belongs == at:
        return IN_PLACE
    if belongs is None:  # a step the key does not hold (a bank changed under an answer)
        return ""
    suffix = "th" if 10 <= belongs % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(belongs % 10, "th")
    return f":orange[:material/swap_vert: belongs {belongs}{suffix}]"


def answer_summary(q: Any, response: Any) -> str:
    """The candidate's answer as Markdown, laid out as the right answer is (a derivation's final
    answer; an ordering as a numbered list)."""
    if getattr(q, "steps", None) and isinstance(response, dict) and "final" in response:
        # each step's answer, then the result: the result alone hid the step a learner got wrong
        given = list(response.get("steps") or [])
        given += [None] * (len(q.steps) - len(given))
        lines = [f"Step {i}: {readable_answer(step.type, a, unit_of(step))}"
                 for i, (step, a) in enumerate(zip(q.steps, given), 1)]
        final = answer_summary(q.model_copy(update={"steps": None}), response["final"])
        return "  \n".join([*lines, f"Result: {final}"])
    if q.type == "single_choice":
        return response
    if q.type == "multi_choice":
        # each ticked option on its line, said right or not in words: joined by ";" the options ran
        # together, and which tick was wrong was left to the reader (the learner's walk-through)
        missed = [option for option in q.answer if option not in response]
        return "  \n".join([*(f"{TICKED[option in q.answer]} \u00b7 {option}" for option in response),
                            *(f"{MISSED} \u00b7 {option}" for option in missed)])
    if q.type == "numeric":
        return with_unit(response, q.answer.unit)
    if q.type == "ordering":
        # each step marked in place or where it belongs: two lists of six long sentences left the
        # learner to find the difference (the learner's walk-through)
        where = {step: n for n, step in enumerate(q.answer, 1)}
        return "\n".join(f"{i}. {step} \u00b7 {_placed(i, where.get(step))}".rstrip(" \u00b7")
                         for i, step in enumerate(response, 1))
    return response.get("text", "")


def correct_answer(q: Any) -> str | None:
    if q.type == "single_choice":
        return q.answer
    if q.type == "multi_choice":
        return "\n".join(f"- {option}" for option in q.answer)
    if q.type == "numeric":
        a = q.answer
        tol = []
        if a.abs_tol:
            tol.append(f"\u00b1{a.abs_tol:g}")
        if a.rel_tol:
            tol.append(f"\u00b1{a.rel_tol * 100:g}%")
        # a count ("42 configurations") is right or wrong: no "within \u00b10"
        return numeric_key(a) + (f" (accepted within {' or '.join(tol)})" if tol else " (exactly)")
    if q.type == "ordering":
        return "\n".join(f"{i}. {step}" for i, step in enumerate(q.answer, 1))
    return None


def show_feedback(q: Any, result: Grade, your_answer: str, covered: list[str] | None = None) -> None:
    """Verdict, the right answer, the explanation and the interviewer's notes; each section's name
    ("Why", "Key points") a heading for a screen reader (:func:`ui.screen_reader.sections_key`).

    ``covered``: for a free-text answer, the key points finally counted as covered (the judge's
    suggestion as the candidate corrected it).
    """
    with st.container(key=sections_key("practice.feedback")):
        _feedback(q, result, your_answer, covered)


def _feedback(q: Any, result: Grade, your_answer: str, covered: list[str] | None) -> None:
    credit = f"{result.score:.0%}"
    # a partly right verdict already states its credit ("Partly right: 90%. ...")
    verdict = escape_money(result.feedback if credit in result.feedback else f"{result.feedback}  Score: {credit}.")
    if result.correct:
        st.success(verdict, icon=":material/check_circle:")
    elif result.score > 0:
        st.warning(verdict, icon=":material/rule:")
    else:
        st.error(verdict, icon=":material/cancel:")

    # The card is redrawn on every answer, and every element is one more message to the browser:
    # each heading shares its text's element, the two answers and the explanation share one, and
    # the three lists another (stacked: three columns of a centred page wrapped every line).
    right = correct_answer(q)
    why = f"**Why**\n\n{q.explanation}"
    steps = getattr(result, "steps", None)
    if q.type == "free_text":  # the visitor's own words: text, never Markdown
        st.markdown("**Your answer**")
        with st.container(border=True):
            show_text(your_answer)
        st.markdown(why)
    else:  # one of the bank's own choices or steps, or a number: checked by the grader
        answers = f"**Your answer**\n\n{escape_money(your_answer)}"
        # a right choice or order is the right answer: said once (a number may differ within tolerance)
        if result.correct and q.type != "numeric":
            right = None
        if right is not None:
            answers += f"\n\n**Right answer**\n\n{escape_money(right)}"
        if steps:
            from ui.steps_view import show_steps

            st.markdown(answers)
            show_steps(q, result)
            st.markdown(why)
        else:
            st.markdown(f"{answers}\n\n{why}")
    with st.expander("Model answer, as you would say it", expanded=q.type != "free_text"):
        st.markdown(q.model_answer)
    if covered is None:
        points = "\n".join(f"- {p}" for p in q.key_points)
    else:
        # words beside the icons (a screen reader says "check icon"), and no bullet before the mark
        marks = {True: ":green[:material/check: covered]", False: ":gray[:material/remove: not covered]"}
        points = "  \n".join(f"{marks[p in covered]} \u00b7 {p}" for p in q.key_points)
    st.markdown(f"**Key points**\n\n{points}\n\n"
                "**Common mistakes**\n\n" + "\n".join(f"- {m}" for m in q.common_mistakes) + "\n\n"
                "**Follow-up questions**\n\n" + "\n".join(f"- {f}" for f in q.follow_ups))
