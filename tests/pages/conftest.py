"""AppTest helpers: a content folder with one question of each type, and a fresh database."""

from __future__ import annotations

import datetime as dt
import re
import shutil

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import FIXTURES, ROOT

PRACTICE = "app_pages/practice.py"
#: the pages' fixed "now" under the ``clock`` fixture: mid-afternoon, so that a wrong answer's
#: review falls due the same day (with the real clock, one given just before midnight falls due after it)
NOW = dt.datetime(2026, 11, 20, 15, 0, tzinfo=dt.timezone.utc)


@pytest.fixture
def clock(monkeypatch):
    """Fix the pages' clock (``ui.state.now``, through which every page reads it) at :data:`NOW`."""
    import ui.state

    monkeypatch.setattr(ui.state, "now", lambda: NOW)
    return NOW


@pytest.fixture
def content_dir(tmp_path, monkeypatch):
    folder = tmp_path / "content"
    folder.mkdir()
    shutil.copy(FIXTURES / "valid.yaml", folder / "valid.yaml")
    monkeypatch.setenv("TUNELAB_CONTENT_DIR", str(folder))
    return folder


def app_maker(timeout: float = 30):
    """A function opening the app (at ``page``, with URL ``query``) in a fresh AppTest."""

    def make(page: str | None = None, **query) -> AppTest:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=timeout)
        if page:
            # A first run registers the st.navigation pages (with their url_path); only then
            # can switch_page find a page whose url_path differs from its file name.
            at.run()
            at.switch_page(page)
        for k, v in query.items():
            at.query_params[k] = v
        return at.run()

    return make


@pytest.fixture
def app(content_dir, monkeypatch):
    monkeypatch.chdir(ROOT)
    return app_maker()


def other_bank(content_dir, slug: str = "other", title: str = "Another bank") -> None:
    """A second public bank in the content folder: the fixture bank's five questions under ``slug``'s ids."""
    (content_dir / f"{slug}.yaml").write_text(
        (content_dir / "valid.yaml").read_text().replace("bank: valid", f"bank: {slug}")
        .replace("title: A valid bank", f"title: {title}").replace("id: valid-", f"id: {slug}-"))


def button(at: AppTest, label: str):
    """The (form submit) button with this label."""
    for b in at.button:
        if b.label == label:
            return b
    raise AssertionError(f"no button {label!r}; have {[b.label for b in at.button]}")


def said(markdown: str) -> str:
    """A message as a reader sees it: Markdown's backslash escapes taken out (an engine's sentence
    is drawn inert, since it may quote what the visitor typed)."""
    return re.sub(r"\\(.)", r"\1", markdown, flags=re.S)


def open_sections(at: AppTest) -> AppTest:
    """The interviewer's live view with every question's section opened (a closed section draws
    nothing but its label, as the interviewer's click on it would open it)."""
    for expander in at.expander:
        if found := re.match(r"Question (\d+) \u00b7 ", expander.label):
            at.session_state[f"iv.live.open.{found.group(1)}"] = True
    return at.run()


def history(at: AppTest, monkeypatch, query: dict[str, str]) -> AppTest:
    """Back (or Forward) to an entry of the browser's history: a run Streamlit marks as asked for by
    the browser's history (``is_history_navigation``), carrying that entry's address, ``query``."""
    import ui.state

    for key in list(at.query_params):
        del at.query_params[key]
    at.query_params.update(query)
    with monkeypatch.context() as m:
        m.setattr(ui.state, "history_navigation", lambda: True)
        return at.run()


def address(at: AppTest) -> dict[str, str]:
    """The page's address's parameters, one value each."""
    return {k: v[-1] if isinstance(v, list) else v for k, v in at.query_params.items()}


def read_then_skip(at: AppTest) -> AppTest:
    """Press Skip as a learner who has read the question: a second after arriving at it (a press
    sooner than half a second after a move is a double click's second, and moves nothing)."""
    moved = at.session_state["practice"]["moved_at"] if "practice" in at.session_state else None
    if moved is not None:
        at.session_state["practice"]["moved_at"] = (moved[0], moved[1] - 1.0)
    return button(at, "Skip").click().run()


def frame(at: AppTest, column: str):
    """The first dataframe (or data editor) with this column, as pandas."""
    for df in at.dataframe:
        if column in df.value.columns:
            return df.value
    raise AssertionError(f"no dataframe with a {column!r} column")


def in_selection(at: AppTest) -> int:
    """How many questions are in Practice's selection: the N of its progress bar's "Question i of N"."""
    return int(at.get("progress")[0].proto.text.rsplit(" of ", 1)[1])


def today(at: AppTest) -> str:
    """Practice's day score, the sidebar's "**Today**" text without its heading."""
    line = next(m.value for m in at.sidebar.markdown if m.value.startswith("**Today**"))
    return line.removeprefix("**Today**").strip()
