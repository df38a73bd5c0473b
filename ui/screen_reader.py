"""What a screen reader hears where Streamlit's elements say too much or too little.

- **Icons written in Markdown** (``:material/quiz: Practice``): Streamlit draws them as images
  named by the icon's id, so a screen reader said "quiz icon Practice" on Home's cards, "key icon"
  before the interviewer's warning, and "cancel icon, Step 2" for a derivation's wrong step (the
  accessibility walk-through; the icons of buttons, links and alerts Streamlit hides already).
  Every icon of ours in Markdown stands beside words that say the same: they are hidden.
- **A multiple-choice question's boxes**: each checkbox stood alone, where a radio's options are
  one group named by its label. The boxes are drawn in a container whose key ends in
  :data:`CHOICES_SUFFIX`, made a group named by its caption ("Tick every option that applies.").
- **Copy buttons**: each box of code has one, called "Copy to clipboard", so the interview set-up's
  three read the same. A box drawn by :func:`ui.site_links.copy_box` sits in a container keyed by
  what it holds (:data:`COPY_NAMES`), and its button is named after that ("Copy the candidate
  link"); "Copied", said after a press, is left as it is.
- **The sidebar, collapsed**: Streamlit slides it off the screen and leaves it there, so its links
  and help buttons were still Tab stops (about twenty presses, unseen, between the page's last
  button and its first) and still read by a screen reader. Collapsed, its content is made
  ``inert``; the keyboard, if it was in there (on the collapse button), goes to the button that
  opens it again.

- **Progress bars** were all named "progress": each is named by the words Streamlit draws above
  it ("SGD lr=0.05: epoch 7 of 10 · 3 s"), its value still the percentage.
- **Help buttons in a caption or a paragraph** (``help=`` of ``st.caption``, ``st.markdown``) were
  all named "Help", where a widget's is "Help for <its label>": each is named "Help for" the first
  clause of its words.

- **A verdict's sections** ("Your answer", "Why", "Key points", ...) are words in bold, each a
  paragraph of its own: a screen reader could not jump from one to the next as it does between
  headings. In a container whose key ends in :data:`SECTIONS_SUFFIX`, such a paragraph is a heading
  of level 2 for assistive technology (the page's h1 is its title), or of the level
  :func:`sections_key` names (3 under a page's h2); drawn as before. (Markdown headings would carry
  Streamlit's "link to heading" Tab stops, and a level under 2 would skip one.) The interviewer's
  answer key is one: "Candidate's answer", "Model answer", "Key points", ... under each question.

All seven happen in the browser, as elements are drawn (and as Streamlit puts a button's name
back): a constant script of ours (no visitor text in it), installed once per tab, watching the page.
"""

from __future__ import annotations

import json

from ui.element_keys import element_class

#: what Streamlit draws for an icon in Markdown: a span with role "img" and aria-label "<id> icon"
ICON_CSS = '[data-testid="stMarkdownContainer"] span[role="img"][aria-label$=" icon"]'

#: the end of the key of a container of checkboxes that are one question's options
CHOICES_SUFFIX = ":choices"

#: the end of the key of a container whose paragraphs in bold alone are its sections' names
SECTIONS_SUFFIX = ":sections"

#: the copy boxes, by what they hold: the button's name in the browser. One box of each a page
COPY_NAMES = {
    "interviewer-link": "Copy the interviewer link",
    "candidate-link": "Copy the candidate link",
    "new-interviewer-link": "Copy the new interviewer link",
    "new-candidate-link": "Copy the new candidate link",
    "interviewer-key": "Copy your interviewer key",
    "settings-link": "Copy the link to these settings",
    "demo-link": "Copy the link to this demo",
    "bank-link": "Copy the link to this bank",
    "question-link": "Copy the link to this question",
}

#: what Streamlit names a copy button before and after a press
STREAMLIT_COPY_NAME = "Copy to clipboard"


def sections_key(name: str, level: int = 2) -> str:
    """The key of a container named ``name`` whose paragraphs in bold alone are headings of
    ``level`` (2 to 6) for a screen reader: 2 under the page's title, 3 under an h2."""
    if not 2 <= level <= 6:
        raise ValueError(f"a section heading's level is 2 to 6, not {level}")
    return f"{name}{SECTIONS_SUFFIX}" + ("" if level == 2 else f"-{level}")


