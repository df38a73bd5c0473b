"""Mock interview pages: set-up, the candidate view, the interviewer view, refusals."""

from __future__ import annotations

import pytest

import json
import shutil

from engine.interviews import Interviews, digest
from engine.store import open_store
from tests.conftest import FORMS_BANK
from tests.pages.conftest import button, frame, in_selection, open_sections, said

IV = "app_pages/interview.py"


def make(content=("valid-single", "valid-numeric")):
    return Interviews(open_store()).create("Test interview", "ml-engineer", list(content), 120, owner="ann")


def handed_in(app):
    """An interview whose candidate answered its first question and handed in: (made, Interviews,
    the interviewer's page)."""
    made = make()
    ivs = Interviews(open_store())
    ivs.open_question(made.candidate_token, 0)
    ivs.save_answer(made.candidate_token, "valid-single", "b")
    ivs.finish(made.candidate_token)
    return made, ivs, app(IV, t=made.interviewer_token)


def started(app, token):
    """The candidate's page after Start: opening the link shows a start screen and opens no question."""
    at = app(IV, t=token)
    assert not at.exception, at.exception
    return button(at, "Start the interview").click().run()


def clock(at) -> dict:
    """What the candidate's clock (a component the browser counts down) was given by the server."""
    (el,) = [e for e in at.get("bidi_component") if e.proto.component_name == "tunelab.countdown"]
    return json.loads(el.proto.json)


def test_setup_creates_two_links(app):
    at = app(IV)
    assert not at.exception, at.exception
    # said before it happens, and what the key is for (a hiring team's walk-through)
    assert "replaces the questions below" in at.selectbox(key="iv.setup.role").help
    assert "to list the interviews you made with it" in at.text_input(key="iv.setup.owner").label
    at.multiselect(key="iv.setup.qs.data-scientist").set_value(["valid-single"])
    at = button(at.run(), "Create the interview").click().run()
    codes = [c.value for c in at.code]
    assert len(codes) == 3 and all(c.startswith("/interview?t=") for c in codes[:2])
    key = codes[2]
    assert len(key) >= 20  # the interviewer key that lists this interviewer's interviews
    # wrapped, so a phone shows them whole (unwrapped, a link's token ran under its copy button)
    assert all(c.proto.wrap_lines for c in at.code)
    again = app(IV)
    again.text_input(key="iv.setup.owner").input(key)
    again = again.run()
    assert list(frame(again, "Title")["Role"]) == ["Data scientist"]  # the readable name, not the slug
    stranger = app(IV)
    stranger.text_input(key="iv.setup.owner").input("ann")
    assert not [d for d in stranger.run().dataframe]  # a guessed name lists nothing


def test_a_second_press_of_create_just_after_the_first_was_handled_creates_nothing(app, monkeypatch):
    """A double click whose second press reaches the server after the first one's run ended: within
    half a second it shows the first one's interview; later, a press is a new interview."""
    import ui.press_once

    clock = [100.0]
    monkeypatch.setattr(ui.press_once.time, "monotonic", lambda: clock[0])
    at = app(IV)
    at.multiselect(key="iv.setup.qs.data-scientist").set_value(["valid-single"])
    at = button(at.run(), "Create the interview").click().run()
    links = [c.value for c in at.code]
    clock[0] += 0.3
    at = button(at, "Create the interview").click().run()  # the second click of a double click
    assert not at.exception, at.exception
    assert count_interviews() == 1 and [c.value for c in at.code] == links  # its links and key, still
    clock[0] += 5
    at = button(at, "Create the interview").click().run()  # a new press is a new interview
    assert count_interviews() == 2 and [c.value for c in at.code][:2] != links[:2]


def count_interviews() -> int:
    from sqlalchemy import func, select

    from engine.interviews import interviews_table

    with open_store().engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(interviews_table)).scalar_one()


def test_bank_uploader_states_the_same_limit_as_the_loader(app):
    from engine.content.loader import MAX_BANK_BYTES

    (uploader,) = app(IV).get("file_uploader")
    # the widget says "1MB per file", as the loader's refusal does, not Streamlit's default 200MB
    assert uploader.proto.max_upload_size_mb * 1024 * 1024 == MAX_BANK_BYTES


def test_wrong_or_missing_token_is_a_plain_refusal(app):
    make()
    at = app(IV, t="not-a-token")
    assert not at.exception
    assert at.error[0].value == "This link is not valid."
    # a next step, not a dead end (the class walk-through)
    assert [c.value for c in at.caption] == ["Check that the whole address was copied. A link stops working when its "
                                             "interviewer makes a new one for the interview: ask whoever sent it for "
                                             "the current link."]
    empty = app(IV, t="")  # an empty token is a link that opens nothing, not the set-up page
    assert not empty.exception and empty.error[0].value == "This link is not valid."
    assert not at.markdown or all("valid" not in m.value.lower() or "not valid" in m.value.lower() for m in at.markdown)


@pytest.mark.parametrize("tail", [".", ",", ")", " ", ").", "\u201d"])
def test_a_link_pasted_with_the_end_of_a_sentence_opens(app, tail):
    """"…?t=<token>." from the end of a mail's sentence was refused as not valid (a hiring team's
    walk): no token holds such a character, so it is dropped before the look-up."""
    made = make()
    at = started(app, made.candidate_token + tail)
    assert not at.error and not at.exception, [e.value for e in at.error]
    assert clock(at)["head"] == "Question 1 of 2"  # the interview's first question, on its clock
    interviewer = app(IV, t=made.interviewer_token + tail)
    assert not interviewer.error and not interviewer.exception, [e.value for e in interviewer.error]
    # a token with a character of its own changed is still refused
    assert app(IV, t=made.candidate_token[:-1] + ("A" if made.candidate_token[-1] != "A" else "B")).error


def test_candidate_view_has_no_answers_anywhere(app):
    made = make()
    at = started(app, made.candidate_token)
    assert not at.exception, at.exception
    state = {k: str(at.session_state[k]) for k in at.session_state}  # what the session holds
    page_text = " ".join(str(getattr(e, "value", "")) for e in at.main) + json.dumps(state)
    for secret in ("Because.", "Say this.", "one point", "one mistake", "one follow-up"):
        assert secret not in page_text
    assert any("Pick b." in m.value or "What is 0.01 times 1.5?" in m.value for m in at.markdown)


def test_candidate_answer_is_saved_and_the_interviewer_sees_it(app):
    made = make()
    at = started(app, made.candidate_token)
    at.radio(key="iv.ans.0").set_value("b").run()
    ivs = Interviews(open_store())
    assert ivs.candidate_answers(made.candidate_token) == {"valid-single": "b"}
    boss = open_sections(app(IV, t=made.interviewer_token))
    assert not boss.exception, boss.exception
    assert "b" in [t.value for t in boss.text]  # the candidate's words, drawn as plain text
    assert any("Say this." in m.value for m in boss.markdown)  # the rubric is for the interviewer


def test_candidate_token_cannot_open_the_scorecard(app):
    made = make()
    at = app(IV, t=made.candidate_token)
    assert not [d for d in at.get("download_button")]
    assert "interviewer" not in at.title[0].value


