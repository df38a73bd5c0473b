"""Bring a new question into view: Streamlit keeps the page's scroll position across reruns, so
after Next or Skip low on a long page (an ordering on a phone, a derivation) the next question
opened above the screen, and the candidate's countdown with it."""

from __future__ import annotations

import streamlit as st

#: a marker and a constant script (nothing a visitor controls is written into it; ``__N__`` is a
#: counter of ours, so each new question is a new element and its script runs): scroll the marker
#: to the top (below the page's sticky header) only when it is above the screen; ``data-ran`` tells
#: a browser test the script has run (it may run after the run's end shows)
_SCRIPT = """<div id="tl-top-__N__" style="scroll-margin-top: 4.5rem"></div><script>
(() => {
  const mark = document.getElementById("tl-top-__N__");
  if (!mark) return;
  if (mark.getBoundingClientRect().top < 0) mark.scrollIntoView({block: "start"});
  mark.dataset.ran = "1";
})();
</script>"""


#: what the marker's place holds on other runs: Streamlit matches a run's elements to the page's by
#: position, so a run without the marker moved every later element up one place and the browser
#: rebuilt them all, dropping the keyboard's focus (a refused answer sent it from Submit to the top)
_IDLE = '<div id="tl-top-idle"></div>'


#: the same for a marker drawn below what must be seen (a confirmation under the last question): scroll
#: it to the screen's bottom edge only when it is below the screen
_SCRIPT_BELOW = """<div id="tl-end-__N__"></div><script>
(() => {
  const mark = document.getElementById("tl-end-__N__");
  if (!mark) return;
  if (mark.getBoundingClientRect().bottom > window.innerHeight) mark.scrollIntoView({block: "end"});
  mark.dataset.ran = "1";
})();
</script>"""


def bring_into_view(key: str, showing: object, above: bool = True) -> None:
    """Draw the marker with its script when ``showing`` (what the card now shows: a question, its
    position) differs from what it last showed under ``key``; on other runs (an answer's), an idle
    marker in the same place, so the elements after it stay the same elements. ``above``: the marker
    is at the top of what it shows (scrolled to when above the screen); else at its end (scrolled to
    when below the screen)."""
    ss = st.session_state
    counter = f"{key}.n"
    if ss.get(key) != showing:
        ss[key] = showing
        ss[counter] = ss.get(counter, 0) + 1
        script = _SCRIPT if above else _SCRIPT_BELOW
        st.html(script.replace("__N__", str(int(ss[counter]))), unsafe_allow_javascript=True, width="content")
    else:
        st.html(_IDLE, width="content")
