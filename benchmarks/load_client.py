"""A visitor without a browser: Streamlit's own websocket protocol, for the load benchmark.

A browser visitor renders the page on their own machine; thirty Chromium contexts on the
server's two cores measure Chromium as much as the server. This client speaks what the
browser speaks to the server (protobuf ``BackMsg`` / ``ForwardMsg`` on ``/_stcore/stream``): it
asks for a script run with the widget values a visitor would send, and an action's time runs
from sending that message until the server reports the run finished. Between actions it waits
a reading time, as a person does; the same waits (same seed) are used for the bare page.

What a visitor does on the practice page: open it, then for five questions pick the first
option (one choice), tick the first box (several choices) or type a number, submit in the
question's form, and press "Next question"; questions that take several steps (orderings, free
text) are skipped with the form's "Skip" button, an action too.
"""

from __future__ import annotations

import asyncio
import random
import time
from dataclasses import dataclass, field

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

#: text that means a run failed for the visitor (an exception box is caught by its element type)
FAILURE_TEXT = ("could not be saved", "Traceback")


@dataclass
class Element:
    kind: str  # the proto's element type: "radio", "checkbox", "button", "markdown", ...
    id: str
    label: str
    form: str
    options: list[str] = field(default_factory=list)
    text: str = ""
    fragment: str = ""  # the fragment that drew it: acting on it reruns only that fragment


@dataclass
class Run:
    seconds: float
    elements: list[Element]
    restarts: int = 0  # runs the script ended early with st.rerun() before this one
    deltas: int = 0  # the run's deltas (elements and blocks, a message each)

    def buttons(self, label: str) -> list[Element]:
        return [e for e in self.elements if e.kind == "button" and e.label == label]

    def failure(self) -> str | None:
        for e in self.elements:
            if e.kind == "exception":
                return f"exception: {e.text[:120]}"
            if e.kind in ("alert", "markdown") and any(t in e.text for t in FAILURE_TEXT):
                return f"{e.kind}: {e.text[:120]}"
        return None


def _element(delta) -> Element | None:
    if delta.WhichOneof("type") != "new_element":
        return None
    new = delta.new_element
    kind = new.WhichOneof("type")
    if kind is None:
        return None
    proto = getattr(new, kind)
    text = ""
    for name in ("body", "message", "text"):
        value = getattr(proto, name, None)
        if isinstance(value, str) and value:
            text = value
            break
    options = list(getattr(proto, "options", []) or []) if kind in ("radio", "selectbox") else []
    return Element(kind, getattr(proto, "id", "") or "", getattr(proto, "label", "") or "",
                   getattr(proto, "form_id", "") or "", [str(o) for o in options], text, delta.fragment_id)


class Visitor:
    """One websocket session with a Streamlit server."""

    def __init__(self, url: str, page: str, timeout: float, query: str = ""):
        self.url = url.replace("http://", "ws://") + "/_stcore/stream"
        self.page = page
        self.query = query  # the address's query string, without "?" ("q=some-question"); follows the page's writes
        self.timeout = timeout
        self.ws = None

    async def __aenter__(self) -> "Visitor":
        import websockets

        self.ws = await websockets.connect(self.url, subprotocols=["streamlit"], max_size=2**25,
                                           open_timeout=self.timeout)
        return self

    async def __aexit__(self, *exc) -> None:
        await self.ws.close()

    async def run(self, widgets: list[WidgetState] | None = None, fragment: str = "") -> Run:
        """Ask for a script run with these widget values; wait until it has finished.

        ``fragment``: the fragment of the widget acted on, as the browser sends it; the server
        then reruns only that fragment.
        """
        msg = BackMsg()
        msg.rerun_script.query_string = self.query
        msg.rerun_script.page_name = self.page
        msg.rerun_script.fragment_id = fragment
        if widgets:
            msg.rerun_script.widget_states.widgets.extend(widgets)
        t0 = time.perf_counter()
        await self.ws.send(msg.SerializeToString())
        elements: list[Element] = []
        restarts = deltas = 0
        while True:
            fwd = ForwardMsg()
            fwd.ParseFromString(await asyncio.wait_for(self.ws.recv(), self.timeout))
            kind = fwd.WhichOneof("type")
            if kind == "page_info_changed":
                # the page wrote its address (st.query_params): a browser's address bar now holds it,
                # and the browser sends it with every later run, as this client does
                self.query = fwd.page_info_changed.query_string
            elif kind == "delta":
                deltas += 1
                element = _element(fwd.delta)
                if element is not None:
                    elements.append(element)
            elif kind == "script_finished":
                # a page that calls st.rerun() (after saving an answer) runs again at once: the
                # action is over when that run is
                if fwd.script_finished == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                    elements = []
                    restarts += 1
                    deltas = 0
                    continue
                return Run(time.perf_counter() - t0, elements, restarts, deltas)

    async def press(self, button: Element, *values: WidgetState) -> Run:
        """Press ``button`` (with these widget values) as a browser does: a rerun of the fragment
        that drew it, or of the page."""
        return await self.run([*values, trigger(button)], button.fragment)


def trigger(element: Element) -> WidgetState:
    state = WidgetState(id=element.id)
    state.trigger_value = True
    return state