def test_questions_that_no_longer_load_are_named_to_the_interviewer_and_skipped(app):
    # issue 10, 6: this crashed both views (IndexError for the candidate, KeyError for the interviewer)
    made = make(("gone-question", "valid-single", "also-gone"))
    cand = started(app, made.candidate_token)
    assert not cand.exception, cand.exception
    assert "2 of the 3 questions of this interview are no longer available" in cand.warning[0].value
    assert "gone" not in " ".join(w.value for w in cand.warning)  # the candidate is never told ids
    assert any("Pick b." in m.value for m in cand.markdown)
    boss = app(IV, t=made.interviewer_token)
    assert not boss.exception, boss.exception
    assert "gone\\-question, also\\-gone" in boss.warning[0].value
    # only the question that loads, numbered by its place in the interview, as its section and row are
    assert boss.selectbox(key="iv.score.q").options == ["Question 2 · Pick b."]
    card = Interviews(open_store()).scorecard(made.interviewer_token)
    assert [r.question_id for r in card.rows] == ["gone-question", "valid-single", "also-gone"]


def test_an_interview_with_no_question_left_says_so(app):
    made = make(("gone-question",))
    cand = app(IV, t=made.candidate_token)
    assert not cand.exception
    assert "No question of this interview can be shown" in cand.error[0].value
    boss = app(IV, t=made.interviewer_token)
    assert not boss.exception
    assert any("none can be scored" in i.value for i in boss.info)


def test_private_questions_are_offered_for_interviews_and_never_by_practice(app, content_dir):
    from tests.content.test_private_banks import PRIVATE

    (content_dir / "hush.yaml").write_text(PRIVATE)
    practice = app("app_pages/practice.py", q="hush-single")
    assert not practice.exception
    assert "There is no question with id" in practice.warning[0].value  # not served, even by its id
    assert in_selection(practice) == 5
    setup = app(IV)
    options = setup.multiselect(key="iv.setup.qs.data-scientist").options
    # only the private ones are marked; the public ones carry no "public ·" prefix
    assert any(o.startswith("private · ") for o in options) and any(o.startswith("easy · ") for o in options)
    assert not [o for o in options if "public" in o]
    made = make(("hush-single", "valid-single"))
    cand = app(IV, t=made.candidate_token)
    assert not cand.exception and not cand.warning  # both questions load inside the interview


def test_the_interviewer_page_and_scorecard_say_which_questions_are_public(app, content_dir):
    """The class walk-through: the set-up marked the private questions, and after it nothing did: not
    the Live tab, the scorecard nor its downloads, where the lecturer wanted to see which answers her
    students could have practised. A private bank's question and an uploaded one are private; the
    expanders' labels stay as they were (they must not change while the page refreshes)."""
    from tests.content.test_private_banks import PRIVATE

    (content_dir / "hush.yaml").write_text(PRIVATE)
    upload = PRIVATE.replace("bank: hush\nprivate: true", "bank: mine").replace("id: hush-", "id: mine-")
    made = Interviews(open_store()).create("Round 1", "data-scientist", ["valid-single", "hush-numeric",
                                                                         "mine-single"], 120, owner="o",
                                           uploaded_bank=upload)
    boss = open_sections(app(IV, t=made.interviewer_token))
    assert not boss.exception, boss.exception
    assert [e.label for e in boss.expander] == ["Question 1 · Pick b.", "Question 2 · What is 0.01 times 1.5?",
                                                "Question 3 · Pick b\\."]
    marks = [[c.value for c in e.caption if c.value.startswith(("Public:", "Private:"))] for e in boss.expander]
    assert marks == [["Public: a candidate could have practised this question in Practice."],
                     ["Private: served only in interviews."], ["Private: served only in interviews."]]
    boss.session_state["iv.tabs"] = "Scorecard"
    boss = boss.run()
    assert not boss.exception, boss.exception
    assert any(c.value.startswith("1 of 3 questions public. Public: a candidate") for c in boss.caption)
    assert list(frame(boss, "Time on it")["Public or private"]) == ["public", "private", "private"]


def test_the_scorecard_tabs_score_form_opens_the_answer_key_beside_the_answer(app, content_dir):
    # scoring on the Scorecard tab showed the prompt and the answer only: the interviewer went back to
    # the Live tab for the model answer and the key points (a hiring team's walk-through). A question
    # with a figure: its live section and its key here draw it in the same run, under keys of their own
    shutil.copy(FORMS_BANK, content_dir / "forms.yaml")
    made = make(("form-plot", "valid-numeric"))
    ivs = Interviews(open_store())
    ivs.open_question(made.candidate_token, 0)
    boss = open_sections(app(IV, t=made.interviewer_token))  # the live view's sections open, figures and all
    boss.session_state["iv.tabs"] = "Scorecard"
    boss = boss.run()
    assert not boss.exception, boss.exception
    (closed,) = [e for e in boss.expander if e.label.startswith("The answer key")]
    assert not [m for m in closed.markdown if m.value == "**Model answer:**"]  # drawn only once opened
    boss.session_state["iv.score.key.form-plot"] = True
    boss = boss.run()
    assert not boss.exception, boss.exception
    (opened,) = [e for e in boss.expander if e.label.startswith("The answer key")]
    shown = [m.value for m in opened.markdown]
    assert "**Model answer:**" in shown and "**Key points:**" in shown
    assert len(boss.get("plotly_chart")) == 2  # the figure in the live section and in the key


def test_a_broken_banks_errors_never_reach_an_interview_link(app, content_dir):
    # a private bank with one error: its message names the file and quotes the answer
    from tests.content.test_private_banks import PRIVATE

    (content_dir / "hush.yaml").write_text(PRIVATE.replace("answer: b", "answer: LEAKED-ANSWER", 1))
    made = make(("valid-single",))
    for token in (made.candidate_token, made.interviewer_token):
        page = app(IV, t=token)
        assert not page.exception
        shown = " ".join(str(e.value) for e in [*page.code, *page.warning, *page.markdown, *page.caption])
        assert "LEAKED-ANSWER" not in shown and "hush.yaml" not in shown
        assert not page.expander or all("not loaded" not in e.label for e in page.expander)
    home = app()  # the local user runs the deployment: told which file to fix
    assert any("LEAKED-ANSWER" in c.value and "hush.yaml" in c.value for c in home.code)


