"""What tells the people who run a server that its settings took effect, or did not (the operator's
walk): a banks' folder that does not exist, TuneLab's own lines in the server's log."""

from __future__ import annotations

import logging

from engine import server_log


def test_a_banks_folder_that_does_not_exist_is_said_to_the_interviewer_and_in_the_log(app, content_dir, monkeypatch,
                                                                                     tmp_path, caplog):
    caplog.set_level(logging.INFO, logger="tunelab")
    monkeypatch.setenv("TUNELAB_CONTENT_DIR", str(tmp_path / "no-such-content"))
    monkeypatch.setenv("TUNELAB_PRIVATE_DIR", str(tmp_path / "no-such-private"))
    at = app("app_pages/practice.py")
    assert not at.exception
    # the one local user runs the server: the reasons are in the sidebar, as the page says
    assert [i.value for i in at.info] == ["No question banks could be loaded. See the messages in the sidebar."]
    said = [w.value.replace("\\", "") for w in at.sidebar.warning]  # drawn inert: Markdown escaped
    assert any(w.startswith("The question banks' folder ") and "no-such-content does not exist (TUNELAB_CONTENT_DIR)"
               in w for w in said), said
    assert any("no-such-private does not exist (TUNELAB_PRIVATE_DIR), so no private bank is served." in w for w in said)
    logged = [r.getMessage() for r in caplog.records if r.name == "tunelab"]
    assert any("no-such-content does not exist" in m for m in logged)
    assert any(m.startswith("question banks: 0 public from ") for m in logged)


def test_an_existing_folder_is_not_a_problem_and_the_banks_are_counted_in_the_log(app, content_dir, caplog):
    caplog.set_level(logging.INFO, logger="tunelab")
    at = app("app_pages/practice.py")
    assert not at.exception and not at.sidebar.warning
    logged = [r.getMessage() for r in caplog.records if r.name == "tunelab"]
    assert f"question banks: 1 public from {content_dir}" in logged


def test_the_server_log_has_one_handler_with_time_level_and_name(monkeypatch):
    for name in server_log.LOGGERS:  # whatever this test adds goes with it
        logger = logging.getLogger(name)
        monkeypatch.setattr(logger, "handlers", list(logger.handlers))
        monkeypatch.setattr(logger, "level", logger.level)
    server_log.configure()
    server_log.configure()  # every run of the app's script calls it
    for name in server_log.LOGGERS:
        marked = [h for h in logging.getLogger(name).handlers if getattr(h, server_log._MARK, False)]
        assert len(marked) == 1, name
        assert logging.getLogger(name).getEffectiveLevel() <= logging.INFO
    handler = marked[0]
    line = handler.format(logging.LogRecord("tunelab", logging.INFO, __file__, 1, "sign-in off", None, None))
    assert line.endswith(" INFO tunelab: sign-in off") and line[:4].isdigit()