def question_kind(run: Run) -> str:
    """What the card on screen asks for, by its answer widgets ("one choice", "several choices",
    "a number", "an ordering", "free text"), with "+ figure" when it draws one; "" for a verdict or
    an end screen. How many elements a card sends depends on it (an ordering: a box per step)."""
    in_form = [e for e in run.elements if e.form.startswith("answer-form")]
    kinds = {e.kind for e in in_form}
    if "text_area" in kinds:
        kind = "free text"
    elif "selectbox" in kinds:
        kind = "an ordering"
    elif "radio" in kinds:
        kind = "one choice"
    elif "checkbox" in kinds:
        kind = "several choices"
    elif "text_input" in kinds:
        kind = "a number"
    else:
        return ""
    return kind + (" + figure" if any(e.kind == "plotly_chart" for e in run.elements) else "")


def answer_states(run: Run) -> list[WidgetState] | None:
    """The widget values of a first-option answer to the question on screen, or None when the
    question takes several steps (it is skipped)."""
    in_form = [e for e in run.elements if e.form.startswith("answer-form")]
    radios = [e for e in in_form if e.kind == "radio" and e.options]
    boxes = [e for e in in_form if e.kind == "checkbox"]
    texts = [e for e in in_form if e.kind == "text_input"]
    if radios:
        state = WidgetState(id=radios[0].id)
        state.string_value = radios[0].options[0]
        return [state]
    if boxes:
        state = WidgetState(id=boxes[0].id)
        state.bool_value = True
        return [state]
    if texts and not any(e.kind == "text_area" for e in in_form):
        state = WidgetState(id=texts[0].id)
        state.string_value = "1"
        return [state]
    return None


async def practice_visitor(url: str, answers: int, think: random.Random, think_s: tuple[float, float],
                           times: dict[str, list[float]], errors: list[str], timeout: float,
                           by_question: dict[str, list[float]] | None = None, before: tuple[str, ...] = ()) -> int:
    """Open the practice page and answer ``answers`` questions; returns the answers submitted.

    ``by_question``: also files each move's time under the kind of question it drew ("next: an
    ordering") and each answer's under the kind answered ("submit: one choice"). ``before``: pages
    (``optimizer-lab``) opened first in the same session, untimed: what they leave in it stays."""
    submitted = 0
    by_question = by_question if by_question is not None else {}

    def timed(action: str, kind: str, run: Run) -> Run:
        """File ``run``'s time under its action and under the question it drew or answered."""
        times[action].append(run.seconds)
        by_question.setdefault(f"{action}: {kind or 'no question'}", []).append(run.seconds)
        return run

    step = "open"
    try:
        async with Visitor(url, "practice", timeout) as v:
            for page in before:
                v.page = page
                if (failure := (await v.run()).failure()) is not None:
                    errors.append(f"{page}: {failure}")
                    return submitted
            v.page = "practice"
            run = await v.run()
            times["open"].append(run.seconds)
            while submitted < answers:
                if (failure := run.failure()) is not None:
                    errors.append(f"{step}: {failure}")
                    return submitted
                await asyncio.sleep(think.uniform(*think_s))
                values = answer_states(run)
                submit, skip = run.buttons("Submit answer"), run.buttons("Skip")
                if values is None or not submit:
                    if not skip:
                        errors.append(f"{step}: neither an answer form nor Skip on the page")
                        return submitted
                    step = "skip"
                    run = await v.press(skip[0])
                    timed("skip", question_kind(run), run)
                    continue
                step = "submit"
                answered = question_kind(run)
                run = timed("submit", answered, await v.press(submit[0], *values))
                if (failure := run.failure()) is not None:
                    errors.append(f"submit: {failure}")
                    return submitted
                if not run.buttons("Next question \u2192"):
                    # the page refused the answer (a number where it wants a word, say) and asks
                    # again: nothing was saved, so the visitor moves on with Skip
                    if not run.buttons("Skip"):
                        errors.append("submit: neither a verdict nor the question after submitting")
                        return submitted
                    run = await v.press(run.buttons("Skip")[0])
                    timed("skip", question_kind(run), run)
                    continue
                submitted += 1
                if submitted < answers:
                    await asyncio.sleep(think.uniform(*think_s))
                    step = "next"
                    run = await v.press(run.buttons("Next question \u2192")[0])
                    timed("next", question_kind(run), run)
    except Exception as exc:  # a timeout or a dropped connection is an error of this visitor
        errors.append(f"{step}: {type(exc).__name__}: {exc}"[:200])
    return submitted


async def bare_visitor(url: str, actions: int, think: random.Random, think_s: tuple[float, float],
                       times: dict[str, list[float]], errors: list[str], timeout: float) -> None:
    """Open the bare page and press its button ``actions - 1`` times."""
    try:
        async with Visitor(url, "", timeout) as v:
            run = await v.run()
            times["open"].append(run.seconds)
            for _ in range(actions - 1):
                await asyncio.sleep(think.uniform(*think_s))
                run = await v.press(run.buttons("Again")[0])
                times["again"].append(run.seconds)
    except Exception as exc:
        errors.append(f"bare: {type(exc).__name__}: {exc}"[:200])