def test_interviewer_sees_the_machines_suggestion_beside_the_answer_never_as_the_score(app, content_dir):
    import shutil

    from tests.conftest import ROOT

    shutil.copy(ROOT / "content" / "search-strategies.yaml", content_dir / "search-strategies.yaml")
    qid = "ss-grid-vs-random-explain"
    made = make((qid,))
    answer = "Grid search tries every combination, so the cost is the product of the list lengths. **Trust me.**"
    Interviews(open_store()).save_answer(made.candidate_token, qid, answer)
    boss = open_sections(app(IV, t=made.interviewer_token))
    assert not boss.exception, boss.exception
    assert any(t.value == answer for t in boss.text)  # the candidate's words, as plain text
    assert any("Suggested coverage" in m.value and "not a score" in m.value for m in boss.markdown)
    assert any(c.value.startswith("covered") and "Grid is exhaustive" in c.value for c in boss.caption)
    assert any(t.value.startswith("Grid search tries every combination") for t in boss.text)  # the evidence
    card = frame(boss, "Machine coverage")
    assert card["Machine coverage"][0].startswith("1/4 key points (suggestion")
    assert card["Technical accuracy"][0] == "–"  # the suggestion never fills in a score
    exported = Interviews(open_store()).scorecard(made.interviewer_token, suggest=lambda q, a: {
        "status": "judged", "key_points": [{"text": "k", "covered": True, "contradicted": False, "confidence": 0.8}]})
    assert "1/1 key points (suggestion)" in exported.to_markdown()
    assert exported.rows[0].scores == {} and exported.overall[0] is None
    assert json.loads(exported.to_json())["questions"][0]["machine"]["covered"] == ["k"]


# --- issue 13: the interview screens ---------------------------------------------------------
def test_the_default_title_follows_the_role_even_after_the_field_was_drawn(app):
    at = app(IV)
    assert at.text_input(key="iv.setup.title.data-scientist").value == "Data scientist mock interview"
    at.selectbox(key="iv.setup.role").set_value("ml-engineer")
    at = at.run()
    assert at.text_input(key="iv.setup.title.ml-engineer").value == "ML engineer mock interview"
    at.multiselect(key="iv.setup.qs.ml-engineer").set_value(["valid-single"])
    at.text_input(key="iv.setup.name").input("Ada <b>L</b>")
    at = button(at.run(), "Create the interview").click().run()
    (iv,) = Interviews(open_store()).owned_by(digest(at.code[2].value))
    assert iv.title == "ML engineer mock interview" and iv.candidate_name == "Ada <b>L</b>"


def test_links_are_full_urls_from_the_configured_base(app, monkeypatch):
    monkeypatch.setenv("TUNELAB_BASE_URL", "https://tunelab.example.org/")
    at = app(IV)
    at.multiselect(key="iv.setup.qs.data-scientist").set_value(["valid-single"])
    at = button(at.run(), "Create the interview").click().run()
    links = [c.value for c in at.code[:2]]
    assert all(v.startswith("https://tunelab.example.org/interview?t=") for v in links)


def test_candidate_widgets_match_practice_and_carry_positions_only(app):
    made = make(("valid-multi", "valid-ordering", "valid-single"))
    at = started(app, made.candidate_token)
    assert not at.exception, at.exception
    assert not at.multiselect  # no multiselect, so no "Select all"
    boxes = [c for c in at.checkbox if c.key.startswith("iv.ans.0:cb")]
    assert sorted(c.label for c in boxes) == ["a", "b", "c"]
    for c in boxes:
        if c.label in ("a", "c"):
            c.check()
    at = at.run()
    ivs = Interviews(open_store())
    assert sorted(ivs.candidate_answers(made.candidate_token)["valid-multi"]) == ["a", "c"]
    at = button(at, "Next →").click().run()
    steps = [m.value for m in at.markdown if m.value in ("first", "second", "third")]
    assert sorted(steps) == ["first", "second", "third"]  # every step visible
    boxes = [s for s in at.selectbox if s.key.startswith("iv.ans.1:pos")]
    for box, text in zip(boxes, steps):
        box.set_value(str(["first", "second", "third"].index(text) + 1))
    at = at.run()
    assert ivs.candidate_answers(made.candidate_token)["valid-ordering"] == ["first", "second", "third"]
    keys = [w.key for w in at.main if getattr(w, "key", None)] + [k for k in at.session_state]
    assert not [k for k in keys if "valid" in str(k)]  # no question id in any key
    at = button(at, "← Previous").click().run()  # the ticks come back from the server
    assert sorted(c.label for c in at.checkbox if c.key.startswith("iv.ans.0:cb") and c.value) == ["a", "c"]


def test_interviewer_counts_real_answers_and_shows_them_as_readable_text(app):
    made = make(("valid-multi", "valid-ordering", "valid-free"))
    ivs = Interviews(open_store())
    ivs.open_question(made.candidate_token, 0)
    ivs.save_answer(made.candidate_token, "valid-multi", ["a", "c"])
    ivs.save_answer(made.candidate_token, "valid-ordering", ["second", "first", "third"])
    ivs.save_answer(made.candidate_token, "valid-free", "")  # typed and cleared: still waiting
    ivs.set_candidate_name(made.candidate_token, "Grace")
    boss = open_sections(app(IV, t=made.interviewer_token))
    assert not boss.exception, boss.exception
    assert any("Candidate has answered 2 of 3" in c.value for c in boss.caption)
    texts = [t.value for t in boss.text]
    # listed as the key points beside them are (Markdown lists), where they were "- a" lines of text
    listed = [m.value for m in boss.markdown]
    assert listed.count("- a\n- c") == 2  # the candidate's ticks and the key
    assert "1. second\n2. first\n3. third" in listed and "1. first\n2. second\n3. third" in listed
    assert not [t for t in texts + listed if t.startswith("[")]
    assert any("Partly right" in c.value for c in boss.caption)  # the ordering's credit
    card = frame(boss, "Answer as given")
    assert list(card["Question"])[:2] == ["Pick a and c.", "Put them in order."]
    assert list(card["Auto-graded"])[:2] == ["Right", "Partly right: 67%"]
    assert list(card["Answer as given"])[2] == "(no answer)"
    assert any(c.value.startswith("Candidate: Grace") for c in boss.caption)  # in the header, once


def test_scorecard_warns_when_the_verdict_rests_on_a_minority(app):
    made = make(("valid-multi", "valid-ordering", "valid-single"))
    Interviews(open_store()).score(made.interviewer_token, "valid-multi", {"depth": 4})
    boss = app(IV, t=made.interviewer_token)
    assert any("Only 1 of the 3 questions is scored" in w.value for w in boss.warning)


def test_the_candidate_gives_their_name_on_the_start_screen(app):
    made = make()
    at = app(IV, t=made.candidate_token)
    at.text_input(key="iv.cand.name").input("Alan <script>").run()
    assert Interviews(open_store()).as_interviewer(made.interviewer_token).candidate_name == "Alan <script>"


def test_home_does_not_announce_an_interview_only_bank(app, content_dir):
    from tests.content.test_private_banks import PRIVATE

    (content_dir / "hush.yaml").write_text(PRIVATE.replace("title: A valid bank", "title: Acme hiring round"))
    home = app()
    assert not home.exception
    listed = [row for table in home.dataframe for row in table.value["Bank"].tolist()]
    assert listed == ["A valid bank"]
    assert {m.label: m.value for m in home.metric}["Banks"] == "1"
    assert "Acme" not in " ".join(str(e.value) for e in home.markdown)


