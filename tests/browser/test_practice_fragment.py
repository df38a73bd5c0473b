"""Practice reruns only its question card when the visitor answers or moves on.

Spoken to the server as a browser does (Streamlit's websocket protocol, through the load
benchmark's client): the answer and "Next" runs carry the card's fragment id, draw only the
card (no filter, no title), in one run each, and still bring the sidebar's day score up to date.
"""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

from benchmarks.load_client import Visitor, answer_states, question_kind

NEXT = "Next question \u2192"


def answered_today(run) -> int:
    """The sidebar's day score ("**Today**", then "3 answered · 2 right · ..."): how many answered."""
    line = next(e.text for e in run.elements if e.kind == "markdown" and e.text.startswith("**Today**"))
    return 0 if "nothing answered" in line else int(line.removeprefix("**Today**").split()[0])


async def answer_then_next(url: str) -> dict:
    async with Visitor(url, "practice", 60) as v:
        first = opened = await v.run()
        for _ in range(10):  # skip what takes several steps until a one-step question is on screen
            values, submit = answer_states(opened), opened.buttons("Submit answer")
            if values is not None and submit:
                break
            await asyncio.sleep(0.6)  # a Skip within half a second of arriving is a double click's second
            opened = await v.press(opened.buttons("Skip")[0])
        submit = opened.buttons("Submit answer")[0]
        answered = await v.press(submit, *answer_states(opened))
        moved = await v.press(answered.buttons(NEXT)[0])
        return {"first": first, "opened": opened, "answered": answered, "moved": moved, "fragment": submit.fragment}


def test_answering_and_moving_on_rerun_only_the_question_card(server):
    # a thread of its own: Playwright's fixtures keep an event loop running in this one
    with ThreadPoolExecutor(1) as pool:
        runs = pool.submit(asyncio.run, answer_then_next(server)).result()
    opened, answered, moved = runs["opened"], runs["answered"], runs["moved"]
    assert runs["fragment"], "the answer form is drawn inside the card's fragment"
    for run in (answered, moved):
        kinds = {e.kind for e in run.elements}
        assert "multiselect" not in kinds  # the sidebar's filters were not redrawn
        assert not any(e.kind == "heading" and e.text == "Practice" for e in run.elements)
        assert {e.fragment for e in run.elements} == {runs["fragment"]}
        assert run.failure() is None
    assert any(e.kind == "multiselect" for e in runs["first"].elements)  # the page's own first run drew them
    # the card's run brings the sidebar's score up to date with the saved answer
    assert answered_today(answered) == answered_today(opened) + 1
    assert answered.buttons(NEXT) and not answered.buttons("Submit answer")
    # the answer is saved by the submit button's callback, so one run draws the verdict (no
    # run that saves and then reruns the card to draw it)
    assert answered.restarts == 0 and moved.restarts == 0
    assert moved.buttons("Submit answer") or moved.buttons("Skip")
    # the load benchmark files each action under the question on screen: the answered one was a
    # one-step question, the verdict is none
    assert question_kind(opened).split(" + ")[0] in ("one choice", "several choices", "a number")
    assert question_kind(answered) == ""
