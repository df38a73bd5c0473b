"""Icons in Markdown are pictures, not words, for a screen reader.

Streamlit draws an icon written in Markdown (``:material/quiz: Practice``) as an image named by
the icon's id: a screen reader said "quiz icon Practice" on Home's cards, "key icon" before the
interviewer's warning, and "cancel icon, Step 2" for a derivation's wrong step (the walk-through;
the icons of buttons, links and alerts are hidden from it by Streamlit already). Every icon of ours
in Markdown stands beside words that say the same, so they are marked hidden from assistive
technology, in the browser, as they are drawn: a constant script, installed once per tab, watching
the page for new elements.
"""

from __future__ import annotations

#: what Streamlit draws for an icon in Markdown: a span with role "img" and aria-label "<id> icon"
ICON_CSS = '[data-testid="stMarkdownContainer"] span[role="img"][aria-label$=" icon"]'

SCRIPT = """<script>
(() => {
  if (window.__tunelabQuietIcons) return;
  window.__tunelabQuietIcons = true;
  const ICON = '__ICON__';
  const quiet = (el) => { if (el.getAttribute("aria-hidden") !== "true") el.setAttribute("aria-hidden", "true"); };
  const within = (root) => {
    if (root.matches && root.matches(ICON)) quiet(root);
    if (root.querySelectorAll) root.querySelectorAll(ICON).forEach(quiet);
  };
  within(document);
  new MutationObserver((changes) => {
    for (const change of changes) change.addedNodes.forEach((node) => { if (node.nodeType === 1) within(node); });
  }).observe(document.body, {childList: true, subtree: true});
})();
</script>""".replace("__ICON__", ICON_CSS)

__all__ = ["ICON_CSS", "SCRIPT"]