# --- UI audit, faults 2 and 15: the interview screens after the audit ------------------------
def test_setup_chips_mark_only_private_questions_and_end_at_a_word(app, content_dir):
    import shutil

    from engine.content.loader import load_library
    from engine.forms.instance import preview_prompt
    from tests.conftest import ROOT

    shutil.copy(ROOT / "content" / "search-strategies.yaml", content_dir / "search-strategies.yaml")
    setup = app(IV)
    assert not setup.exception, setup.exception
    box = setup.multiselect(key="iv.setup.qs.data-scientist")
    prompts = {" ".join(preview_prompt(q).split()) for q in load_library([content_dir]).questions}
    cut = 0
    for option in box.options:
        assert not option.startswith("public")
        difficulty, text = option.split(" · ", 1)
        assert difficulty in ("easy", "medium", "hard")
        assert len(option) <= 80  # two chips fit on a row
        if text.endswith(" …"):  # shortened: whole words of the prompt, never half a word
            cut += 1
            head = text.removesuffix(" …")
            assert any(p.startswith(head) and p[len(head)] == " " for p in prompts), option
        else:
            assert text in prompts, option
    assert cut  # the bank's long prompts were shortened
    assert box.proto.wrap  # the chips wrap onto new rows: none is clipped
    legend = " ".join(c.value for c in setup.caption)
    assert "marked **private** are served only in interviews" in legend and "public" in legend


def test_interviewer_sees_when_the_candidate_handed_in(app):
    import datetime as dt

    made = make(("valid-single", "valid-numeric"))
    ivs = Interviews(open_store())
    start = dt.datetime(2026, 11, 20, 14, 20, 0, tzinfo=dt.timezone.utc)
    ivs.open_question(made.candidate_token, 0, now=start)
    ivs.save_answer(made.candidate_token, "valid-single", "b", now=start + dt.timedelta(seconds=30))
    live = app(IV, t=made.interviewer_token)
    assert any("refreshes on its own" in c.value for c in live.caption)  # still going: the view polls
    assert not live.success
    assert any(c.value == "Candidate: not given yet" for c in live.caption)
    assert any("address is the interviewer's key" in c.value for c in live.caption)
    ivs.finish(made.candidate_token, now=start + dt.timedelta(minutes=12, seconds=3))
    boss = app(IV, t=made.interviewer_token)
    assert not boss.exception, boss.exception
    (done,) = [s.value for s in boss.success]
    assert done.startswith("Handed in at 14:32 UTC on 20 Nov 2026, 12 min 03 s after starting.")
    captions = [c.value for c in boss.caption]
    assert not [c for c in captions if "refreshes on its own" in c or "not given yet" in c]
    assert "Candidate: not given" in captions
    assert "The candidate answered 1 of 2 questions before handing in." in captions
    md = Interviews(open_store()).scorecard(made.interviewer_token).to_markdown()
    assert "Handed in: 14:32 UTC on 20 Nov 2026, 12 min 03 s after starting" in md


def test_the_overall_verdict_says_what_it_rests_on_and_is_provisional_on_a_minority(app):
    made = make(("valid-single", "valid-multi", "valid-numeric"))
    ivs = Interviews(open_store())
    ivs.score(made.interviewer_token, "valid-single", dict.fromkeys(("technical accuracy", "depth",
                                                                    "communication", "use of evidence"), 3))
    boss = app(IV, t=made.interviewer_token)
    assert not boss.exception, boss.exception
    (overall,) = boss.metric
    assert overall.label == "Overall so far (provisional)" and overall.value == "hire"
    assert overall.proto.delta == "based on 1 of 3 questions scored"
    said = "Mean score 3.00 of 4 over 4 rubric scores, based on 1 of 3 questions scored."
    assert any(c.value == said for c in boss.caption)
    assert not [e for e in boss.main if "(s)" in str(getattr(e, "value", ""))]
    for qid in ("valid-multi", "valid-numeric"):
        ivs.score(made.interviewer_token, qid, {"depth": 3})
    (overall,) = app(IV, t=made.interviewer_token).metric
    assert overall.label == "Overall" and overall.proto.delta == "based on 3 of 3 questions scored"


def test_the_downloads_sit_together_under_a_heading(app):
    made = make()
    boss = app(IV, t=made.interviewer_token)
    card = boss.tabs[1]
    kinds = [c.type for c in card.children.values()]
    heading = kinds.index("header", kinds.index("dataframe"))  # the first heading after the table
    assert card.children[heading].value == "Download the scorecard"
    row = card.children[len(kinds) - 1]  # last: one horizontal row of the three buttons, not three columns
    assert row.type == "flex_container" and row.proto.flex_container.direction == 2  # HORIZONTAL
    assert [b.proto.label for b in row.children.values()] == ["Markdown", "CSV", "JSON"]


def test_the_candidates_clock_fills_as_time_is_used_and_says_what_is_left_of_what(app):
    made = make()  # 120 s a question
    at = started(app, made.candidate_token)
    # the browser draws "Question 1 of 2 · 1:59 left of 2:00" and the bar (nearly empty when the
    # question opens) from these, and counts on between draws (tests/browser/test_interview_offline.py)
    given = clock(at)
    assert given["head"] == "Question 1 of 2" and given["total"] == 120 and 117 <= given["left"] <= 120


def test_i_am_done_asks_before_it_hands_in(app):
    made = make()
    ivs = Interviews(open_store())
    at = started(app, made.candidate_token)
    at.radio(key="iv.ans.0").set_value("b").run()
    at = button(at, "Next →").click().run()
    at = button(at, "I am done").click().run()
    assert not at.exception, at.exception
    assert ivs.as_interviewer(made.interviewer_token).finished_at is None  # not yet: only asked
    assert any("Hand in your answers?" in m.value for m in at.markdown)
    assert any("You have answered 1 of the 2 questions" in m.value for m in at.markdown)
    assert button(at, "I am done").disabled
    at = button(at, "Not yet").click().run()
    assert ivs.as_interviewer(made.interviewer_token).finished_at is None
    assert not [b for b in at.button if b.label.startswith("Yes")]  # the question is gone
    at = button(at, "I am done").click().run()
    at = button(at, "Yes, hand in my answers").click().run()
    assert ivs.as_interviewer(made.interviewer_token).finished_at is not None
    assert "This interview is finished" in at.info[0].value
    assert ivs.answers(ivs.as_interviewer(made.interviewer_token).id)["valid-single"]["answer"] == "b"


def test_i_am_done_is_under_every_question_and_names_the_ones_left_blank(app):
    """Handing in early took pressing Next through every question left, which opened each and
    started its clock, and the confirmation said "1 of the 3" without naming the blank ones (a
    hiring team's walk)."""
    made = Interviews(open_store()).create("Test interview", "ml-engineer",
                                           ["valid-single", "valid-numeric", "valid-multi"], 120, owner="ann")
    ivs = Interviews(open_store())
    at = started(app, made.candidate_token)
    at.radio(key="iv.ans.0").set_value("b").run()
    assert button(at, "Next →").proto.type == "primary" and button(at, "I am done").proto.type == "secondary"
    at = button(at, "I am done").click().run()
    assert not at.exception, at.exception
    said = " ".join(m.value for m in at.markdown)
    assert "You have answered 1 of the 3 questions. Questions 2 and 3 have no answer." in said
    # only question 1 was opened: asking to hand in started no other clock
    assert ivs.on_question(ivs.as_interviewer(made.interviewer_token)).question_id == "valid-single"
    at = button(at, "Next →").click().run()  # moving on closes the question, as Previous does
    assert not [b for b in at.button if b.label.startswith("Yes")]
    at = button(at, "I am done").click().run()
    at = button(at, "Yes, hand in my answers").click().run()
    assert ivs.as_interviewer(made.interviewer_token).finished_at is not None