#: a heading only a screen reader meets (drawn in no room: app.py's style for :data:`UNSEEN`)
UNSEEN = "tl-sr-only"


def unseen_heading(words: str, level: int) -> None:
    """Draw a heading of ``level`` that a screen reader lists and the eye does not see: where the
    page already shows the words in another form (an expander's label is a button, not a heading)."""
    import html

    import streamlit as st

    st.html(f'<h{int(level)} class="{UNSEEN}">{html.escape(words)}</h{int(level)}>')


def copy_key(what: str) -> str:
    """The key of the container of the copy box holding ``what`` (a key of :data:`COPY_NAMES`)."""
    if what not in COPY_NAMES:
        raise KeyError(f"no name for a copy box of {what!r}: add it to COPY_NAMES")
    return f"copy.{what}"


SCRIPT = r"""<script>
(() => {
  if (window.__tunelabScreenReader) return;
  window.__tunelabScreenReader = true;
  const ICON = '__ICON__', NAMES = __NAMES__, STREAMLIT = '__STREAMLIT__';
  const CHOICES = '__CHOICES__', SECTIONS = '__SECTIONS__';
  const CHOICE_BOX = '[data-testid="stVerticalBlock"][class*="' + CHOICES + '"]';
  const SECTION_BOX = '[data-testid="stVerticalBlock"][class*="' + SECTIONS + '"]';
  const SIDEBAR = '[data-testid="stSidebar"]', PROGRESS = '[data-testid="stProgress"]';
  const WORDS = '[data-testid="stCaptionContainer"], [data-testid="stMarkdownContainer"]';
  const HELP = 'button[aria-label="Help"], button[data-tl-help]';
  const hide = (el) => { if (el.getAttribute("aria-hidden") !== "true") el.setAttribute("aria-hidden", "true"); };
  const name = (button) => {
    if (button.getAttribute("aria-label") !== STREAMLIT) return;
    const box = Object.keys(NAMES).find((c) => button.closest("." + c));
    if (box) button.setAttribute("aria-label", NAMES[box]);
  };
  let groups = 0;
  // again for a box whose caption was drawn anew (its id is ours, not React's: a new one has none)
  const group = (box) => {
    if (![...box.classList].some((c) => c.startsWith("st-key-") && c.endsWith(CHOICES))) return;
    const caption = box.querySelector('[data-testid="stCaptionContainer"]');
    if (!caption) return;
    if (!caption.id) caption.id = "tl-choices-" + (++groups);
    if (box.getAttribute("aria-labelledby") === caption.id) return;
    box.setAttribute("role", "group");
    box.setAttribute("aria-labelledby", caption.id);
  };
  // a progress bar is named by the words above it (what runs, how far), not "progress"; again
  // when Streamlit draws those words anew
  let bars = 0;
  const label = (bar) => {
    const words = bar.closest(PROGRESS)?.querySelector('[data-testid="stMarkdownContainer"]');
    if (!words) return;
    if (!words.id) words.id = "tl-progress-" + (++bars);
    if (bar.getAttribute("aria-labelledby") !== words.id) bar.setAttribute("aria-labelledby", words.id);
  };
  // a help button in a caption or a paragraph is named by its first clause, as a widget's is by its
  // label ("Help for ..."); again when the words change (ours: data-tl-help)
  const helpFor = (button) => {
    if (button.getAttribute("aria-label") !== "Help" && !button.dataset.tlHelp) return;
    const text = button.closest(WORDS);
    const words = text && text.innerText.split(/[.;:!?](?:\s|$)/)[0].trim().slice(0, 80);
    if (!words) return;
    button.dataset.tlHelp = "1";
    const named = "Help for " + words;
    if (button.getAttribute("aria-label") !== named) button.setAttribute("aria-label", named);
  };
  // a paragraph that is one bold phrase and nothing else names a section: a heading for assistive
  // technology. Every paragraph of the box looked at again (Streamlit may reuse one for other words)
  const LEVEL = new RegExp(SECTIONS + "-([3-6])$");
  const sections = (box) => {
    const deeper = [...box.classList].map((c) => LEVEL.exec(c)).find(Boolean);
    const level = deeper ? deeper[1] : "2";
    box.querySelectorAll('[data-testid="stMarkdownContainer"] p').forEach((p) => {
      const named = p.children.length === 1 && p.firstElementChild.tagName === "STRONG"
        && p.textContent.trim() === p.firstElementChild.textContent.trim();
      if (named && (p.getAttribute("role") !== "heading" || p.getAttribute("aria-level") !== level)) {
        p.setAttribute("role", "heading");
        p.setAttribute("aria-level", level);
      } else if (!named && p.getAttribute("role") === "heading") {
        p.removeAttribute("role");
        p.removeAttribute("aria-level");
      }
    });
  };
  // the content of a collapsed sidebar out of the keyboard's reach and the screen reader's. Whether
  // the keyboard was in it is kept as it moves: its collapse button, hidden, has lost it by now
  let inBar = false;
  document.addEventListener("focusin", (e) => { inBar = !!(e.target.closest && e.target.closest(SIDEBAR)); }, true);
  const sync = (bar) => {
    const content = bar.querySelector('[data-testid="stSidebarContent"]');
    const collapsed = bar.getAttribute("data-collapsed") === "true";
    if (!content || content.inert === collapsed) return;
    const active = document.activeElement;
    const had = collapsed && (content.contains(active) || (inBar && (!active || active === document.body)));
    content.inert = collapsed;
    if (had) requestAnimationFrame(() => {
      const open = document.querySelector('[data-testid="stExpandSidebarButton"]');
      if (open) open.focus();
    });
  };
  const within = (root) => {
    if (!root.querySelectorAll) return;
    const bar = root.closest(SIDEBAR);
    if (bar) sync(bar);
    root.querySelectorAll(SIDEBAR).forEach(sync);
    const around = root.closest(CHOICE_BOX);
    if (around) group(around);
    root.querySelectorAll(CHOICE_BOX).forEach(group);
    const section = root.closest(SECTION_BOX);
    if (section) sections(section);
    root.querySelectorAll(SECTION_BOX).forEach(sections);
    if (root.matches(ICON)) hide(root);
    root.querySelectorAll(ICON).forEach(hide);
    if (root.matches("button")) { name(root); helpFor(root); }
    root.querySelectorAll("button[aria-label='" + STREAMLIT + "']").forEach(name);
    root.querySelectorAll(HELP).forEach(helpFor);
    root.querySelectorAll(PROGRESS + ' [role="progressbar"]').forEach(label);
    const progress = root.closest(PROGRESS);
    if (progress) progress.querySelectorAll('[role="progressbar"]').forEach(label);
  };
  within(document.body);
  new MutationObserver((changes) => {
    for (const change of changes) {
      if (change.type === "attributes") {
        if (change.attributeName === "data-collapsed") sync(change.target);
        else if (change.target.matches("button")) { name(change.target); helpFor(change.target); }
        continue;
      }
      // words changed in place (a caption's count): its help button is named again
      const words = change.target.closest && change.target.closest(WORDS);
      if (words) words.querySelectorAll(HELP).forEach(helpFor);
      const section = change.target.closest && change.target.closest(SECTION_BOX);
      if (section) sections(section);  // words drawn anew in place
      change.addedNodes.forEach((node) => { if (node.nodeType === 1) within(node); });
    }
  }).observe(document.body, {childList: true, subtree: true, attributes: true,
                              attributeFilter: ["aria-label", "data-collapsed"]});
})();
</script>""".replace("__ICON__", ICON_CSS).replace("__STREAMLIT__", STREAMLIT_COPY_NAME).replace(
    "__CHOICES__", element_class(CHOICES_SUFFIX).removeprefix("st-key-")).replace(
    "__SECTIONS__", element_class(SECTIONS_SUFFIX).removeprefix("st-key-")).replace(
    "__NAMES__", json.dumps({element_class(copy_key(k)): v for k, v in COPY_NAMES.items()}))

__all__ = ["CHOICES_SUFFIX", "COPY_NAMES", "ICON_CSS", "SCRIPT", "SECTIONS_SUFFIX", "STREAMLIT_COPY_NAME",
           "UNSEEN", "copy_key", "sections_key", "unseen_heading"]
