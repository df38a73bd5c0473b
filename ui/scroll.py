"""Bring a new question into view: Streamlit keeps the page's scroll position across reruns, so
after Next or Skip low on a long page (an ordering on a phone, a derivation) the next question
opened above the screen, and the candidate's countdown with it. And give it the keyboard: the
pressed button is gone with the old question, so the keyboard's focus fell to the page, a screen
reader said nothing of the new question, and Tab went on from where the button had been (below
the next question: six presses back up to its first option, the keyboard walk-through)."""

from __future__ import annotations

import streamlit as st

from ui.element_keys import element_class

#: a marker and a constant script (nothing a visitor controls is written into it; ``__ID__`` is a
#: counter of ours, so each new question is a new element and its script runs): scroll the marker
#: into view only when it is out of it (``__OUT__``), to the top (below the page's sticky header) or
#: the bottom (``__BLOCK__``); ``data-ran`` tells a browser test the script has run (it may run after
#: the run's end shows). With ``__FOCUS__`` (a class of ours, or empty), the element of that class
#: takes the keyboard's focus a moment later (its new text arrives after the marker), once the
#: visitor has pressed something on the page (not on its first showing), unless they are in the
#: sidebar (choosing filters) or have moved the focus meanwhile; ``data-focused`` tells a test it did.
#: ``__FOCUS__`` is a CSS selector of ours; the browser scrolls to it when the marker was not scrolled to.
_SCRIPT = """<div id="__ID__" style="scroll-margin-top: 4.5rem"></div><script>
(() => {
  const mark = document.getElementById("__ID__");
  if (!mark) return;
  const box = mark.getBoundingClientRect();
  const moved = __OUT__;
  if (moved) mark.scrollIntoView({block: "__BLOCK__"});
  const focus = "__FOCUS__";
  const before = document.activeElement;
  // not on a page's first showing: nothing was pressed yet, and the focused card drew its dark ring
  // for every visitor, mouse or keyboard (Chromium shows programmatic focus before any input). The
  // browser's record of the first input says; one without that record (Safari) always moves it
  const timed = PerformanceObserver.supportedEntryTypes.includes("first-input");
  const pressed = !timed || performance.getEntriesByType("first-input").length > 0;
  if (focus && pressed && !(before && before.closest && before.closest('[data-testid="stSidebar"]'))) {
    // tried again for up to 10 s: what takes the focus (a verdict under the card) may arrive after
    // the marker, seconds later on a busy server (in a loaded full test run "Created ..." once never
    // took the focus: a 3 s window is the likeliest cause), and a loading skeleton is waited out too
    const give = (tries) => {
      // moved meanwhile by the visitor: left there (a box inside a component's shadow root shows
      // only its host as the focused element, so any move counts, not only into an input)
      const now = document.activeElement;
      if (now && now !== before && now !== document.body) return;
      const target = document.querySelector(focus);
      // an element whose code is still loading (a metric's first drawing) shows Streamlit's empty
      // skeleton: a reader given the focus then heard the cards without their numbers
      const loading = target && target.querySelector('[data-testid="stSkeleton"]');
      if ((!target || loading) && tries > 0) { setTimeout(() => give(tries - 1), 100); return; }
      if (!target) return;
      if (!target.hasAttribute("tabindex")) target.setAttribute("tabindex", "-1");
      target.focus({preventScroll: moved});
      mark.dataset.focused = "1";
    };
    setTimeout(() => give(100), 150);
  }
  mark.dataset.ran = "1";
})();
</script>"""
#: above (the marker at the top of what it shows) or not (at its end, as a confirmation under the
#: last question): the id's prefix, when it is out of view, where it goes. app.py's style takes a
#: ``tl-top-`` marker out of the layout; one at the end keeps its place (taken out, it sat at the top)
_SIDES = {True: ("tl-top-", "box.top < 0", "start"),
          False: ("tl-end-", "box.bottom > window.innerHeight", "end")}


#: what the marker's place holds on other runs: Streamlit matches a run's elements to the page's by
#: position, so a run without the marker moved every later element up one place and the browser
#: rebuilt them all, dropping the keyboard's focus (a refused answer sent it from Submit to the top)
_IDLE = '<div id="tl-top-idle"></div>'


def bring_into_view(key: str, showing: object, above: bool = True, focus: str = "", phase: object = None,
                    phase_focus: str = "") -> None:
    """Draw the marker with its script when ``showing`` (what the card now shows: a question, its
    position) differs from what it last showed under ``key``; on other runs (an answer's), an idle
    marker in the same place, so the elements after it stay the same elements. ``above``: the marker
    is at the top of what it shows (scrolled to when above the screen); else at its end (scrolled to
    when below the screen). ``focus``: the key of the container that then takes the keyboard's focus
    (a constant of ours: it reaches the browser as a class, :func:`ui.element_keys.element_class`).

    ``phase``: what the card shows of the same question (asked, answered, locked). When only the
    phase changed and ``phase_focus`` (a CSS selector of ours, single quotes inside) names
    something, the keyboard goes to that instead, the page not scrolled to the marker: the pressed
    button is gone with the form, and a verdict under the card, or "Time is up", was not heard."""
    ss = st.session_state
    counter = f"{key}.n"
    before, now = ss.get(key), (showing, phase)
    new_question = not isinstance(before, tuple) or before[0] != showing
    if before != now and (new_question or phase_focus):
        ss[key] = now
        ss[counter] = ss.get(counter, 0) + 1
        if new_question:
            _marker(str(int(ss[counter])), above, f".{element_class(focus)}" if focus else "")
        else:
            _marker(str(int(ss[counter])), above, phase_focus, scroll=False)
    else:
        ss[key] = now
        st.html(_IDLE, width="content")


def count_shown(key: str) -> None:
    """Count one more result of a press under ``key`` (a lab's run that ended with something to
    show): its :func:`bring_into_view` then gives the keyboard to it once, and only after a press
    (a rerun, an edit of a setting, a return to the page leaves the focus where it is)."""
    st.session_state[key] = st.session_state.get(key, 0) + 1


def reveal(key: str) -> None:
    """Scroll to this place when it is below the screen, once (``key`` counts the markers drawn):
    for something that appears while the visitor waits, as a run's progress bar. On a phone the
    bar of a search started from the top of the Search lab was drawn under the link box, off the
    screen: for seconds nothing on screen moved but the pressed button."""
    ss = st.session_state
    ss[key] = ss.get(key, 0) + 1
    _marker(f"{key.replace('.', '-')}-{int(ss[key])}", above=False)


def _marker(name: str, above: bool, focus: str = "", scroll: bool = True) -> None:
    """The marker ``name`` (our own counter, never visitor text) with its script (:data:`_SCRIPT`),
    giving the focus to the element ``focus`` (a CSS selector of ours) when one is named;
    scrolled to when out of view unless not ``scroll``."""
    prefix, out, block = _SIDES[above]
    out = out if scroll else "false"
    script = (_SCRIPT.replace("__ID__", f"{prefix}{name}").replace("__OUT__", out).replace("__BLOCK__", block)
              .replace("__FOCUS__", focus))
    st.html(script, unsafe_allow_javascript=True, width="content")