def test_the_candidate_is_warned_once_a_minute_before_time_is_up_and_when_it_is_up(app):
    import datetime as dt

    from engine.store import utcnow

    made = make()  # 120 s a question
    fresh = app(IV, t=made.candidate_token)
    assert not fresh.warning  # nothing to say while time is plenty
    made = make()
    # a warning is an alert (a screen reader reads it when it appears); the bar is not announced
    Interviews(open_store()).open_question(made.candidate_token, 0, now=utcnow() - dt.timedelta(seconds=65))
    at = app(IV, t=made.candidate_token)
    assert [w.value for w in at.warning] == ["One minute left for this question."]
    made = make()
    Interviews(open_store()).open_question(made.candidate_token, 0, now=utcnow() - dt.timedelta(minutes=10))
    at = app(IV, t=made.candidate_token)
    assert [w.value for w in at.warning] == [
        "Time is up for this question. Your answer as saved is kept; move on when you are ready."]
    assert not at.info  # said once, not again under the question


def test_a_short_question_gets_no_one_minute_warning():
    from ui.interview_candidate import time_warning

    assert time_warning(45, 60) is None and time_warning(30, 45) is None  # the whole question is under a minute
    assert time_warning(60, 120) == "One minute left for this question." and time_warning(61, 120) is None
    assert time_warning(0, 45).startswith("Time is up")
    # in the grace after the limit the box still takes a change, saved and marked late: said so
    assert time_warning(0, 45, locked=False) == ("Time is up for this question. A change made now is saved but "
                                                 "marked late, and the answer locks in a few seconds.")


def test_in_the_grace_after_the_limit_the_candidate_is_told_a_change_is_marked_late(app):
    import datetime as dt

    from engine.store import utcnow

    made = make()  # 120 s a question, and GRACE_SECONDS after it
    Interviews(open_store()).open_question(made.candidate_token, 0, now=utcnow() - dt.timedelta(seconds=123))
    at = app(IV, t=made.candidate_token)
    assert [w.value for w in at.warning] == [
        "Time is up for this question. A change made now is saved but marked late, and the answer locks in a few "
        "seconds."]


def test_a_question_whose_time_ran_out_unanswered_is_not_waiting_for_an_answer(app):
    """The interviewer's section read "Waiting for an answer · … · time ran out" of a question the
    candidate could no longer answer (the hiring walk-through)."""
    import datetime as dt

    from engine.store import utcnow
    from tests.pages.conftest import open_sections

    made = make()
    ivs = Interviews(open_store())
    ivs.open_question(made.candidate_token, 0, now=utcnow() - dt.timedelta(minutes=10))
    ivs.open_question(made.candidate_token, 1, now=utcnow() - dt.timedelta(minutes=7))
    boss = open_sections(app(IV, t=made.interviewer_token))
    assert not boss.exception, boss.exception
    timings = [c.value for c in boss.caption if "limit 2 min" in c.value]
    assert timings and all(t.startswith("Not answered · ") for t in timings), timings


def test_next_saves_the_ticks_on_screen_even_when_a_ticks_own_save_was_lost(app):
    # a tick's save runs in its change callback; when that callback is lost in a rerun race (seen
    # once under load: the scorecard kept one tick of two), Next saves what the page shows
    made = make(("valid-multi", "valid-single"))
    at = started(app, made.candidate_token)
    boxes = {c.label: c.key for c in at.checkbox if c.key.startswith("iv.ans.0:cb")}
    at.checkbox(key=boxes["a"]).check()
    at = at.run()
    ivs = Interviews(open_store())
    assert ivs.candidate_answers(made.candidate_token)["valid-multi"] == ["a"]
    at.session_state[boxes["c"]] = True  # ticked on screen, its callback never ran
    at = at.run()
    at = button(at, "Next →").click().run()
    assert sorted(ivs.candidate_answers(made.candidate_token)["valid-multi"]) == ["a", "c"]


def test_a_question_left_untouched_stays_unanswered_when_the_candidate_moves_on(app):
    made = make(("valid-multi", "valid-single"))
    at = started(app, made.candidate_token)
    at = button(at, "Next →").click().run()
    assert Interviews(open_store()).candidate_answers(made.candidate_token)["valid-multi"] is None  # not []


# --- audit of the mock interview: expiry, the list, resuming, "Thank you.." ------------------
def age(made, days: float) -> None:
    """Move an interview's creation back ``days`` in the database, as the audit did."""
    import datetime as dt

    from sqlalchemy import update

    from engine.interviews import interviews_table

    ivs = Interviews(open_store())
    iv = ivs.as_interviewer(made.interviewer_token)
    with ivs.store.begin() as conn:
        conn.execute(update(interviews_table).where(interviews_table.c.id == iv.id)
                     .values(created_at=iv.created_at - dt.timedelta(days=days),
                             expires_at=iv.expires_at - dt.timedelta(days=days)))


def test_the_interviewer_is_told_the_candidates_link_expired_and_the_page_stops_polling(app, monkeypatch):
    import streamlit

    made = make(("valid-single", "valid-numeric"))
    ivs = Interviews(open_store())
    ivs.open_question(made.candidate_token, 0)
    ivs.save_answer(made.candidate_token, "valid-single", "b")
    age(made, 15)
    polls = []
    real = streamlit.fragment

    def fragment(func=None, *, run_every=None):  # note which fragments poll
        polls.append(run_every)
        return real(func, run_every=run_every) if func is not None else real(run_every=run_every)

    monkeypatch.setattr(streamlit, "fragment", fragment)
    assert app(IV, t=made.candidate_token).info[0].value.startswith("This interview link expired on ")
    boss = open_sections(app(IV, t=made.interviewer_token))
    assert not boss.exception, boss.exception
    end = ivs.as_interviewer(made.interviewer_token).expires_at
    expires = f"{end.day} {end:%b %Y %H:%M} UTC"  # e.g. "1 Dec 2026 14:05 UTC"
    (said,) = [w.value for w in boss.warning]
    assert said.startswith(f"The candidate's link expired on {expires} without being handed in")
    captions = [c.value for c in boss.caption]
    assert "Candidate: not given" in captions
    assert "The candidate answered 1 of 2 questions before their link expired." in captions
    assert not [c for c in captions if "refreshes on its own" in c or "not given yet" in c or "so far" in c]
    labels = [e.label for e in boss.expander]
    assert labels[0].startswith("Question 1 · ") and labels[1].startswith("Question 2 · ")
    assert [c.split(" · ")[0] for c in captions if " · limit " in c] == ["Answered", "Not answered"]
    assert not [x for x in labels if "waiting" in x]
    assert not [p for p in polls if p]  # nothing polls: the answers cannot change
    assert "b" in [t.value for t in boss.text]  # the answers so far, and the scorecard, still there
    assert frame(boss, "Answer as given") is not None and boss.get("download_button")
    polls.clear()
    app(IV, t=make().interviewer_token)  # a running interview still polls
    assert 3 in polls


