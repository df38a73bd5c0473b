"""One answer widget per question type, drawn inside the practice form.

Each widget function takes the question and a key prefix and returns the raw response in
the shape :func:`engine.content.grading.grade` expects, or raises ``ValueError`` with a
sentence for the user when the input is incomplete (e.g. an unnumbered step).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

from engine.content.numbers import placeholder, read_number
from engine.content.shown_order import display_order, steps_order
from engine.limits import CEILINGS, check_text
from ui.screen_reader import CHOICES_SUFFIX

NO_POSITION = "–"
#: the position box's width in pixels: "–" or a number of one or two digits, and the box's arrow
ORDER_BOX_WIDTH = 84


def shown_choices(q: Any) -> list[str]:
    """The choices of a question in the order they are shown; a candidate's copy of a question
    has them in that order already (``shown_in_order``)."""
    if getattr(q, "shown_in_order", False):
        return list(q.choices)
    return display_order(q.id, q.choices)


def shown_steps(q: Any) -> list[str]:
    """The steps of an ordering question in the order they are shown (see
    :func:`engine.content.shown_order.steps_order`). A candidate's copy of a question carries no
    answer: its steps come already in that order (``shown_in_order``)."""
    if getattr(q, "shown_in_order", False):
        return list(q.items)
    return steps_order(q.id, q.items, getattr(q, "answer", None))


def single_choice(q: Any, key: str, label: str = "Your answer") -> Callable[[], Any]:
    options = shown_choices(q)
    st.radio(label, options, index=None, key=f"{key}:radio")

    def read() -> str:
        value = st.session_state.get(f"{key}:radio")
        if value is None:
            raise ValueError("Choose one option before submitting.")
        return value

    return read


def multi_choice(q: Any, key: str, on_change: Callable[[], None] | None = None, disabled: bool = False,
                 fmt: Callable[[str], str] = str) -> Callable[[], Any]:
    """One checkbox per option (keys ``{key}:cb<n>``, by position). ``fmt`` turns an option into
    its label (a mock interview passes an escaper for an uploaded bank's text)."""
    options = shown_choices(q)
    # one group named by its caption for a screen reader (ui.screen_reader), as a radio's options are
    with st.container(key=f"{key}{CHOICES_SUFFIX}"):
        st.caption("Tick every option that applies.")
        for i, option in enumerate(options):
            st.checkbox(fmt(option), key=f"{key}:cb{i}", on_change=on_change, disabled=disabled)

    def read() -> list[str]:
        picked = ticked(q, key)
        if not picked:
            raise ValueError("Tick at least one option before submitting.")
        return picked

    return read


def ticked(q: Any, key: str) -> list[str]:
    """The options ticked so far in :func:`multi_choice`, in display order (possibly none)."""
    options = shown_choices(q)
    return [o for i, o in enumerate(options) if st.session_state.get(f"{key}:cb{i}")]


def restore_ticks(q: Any, key: str, saved: Any) -> None:
    """Tick the options of a saved multi-choice answer (before the widgets are drawn)."""
    if isinstance(saved, list):
        for i, option in enumerate(shown_choices(q)):
            st.session_state.setdefault(f"{key}:cb{i}", option in saved)


def numeric(q: Any, key: str, label: str = "Your answer") -> Callable[[], Any]:
    unit = f" ({q.answer.unit})" if q.answer.unit else ""
    st.text_input(
        f"{label}{unit}", key=f"{key}:num", placeholder=placeholder(q.answer.whole), width=320
    )

    def read() -> float:
        return read_number(st.session_state.get(f"{key}:num") or "", q.answer.unit, whole=q.answer.whole)

    return read


def ordering(q: Any, key: str, on_change: Callable[[], None] | None = None, disabled: bool = False,
             fmt: Callable[[str], str] = str) -> Callable[[], Any]:
    """Every step visible, each with a position box (keys ``{key}:pos<n>``, by position)."""
    items = shown_steps(q)
    positions = [NO_POSITION] + [str(i) for i in range(1, len(items) + 1)]
    st.caption("Number the items in the order the question asks: 1 comes first.")
    for i, item in enumerate(items):
        # the box and the step it numbers side by side in one bordered row, on a phone too (the
        # text wraps beside the box; stacked columns once left a box between two steps). A row,
        # not columns: three elements a step where columns sent six, and the card that holds an
        # ordering is redrawn on every answer (an interview's on every change of a number)
        with st.container(border=True, horizontal=True, wrap=False, vertical_alignment="center"):
            st.selectbox(
                # hidden, but what a screen reader says of the box: which step it numbers
                f"Position of: {fmt(item)}",
                positions,
                key=f"{key}:pos{i}",
                label_visibility="collapsed",
                on_change=on_change,
                disabled=disabled,
                width=ORDER_BOX_WIDTH,
            )
            st.markdown(fmt(item))

    def read() -> list[str]:
        chosen = [st.session_state.get(f"{key}:pos{i}", NO_POSITION) for i in range(len(items))]
        if NO_POSITION in chosen:
            raise ValueError("Give every item a position before submitting.")
        if len(set(chosen)) != len(chosen):
            twice = sorted({c for c in chosen if chosen.count(c) > 1}, key=int)
            which = " and ".join(twice)
            raise ValueError(f"Each position can be used once: {which} {'is' if len(twice) == 1 else 'are'} "
                             "given to more than one item.")
        return [item for _, item in sorted(zip((int(c) for c in chosen), items))]

    return read


def numbered(q: Any, key: str) -> list[str]:
    """The steps of :func:`ordering` numbered so far, in the order of their numbers (a partial
    order while some are left unnumbered; ties keep the display order)."""
    items = shown_steps(q)
    chosen = [st.session_state.get(f"{key}:pos{i}", NO_POSITION) for i in range(len(items))]
    return [item for _, _, item in sorted((int(c), i, item) for i, (c, item) in enumerate(zip(chosen, items))
                                          if c != NO_POSITION)]


def restore_positions(q: Any, key: str, saved: Any) -> None:
    """Number the steps of a saved ordering (before the widgets are drawn)."""
    if isinstance(saved, list):
        for i, item in enumerate(shown_steps(q)):
            if item in saved:
                st.session_state.setdefault(f"{key}:pos{i}", str(saved.index(item) + 1))


def free_text(q: Any, key: str) -> Callable[[], Any]:
    limit = int(CEILINGS["answer"].limit)
    st.text_area(
        "Your answer",
        key=f"{key}:text",
        height=180,
        max_chars=limit,
        placeholder="Answer as you would aloud in the interview. Then compare with the key points.",
    )

    def read() -> dict[str, Any]:
        text = (st.session_state.get(f"{key}:text") or "").strip()
        if not text:
            raise ValueError("Write your answer first; you will then check it against the key points.")
        return {"text": check_text(text, "Your answer")}

    return read


def derivation(q: Any, key: str) -> Callable[[], Any]:
    """Each step of a derivation with its own widget, then the question's final answer."""
    from types import SimpleNamespace

    readers = []
    for i, step in enumerate(q.steps):
        st.markdown(f"**Step {i + 1}.** {step.prompt}")
        # the step widgets shuffle and key by an id of their own
        view = SimpleNamespace(id=f"{q.id}:step{i}", choices=getattr(step, "choices", None), answer=step.answer)
        # each widget named by its step: a screen reader otherwise hears "Your answer" three times
        readers.append(WIDGETS[step.type](view, f"{key}:s{i}", label=f"Step {i + 1}: your answer"))
    st.markdown(f"**Result.** {FINAL_PROMPT}")
    named = {"label": "Result: your answer"} if q.type in ("single_choice", "numeric") else {}
    final = WIDGETS[q.type](q, f"{key}:final", **named)

    def read() -> dict[str, Any]:
        steps = []
        for i, r in enumerate(readers, start=1):
            try:
                steps.append(r())
            except ValueError as exc:
                raise ValueError(f"Step {i}: {exc}") from None
        try:
            return {"steps": steps, "final": final()}
        except ValueError as exc:
            raise ValueError(f"Result: {exc}") from None

    return read


FINAL_PROMPT = "Now the answer the question asks for."


def widget_for(q: Any) -> Callable[[Any, str], Callable[[], Any]]:
    """The widget of a question: step by step for a derivation, else the one of its type."""
    return derivation if getattr(q, "steps", None) else WIDGETS[q.type]


WIDGETS: dict[str, Callable[[Any, str], Callable[[], Any]]] = {
    "single_choice": single_choice,
    "multi_choice": multi_choice,
    "numeric": numeric,
    "ordering": ordering,
    "free_text": free_text,
}
