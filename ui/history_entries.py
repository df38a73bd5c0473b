"""One entry in the browser's history per visit of a page, however its first run writes its address.

Streamlit adds an entry when it moves to another page (the page's path), and another when the
page's script then writes its address (``st.query_params``: Practice its question's ``?q=``, a
lab its settings). So Practice reached from Home's "Start practising" or a role button took two
presses of Back to leave: the first went to the entry of the bare path, where Practice's run wrote
the same address again, and nothing on screen changed.

:data:`SCRIPT`, a constant script of ours installed once per tab, makes a write of the address that
comes after a move to a page, before the person has pressed or typed anything there, replace the
move's entry instead of adding one: the person made one step, so Back takes one. A write that
follows the person's own action on the page (Skip, a slider, a filter) still adds its entry, as
before, and so does every move between pages.
"""

from __future__ import annotations

#: The script (no visitor text in it). ``arrived`` is the path of the page just moved to, until the
#: person presses a pointer or a key: the click or key that made the move comes before the move,
#: so it does not count. The page's write can also reach the browser before the move does (which
#: comes first, the run's timing decides: 3 of 6 moves in Chromium), written then on the old
#: path ("/?q=..."); the move that follows at once, with no press or key between, takes that
#: write's entry (``loose``, when it was made). Streamlit looks ``history.pushState`` up at each
#: call, so the wrapper is seen; Back and Forward write with ``replaceState`` and are not touched.
SCRIPT = """<script>
(() => {
  if (window.__tunelabHistoryEntries) return;
  window.__tunelabHistoryEntries = true;
  const push = history.pushState.bind(history);
  const replace = history.replaceState.bind(history);
  const SOON_MS = 2000;
  let arrived = null, loose = null;
  const acted = () => { arrived = null; loose = null; };
  for (const kind of ["pointerdown", "keydown", "popstate"]) window.addEventListener(kind, acted, true);
  history.pushState = (state, title, url) => {
    const to = url == null ? location.pathname : new URL(url, location.href).pathname;
    const moved = to !== location.pathname;
    if (moved ? loose !== null && performance.now() - loose < SOON_MS : to === arrived) {
      replace(state, title, url);
    } else {
      push(state, title, url);
    }
    arrived = moved ? to : arrived;
    loose = moved ? null : performance.now();
  };
})();
</script>"""