def test_the_interviewers_page_redraws_when_the_link_expires_while_it_is_open(app):
    made = make()
    boss = app(IV, t=made.interviewer_token)
    assert any("refreshes on its own" in c.value for c in boss.caption)
    age(made, 15)
    boss = boss.run()  # the next run notices (the browser test covers the 3-second refresh asking for it)
    assert not boss.exception, boss.exception
    assert any(w.value.startswith("The candidate's link expired on") for w in boss.warning)
    assert not [c for c in boss.caption if "refreshes on its own" in c.value]


def test_your_interviews_tells_each_interview_apart(app):
    key = "my-interviewer-key-1234"
    ivs = Interviews(open_store())

    def one(title, role="ml-engineer", name=None):
        return ivs.create(title, role, ["valid-single", "valid-numeric"], 120, owner=digest(key), candidate_name=name)

    one("Round", "data-scientist")  # not started
    going = one("Round", name="=Ada *Lovelace*")
    ivs.open_question(going.candidate_token, 0)
    ivs.save_answer(going.candidate_token, "valid-single", "b")
    done = one("Round", "manager")
    ivs.finish(done.candidate_token)
    late = one("Round", "creative")
    age(late, 15)
    at = app(IV)
    at.text_input(key="iv.setup.owner").input(key)
    at = at.run()
    assert not at.exception, at.exception
    table = frame(at, "Status")
    # which interview and where it stands first: a phone shows three columns
    assert list(table.columns) == ["Title", "Candidate", "Status", "Created", "Questions", "Role", "Browsers"]
    rows = {r["Role"]: r for r in table.to_dict("records")}
    assert set(rows) == {"Data scientist", "ML engineer", "Manager", "Creative (generative models)"}
    assert rows["Data scientist"]["Status"] == "not started"
    assert rows["ML engineer"]["Status"] == "in progress, 1 of 2 answered"
    assert rows["Manager"]["Status"] == "handed in"
    assert rows["Creative (generative models)"]["Status"] == "expired"
    # a table cell: plain text, as typed; a zero-width space in front keeps the table's CSV
    # download from running it as a formula in a spreadsheet
    assert rows["ML engineer"]["Candidate"] == "\u200b=Ada *Lovelace*"
    assert rows["Data scientist"]["Candidate"] == ""
    created = ivs.as_interviewer(late.interviewer_token).created_at
    assert rows["Creative (generative models)"]["Created"] == created  # a real date, in UTC
    (grid,) = [d for d in at.dataframe if "Title" in d.value.columns]  # not the comparison's table
    config = json.loads(grid.proto.columns)["Created"]  # drawn "1 Dec 2026 14:05 UTC", sorted as a date
    assert config["type_config"] == {"type": "datetime", "format": "D MMM YYYY HH:mm [UTC]", "timezone": "UTC"}
    assert not [c for c in at.caption if "+00:00" in c.value]
    said = [c.value for c in at.caption if "shown only once" in c.value]
    assert len(said) == 1 and "digests" in said[0]


def test_a_reload_resumes_at_the_question_the_candidate_had_open(app):
    made = make(("valid-single", "valid-numeric", "valid-multi"))
    at = started(app, made.candidate_token)
    at = button(at, "Next →").click().run()
    at = button(at, "Next →").click().run()
    assert clock(at)["head"] == "Question 3 of 3"
    again = app(IV, t=made.candidate_token)  # a reload: a fresh session, past the start screen
    assert not again.exception, again.exception
    assert clock(again)["head"] == "Question 3 of 3"
    again = button(again, "← Previous").click().run()  # the session's own position wins from then on
    assert clock(again)["head"] == "Question 2 of 3"
    assert clock(started(app, make().candidate_token))["head"] == "Question 1 of 2"


def test_resuming_past_a_question_that_no_longer_loads_lands_on_the_one_before():
    from ui.interview_candidate import resume_index

    entries = [(0, {}), (1, {}), (3, {})]  # position 2 no longer loads
    assert [resume_index(entries, p) for p in (None, 0, 1, 2, 3)] == [0, 0, 1, 1, 2]
    assert resume_index([(2, {})], 0) == 0


def test_a_refused_answer_says_so_with_one_full_stop():
    from engine.interviews import TimeUp
    from engine.limits import LimitExceeded
    from ui.interview_candidate import not_saved

    for exc in (TimeUp("This interview is finished: your answers are with your interviewer. Thank you."),
                TimeUp("This interview link expired on 1 Dec 2026 14:05 UTC. Your interviewer can set up a new interview "
                       "for you."),
                TimeUp("time is up for this question: your interviewer sees its last saved answer"),
                LimitExceeded("the answer is 9 characters long; the limit is 8: shorten it"), ValueError("Why? ")):
        text = not_saved(exc)
        assert text.startswith("Not saved: ") and text.endswith((".", "?")) and not text.endswith("..")
    assert not_saved(ValueError("shorten it")) == "Not saved: shorten it."


def test_handing_in_from_a_tab_whose_link_closed_meanwhile_shows_the_closed_page(app, monkeypatch):
    from engine.interviews import LinkClosed

    made = make()
    at = started(app, made.candidate_token)
    at = button(at, "Next →").click().run()
    at = button(at, "I am done").click().run()
    real = Interviews.finish

    def closed_meanwhile(self, token, now=None):
        # the link closes between the run's own check and the hand-in (another tab, or its age)
        real(self, token, now)
        raise LinkClosed("This interview is finished: your answers are with your interviewer. Thank you.")

    monkeypatch.setattr(Interviews, "finish", closed_meanwhile)
    at = button(at, "Yes, hand in my answers").click().run()
    assert not at.exception, at.exception
    assert "This interview is finished" in at.info[0].value


def test_an_answer_in_a_tab_left_open_after_the_hand_in_is_refused_in_one_sentence(app):
    made = make()
    at = started(app, made.candidate_token)  # a tab left open ...
    Interviews(open_store()).finish(made.candidate_token)  # ... after the hand-in (in another tab)
    at.radio(key="iv.ans.0").set_value("b").run()
    assert [t.value for t in at.toast] == ["Not saved: This interview is finished: your answers are with your "
                                           "interviewer. Thank you."]


