"""A derivation's feedback: each step's verdict, its right answer and why it follows."""

from __future__ import annotations

from typing import Any

import streamlit as st

from engine.content.answers import step_key
from engine.units import escape_money

#: each step's verdict in words beside its icon: a screen reader hears the words only
#: (:mod:`ui.screen_reader`), and the colours are not the only difference
MARK = {True: ":green[:material/check_circle: Right]", False: ":red[:material/cancel: Wrong]"}


def show_steps(q: Any, result: Any) -> None:
    """One line per step: right or wrong, the answer, and the reason (the step's ``why``)."""
    # bold, as the feedback's other sections ("Why", "Key points"): an h4 under the page's h1 skipped
    # two levels (axe's heading-order, the accessibility audit)
    st.markdown("**Step by step**")
    for i, (step, g) in enumerate(zip(q.steps, result.steps), start=1):
        with st.container(border=True):
            st.markdown(f"{MARK[g.correct]} · **Step {i}.** {step.prompt}")
            st.markdown(f"Answer: **{escape_money(step_key(step))}**. {step.why}")
    if result.final is not None:
        st.markdown(f"{MARK[result.final.correct]} · **Result.** {escape_money(result.final.feedback)}")