def test_a_number_typed_with_a_decimal_comma_is_pointed_out_to_the_candidate(app):
    # Practice refuses "0,015" with a sentence; the candidate's box saved it silently and the
    # auto-grade marked it wrong
    made = make()
    Interviews(open_store()).open_question(made.candidate_token, 0)
    Interviews(open_store()).open_question(made.candidate_token, 1)
    Interviews(open_store()).save_answer(made.candidate_token, "valid-numeric", "0,015")
    at = app(IV, t=made.candidate_token)  # resumes at the number question
    assert not at.exception, at.exception
    shown = [c.value.replace("\\", "") for c in at.caption]  # the sentence is drawn inert (escaped)
    assert any("Write decimals with a point, not a comma: 0.015 rather than 0,015." in c for c in shown), shown


def test_a_fraction_under_give_a_whole_number_is_pointed_out_and_graded_with_the_reason(app, content_dir):
    """Practice refuses a fraction (597.6) for "Give a whole number"; the candidate's box said nothing and the
    scorecard marked it wrong without a reason."""
    from engine.content.loader import load_library
    from tests.conftest import one_question_bank

    (content_dir / "search.yaml").write_text(
        one_question_bank("ss-random-trials-important-settings", "search-strategies"), encoding="utf-8")
    made = make(("ss-random-trials-important-settings",))
    ivs = Interviews(open_store())
    ivs.open_question(made.candidate_token, 0)
    ivs.save_answer(made.candidate_token, "ss-random-trials-important-settings", "597.6")
    at = app(IV, t=made.candidate_token)
    assert not at.exception, at.exception
    shown = [c.value.replace("\\", "") for c in at.caption]
    assert any("The question asks for a whole number, and 597.6 is not one. Your answer is saved as typed; the "
               "auto-grade reads whole numbers only." in c for c in shown), shown
    ivs.finish(made.candidate_token)
    questions = {q.id: q for q in load_library([content_dir]).questions}
    (row,) = ivs.scorecard(made.interviewer_token, questions=questions).rows
    assert row.auto["feedback"] == "The question asks for a whole number, and 597.6 is not one."


def test_the_interviewer_page_says_who_its_address_opens_for(app):
    """Locally the address is the whole key; with sign-in it opens for the listed interviewers only."""
    from streamlit.testing.v1 import AppTest

    from tests.conftest import ROOT

    made = make()
    local = app(IV, t=made.interviewer_token)
    assert any("whoever opens it, in any browser, sees" in c.value for c in local.caption)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
    at.secrets["auth"] = {"redirect_uri": "http://127.0.0.1:1/oauth2callback", "cookie_secret": "x",
                          "client_id": "x", "client_secret": "x",
                          "server_metadata_url": "http://127.0.0.1:1/.well-known/openid-configuration"}
    at.secrets["tunelab"] = {"interviewers": ["carol@example.com"]}
    at.user = {"is_logged_in": True, "iss": "http://127.0.0.1:1", "sub": "carol@example.com",
               "email": "carol@example.com", "email_verified": True}
    at.run()
    at.switch_page(IV)
    at.query_params["t"] = made.interviewer_token
    at = at.run()
    assert not at.exception, at.exception
    assert any("any interviewer of this deployment who opens it sees" in c.value for c in at.caption)


def test_after_the_hand_in_the_scorecard_tab_scores_a_question_itself(app):
    """The hiring walk-through: the score form was on the Live tab only, and the Scorecard tab just said
    "No question has been scored yet." The form is drawn once, in the open tab, and a score saved
    there shows in the table above it at once."""
    made, ivs, boss = handed_in(app)
    assert len(boss.get("form")) == 1  # the Live tab's, as before
    boss.session_state["iv.tabs"] = "Scorecard"
    boss = boss.run()
    assert not boss.exception, boss.exception
    assert len(boss.get("form")) == 1  # moved, not copied: one set of keys
    assert any(c.value.startswith("No question has been scored yet. Score each question in the form under")
               for c in boss.caption)
    assert boss.selectbox(key="iv.score.q").value == "valid-single"
    for c in ("technical accuracy", "depth", "communication", "use of evidence"):
        boss.radio(key=f"iv.s.valid-single.{c}").set_value(3)
    boss = button(boss, "Save the score").click().run()
    assert not boss.exception, boss.exception
    # on to the next question not scored yet, and said (a hiring team's walk: 60 questions, 60 trips to the box)
    assert boss.selectbox(key="iv.score.q").value == "valid-numeric"
    assert [s.value for s in boss.success if s.value.startswith("Saved")] == [
        "Saved question 1's score. This is question 2, the next not scored yet."]
    assert list(frame(boss, "Time on it")["Technical accuracy"]) == ["hire", "–"]  # the table above, at once
    assert ivs.scores(ivs.as_interviewer(made.interviewer_token).id)["valid-single"]["scores"]["depth"] == 3


def test_a_save_with_no_rating_says_the_note_was_saved_and_the_question_is_still_unscored(app):
    """The class walk-through: a note saved with no rating picked answered "Saved." while the
    scorecard still said nothing was scored. The confirmation says what was stored and what scores."""
    made, ivs, boss = handed_in(app)
    boss.text_area(key="iv.n.valid-single").set_value("Hesitated, then right")
    boss = button(boss, "Save the score").click().run()
    assert not boss.exception, boss.exception
    assert [s.value for s in boss.success if not s.value.startswith("Handed in")] == [
        "Note saved. Pick a rating for at least one criterion to score this question."]
    interview_id = ivs.as_interviewer(made.interviewer_token).id
    assert ivs.scores(interview_id)["valid-single"] == {"scores": {}, "notes": "Hesitated, then right"}
    assert boss.selectbox(key="iv.score.q").value == "valid-single"  # a note alone: still this question's form
    boss.radio(key="iv.s.valid-single.depth").set_value(2)
    boss = button(boss, "Save the score").click().run()
    assert ivs.scores(interview_id)["valid-single"]["scores"] == {"depth": 2}  # one rating scores
    assert boss.selectbox(key="iv.score.q").value == "valid-numeric"  # and the form moved on
    boss.radio(key="iv.s.valid-numeric.depth").set_value(1)
    boss = button(boss, "Save the score").click().run()
    # every question scored: the form stays on the one saved, with the plain confirmation
    assert boss.selectbox(key="iv.score.q").value == "valid-numeric"
    assert [s.value for s in boss.success if not s.value.startswith("Handed in")] == ["Saved."]


def test_saving_scores_judges_each_free_text_answer_once(app, monkeypatch):
    """Every run of the Scorecard tab (each saved score) judged every free-text answer again: about
    half of the interviewer's second of wait per saved score, with seven free-text answers."""
    import ui.free_text_review as review

    asked = []
    monkeypatch.setattr(review, "judge_answer", lambda q, text: asked.append(q.id) or {"points": [], "coverage": 0.0})
    made = make(("valid-free", "valid-single"))
    ivs = Interviews(open_store())
    ivs.open_question(made.candidate_token, 0)
    ivs.save_answer(made.candidate_token, "valid-free", "Because of the learning rate.")
    ivs.finish(made.candidate_token)
    boss = app(IV, t=made.interviewer_token)
    boss.session_state["iv.tabs"] = "Scorecard"
    boss = boss.run()
    for qid in ("valid-free", "valid-single"):
        boss.radio(key=f"iv.s.{qid}.depth").set_value(3)
        boss = button(boss, "Save the score").click().run()
        assert not boss.exception, boss.exception
    assert ivs.scores(made.interview_id)["valid-single"]["scores"] == {"depth": 3}
    assert asked == ["valid-free"]  # once, for three runs of the tab


def test_a_score_the_database_refuses_is_said_and_the_form_keeps_it(app, monkeypatch):
    from sqlalchemy.exc import OperationalError

    made, ivs, boss = handed_in(app)

    def refuse(*args, **kwargs):
        raise OperationalError("UPDATE", {}, Exception("disk I/O error"))

    monkeypatch.setattr(Interviews, "score", refuse)
    boss.radio(key="iv.s.valid-single.depth").set_value(2)
    boss.text_area(key="iv.n.valid-single").set_value("Hesitated")
    boss = button(boss, "Save the score").click().run()
    assert not boss.exception, boss.exception
    assert [e.value for e in boss.error if e.value.startswith("The score was not saved")]
    assert boss.radio(key="iv.s.valid-single.depth").value == 2  # nothing typed or picked is lost
    assert boss.text_area(key="iv.n.valid-single").value == "Hesitated"
    assert boss.selectbox(key="iv.score.q").value == "valid-single"


def test_the_closing_screen_is_headed_by_the_interviews_title_as_typed(app):
    """The hiring walk-through: after "Yes, hand in my answers" (and on reopening the link) the page was
    headed "Mock interview", not the title every earlier screen showed. The title is the interviewer's
    text: shown as typed, never as Markdown."""
    ivs = Interviews(open_store())
    made = ivs.create("Round *2* [ML]", "ml-engineer", ["valid-single"], 120, owner="ann")
    at = started(app, made.candidate_token)
    shown = at.title[0].value
    at = button(at, "I am done").click().run()
    at = button(at, "Yes, hand in my answers").click().run()
    assert not at.exception, at.exception
    assert "This interview is finished" in at.info[0].value
    assert at.title[0].value == shown == "Round \\*2\\* \\[ML\\]"
    again = app(IV, t=made.candidate_token)  # the link reopened later
    assert [t.value for t in again.title] == [shown] and "This interview is finished" in again.info[0].value
    assert app(IV, t="no-such-token").title[0].value == "Mock interview"  # a link that opens nothing names none


def test_the_scorecard_table_puts_the_scores_first_and_the_whole_answer_under_it(app):
    """The hiring walk-through at 1400 px with the sidebar open: the question and the answer, cut
    mid-word, pushed the rubric, the mean and the notes off the right edge. Scores come first, the long
    texts after them at a fixed narrow width, and the Scorecard tab shows the chosen question's text and
    answer whole (the answer as plain text) above its score form."""
    made = make(("valid-free", "valid-single"))
    ivs = Interviews(open_store())
    ivs.open_question(made.candidate_token, 0)
    ivs.save_answer(made.candidate_token, "valid-free", "Because *this* is [long](x) " + "and so on " * 20)
    ivs.finish(made.candidate_token)
    ivs.score(made.interviewer_token, "valid-free", {"depth": 3, "communication": 4})
    boss = app(IV, t=made.interviewer_token)
    boss.session_state["iv.tabs"] = "Scorecard"
    boss = boss.run()
    assert not boss.exception, boss.exception
    (grid,) = [d for d in boss.dataframe if "Time on it" in d.value.columns]
    # the bank's kind beside the number and Late beside the auto-grade: in view at 1280 px (a hiring team's walk)
    assert list(grid.value.columns)[:11] == ["#", "Public or private", "Technical accuracy", "Depth", "Communication",
                                             "Use of evidence", "Mean", "Auto-graded", "Late", "Time on it", "Notes"]
    assert list(grid.value["Mean"]) == ["3.50", "–"]
    config = json.loads(grid.proto.columns)
    assert config["Question"]["width"] == config["Answer as given"]["width"] == 140
    accuracy = config["Technical accuracy"]
    assert accuracy["label"] == "Accuracy" and "Technical accuracy" in accuracy["help"]
    assert boss.selectbox(key="iv.score.q").value == "valid-free"
    assert any(t.value.startswith("Because *this* is [long](x) and so on") for t in boss.text)  # whole, as typed


def test_notes_typed_in_the_tab_of_a_replaced_interviewer_link_are_shown_to_copy(app):
    """The nothing-lost walk-through: notes typed, a new interviewer link made, then "Save the score"
    in the old tab: the page said only "This link is not valid." and the notes were gone."""
    made, ivs, boss = handed_in(app)
    notes = "Strong on momentum; **missed** bias correction <b>twice</b>"
    boss.text_area(key="iv.n.valid-single").set_value(notes)
    ivs.new_interviewer_link(made.interview_id, "ann")
    boss = button(boss, "Save the score").click().run()
    assert not boss.exception, boss.exception
    assert [e.value for e in boss.error] == ["This link is not valid."]
    assert any("were not saved" in w.value for w in boss.warning)
    assert [c.value for c in boss.code] == [notes]  # as typed, in a box that copies it, never as Markdown


def test_a_banks_questions_are_added_at_once_after_the_ones_chosen_and_within_the_ceiling(app, content_dir,
                                                                                         monkeypatch):
    """Picking a bank's questions one chip at a time, among some 800, was the set-up's slowest part."""
    import dataclasses

    from engine.limits import CEILINGS
    from tests.content.test_private_banks import PRIVATE

    (content_dir / "hush.yaml").write_text(PRIVATE)
    at = app(IV)
    assert not at.exception, at.exception
    qs = at.multiselect(key="iv.setup.qs.data-scientist")
    at = qs.set_value(["valid-single"]).run()
    bank = at.selectbox(key="iv.setup.bank")
    assert bank.options == ["A valid bank", "A valid bank (private)"] and bank.value is None  # a private one, said
    assert button(at, "Add its questions").disabled  # nothing to add until a bank is chosen
    at = button(bank.set_value("hush").run(), "Add its questions").click().run()
    assert not at.exception, at.exception
    chosen = at.multiselect(key="iv.setup.qs.data-scientist").value
    assert chosen == ["valid-single"] + [f"hush-{t}" for t in ("single", "multi", "numeric", "ordering", "free")]
    assert said(at.info[-1].value) == "Added 5 questions of \u201cA valid bank (private)\u201d."
    at = button(at, "Add its questions").click().run()  # again: nothing new
    assert at.multiselect(key="iv.setup.qs.data-scientist").value == chosen
    assert at.info[-1].value.endswith(": every one of its questions was chosen already.")
    # room for two of the public bank's four not chosen yet
    monkeypatch.setitem(CEILINGS, "interview", dataclasses.replace(CEILINGS["interview"], limit=8))
    at = button(at.selectbox(key="iv.setup.bank").set_value("valid").run(), "Add its questions").click().run()
    assert at.multiselect(key="iv.setup.qs.data-scientist").value == chosen + ["valid-multi", "valid-numeric"]
    assert "2 questions did not fit (an interview holds at most 8 questions)" in at.info[-1].value
