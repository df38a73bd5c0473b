"""Hiring-team audit of the interviewer's side: one key per session, "Your interviews" with a new
link for a lost one and "Create another like this", an uploaded bank chosen at once, late answers,
and a live view whose sections stay open while answers come in."""

from __future__ import annotations

import datetime as dt

from engine.interviews import AccessDenied, Interviews, digest
from engine.store import open_store, utcnow
from tests.conftest import FIXTURES
from tests.pages.conftest import button, frame, open_sections

IV = "app_pages/interview.py"
KEY = "my-interviewer-key-1234"
#: a bank uploaded for one interview: the fixture bank under other ids
OURS = (FIXTURES / "valid.yaml").read_text().replace("bank: valid", "bank: ours").replace("id: valid-", "id: ours-")
OURS_IDS = {f"ours-{t}" for t in ("single", "multi", "numeric", "ordering", "free")}


def create(at, questions=("valid-single",), role="data-scientist"):
    at.multiselect(key=f"iv.setup.qs.{role}").set_value(list(questions))
    return button(at.run(), "Create the interview").click().run()


def listed(at) -> set[str]:
    """The titles in "Your interviews"."""
    return set(frame(at, "Status")["Title"])


def mine(*titles: str, questions=("valid-single", "valid-numeric"), bank: str | None = None, minutes: int = 2):
    ivs = Interviews(open_store())
    return [ivs.create(t, "ml-engineer", list(questions), minutes * 60, owner=digest(KEY), uploaded_bank=bank)
            for t in titles]


def popover(at, label: str):
    """The popover block whose button reads ``label``."""
    def walk(node):
        if getattr(node, "type", None) == "popover" and node.proto.popover.label == label:
            return node
        for child in getattr(node, "children", {}).values():
            if (found := walk(child)) is not None:
                return found
        return None

    found = walk(at._tree)
    assert found is not None, f"no popover {label!r}"
    return found


def owner_page(app, key: str = KEY):
    at = app(IV)
    at.text_input(key="iv.setup.owner").input(key)
    return at.run()


# --- finding 1: one key per session ----------------------------------------------------------------
def test_a_second_interview_in_the_same_session_is_listed_under_the_same_key(app):
    at = app(IV)
    at.text_input(key="iv.setup.title.data-scientist").input("First")
    at = create(at)
    key = at.code[2].value
    at.text_input(key="iv.setup.title.data-scientist").input("Second")
    at = create(at)
    assert not at.exception, at.exception
    assert at.code[2].value == key  # the same key, shown again: not a new one per interview
    ivs = Interviews(open_store())
    assert {iv.title for iv in ivs.owned_by(digest(key))} == {"First", "Second"}
    assert listed(at) == {"First", "Second"}
    (whose,) = [c.value for c in at.caption if c.value.startswith("The interviews of")]
    assert f"ending in \u2026{key[-4:]}" in whose.replace("\\", "") and "shown above" in whose
    assert "every interview you create in this session" in whose
    again = owner_page(app, key)  # and the key, entered next time, lists both
    assert listed(again) == {"First", "Second"}
    assert any("the interviewer key you entered" in c.value for c in again.caption)


# --- finding 2: a new link for a lost one --------------------------------------------------------
def test_a_lost_interviewer_link_is_replaced_and_the_old_one_stops_working(app):
    (made,) = mine("Lost")
    at = owner_page(app)
    assert not at.exception, at.exception
    assert not [c for c in at.code]  # no link is shown again: only digests are stored
    assert any("stops working" in c.value for c in at.caption)  # said before the click
    # the popover asks first, naming the interview
    assert any(m.value.startswith("Replace the interviewer link of \u201cLost\u201d? ") for m in at.markdown)
    at = button(at, "Replace the interviewer link").click().run()
    assert not at.exception, at.exception
    # the confirmations are drawn closed, under new keys (app_pages/interview.py, confirm_key)
    assert [(b.proto.popover.label, b.proto.popover.open) for b in at.get("popover")] == [
        ("New interviewer link", False), ("New candidate link", False)]
    (link,) = [c.value for c in at.code]
    token = link.split("t=", 1)[1]
    ivs = Interviews(open_store())
    assert ivs.as_interviewer(token).title == "Lost"
    try:
        ivs.as_interviewer(made.interviewer_token)
        raise AssertionError("the old interviewer link still opens the interview")
    except AccessDenied:
        pass
    (said,) = [s.value for s in at.success]
    assert "The old interviewer link no longer works" in said and "shown only now" in said
    assert ivs.as_candidate(made.candidate_token).title == "Lost"  # the candidate's link is untouched
    boss = app(IV, t=token)
    assert not boss.exception and "Lost" in boss.title[0].value


def test_a_lost_candidate_link_is_replaced_and_the_answers_stay(app):
    (made,) = mine("Going")
    ivs = Interviews(open_store())
    ivs.open_question(made.candidate_token, 0)
    ivs.save_answer(made.candidate_token, "valid-single", "b")
    at = button(owner_page(app), "Replace the candidate link").click().run()
    assert not at.exception, at.exception
    token = at.code[0].value.split("t=", 1)[1]
    assert ivs.candidate_answers(token) == {"valid-single": "b"}
    assert app(IV, t=made.candidate_token).error[0].value == "This link is not valid."
    assert any("the answers saved so far are kept" in s.value for s in at.success)
    assert app(IV, t=made.interviewer_token).title  # the interviewer's link still works


def test_a_handed_in_interview_takes_no_new_candidate_link_but_a_new_interviewer_link(app):
    done, going = mine("Done", "Going")
    Interviews(open_store()).finish(done.candidate_token)
    at = owner_page(app)
    pick = at.selectbox(key="iv.own.pick")
    assert len(pick.options) == 2 and any("Done" in o and "handed in" in o for o in pick.options)
    at = pick.set_value(Interviews(open_store()).as_interviewer(done.interviewer_token).id).run()
    assert popover(at, "New candidate link").proto.popover.disabled
    assert any("this interview is handed in, so it takes none" in c.value for c in at.caption)
    assert not popover(at, "New interviewer link").proto.popover.disabled  # its scorecard stays reachable


def test_a_new_link_is_made_only_for_the_owners_interview(app, monkeypatch):
    # signed-in mode: the account owns its interviews; another account sees none and changes none
    import ui.identity
    from ui.identity import Identity

    ivs = Interviews(open_store())
    ann = ivs.create("Ann's", "ml-engineer", ["valid-single"], 120, owner="acct-ann")
    ivs.create("Bob's", "ml-engineer", ["valid-single"], 120, owner="acct-bob")
    monkeypatch.setattr(ui.identity, "current",
                        lambda: Identity("acct-ann", "ann@x.org", "Ann", interviewer=True, signed_in=True))
    at = app(IV)
    assert not at.exception, at.exception
    assert listed(at) == {"Ann's"}  # no key in signed-in mode: the account lists them
    assert not [t for t in at.text_input if t.key == "iv.setup.owner"]
    assert any(c.value.startswith("The interviews of your account (Ann)") for c in at.caption)
    at = button(at, "Replace the candidate link").click().run()
    assert ivs.as_candidate(at.code[0].value.split("t=", 1)[1]).id == ivs.as_interviewer(ann.interviewer_token).id
    bob = ivs.owned_by("acct-bob")[0]
    for call in (lambda: ivs.new_candidate_link(bob.id, "acct-ann"),
                 lambda: ivs.new_interviewer_link(bob.id, "acct-ann")):
        try:
            call()
            raise AssertionError("another account changed Bob's interview")
        except AccessDenied:
            pass


# --- finding 3: create another like this ---------------------------------------------------------
def test_create_another_like_this_fills_the_setup_with_the_interviews_questions_bank_and_minutes(app):
    questions = ("valid-numeric", "ours-single", "ours-free")
    (made,) = mine("Round 1", questions=questions, bank=OURS, minutes=7)
    at = button(owner_page(app), "Create another like this").click().run()
    assert not at.exception, at.exception
    assert at.selectbox(key="iv.setup.role").value == "ml-engineer"
    assert at.multiselect(key="iv.setup.qs.ml-engineer").value == list(questions)  # the private ones too
    assert at.number_input(key="iv.setup.min").value == 7
    assert at.text_input(key="iv.setup.title.ml-engineer").value == "Round 1"
    assert at.text_input(key="iv.setup.name").value == ""  # for the next candidate
    # the public one named by its place: the chips tag only the private ones (a hiring team's walk)
    assert any("Chosen: 1 public (question 1), 2 private" in c.value for c in at.caption)
    assert any("Filled in from" in i.value and "its own uploaded bank" in i.value for i in at.info)
    at.text_input(key="iv.setup.name").input("Next one")
    at = button(at.run(), "Create the interview").click().run()
    assert not at.exception, at.exception
    ivs = Interviews(open_store())
    new = next(iv for iv in ivs.owned_by(digest(KEY)) if iv.candidate_name == "Next one")
    assert [e["id"] for e in new.questions] == list(questions) and {e["seconds"] for e in new.questions} == {420}
    assert new.uploaded_bank == OURS and new.role == "ml-engineer"
    cand = app(IV, t=at.code[1].value.split("t=", 1)[1])  # the copied bank's questions load for the candidate
    assert not cand.exception and not cand.warning


def test_another_like_this_leaves_the_last_candidates_name_out_of_the_title(app):
    # the copy kept "Round 2 - Ada" for the next candidate, who reads the title (a hiring team's walk-through)
    Interviews(open_store()).create("Round 2 \u2014 Ada", "ml-engineer", ["valid-single"], 120, owner=digest(KEY),
                                    candidate_name="Ada")
    at = button(owner_page(app), "Create another like this").click().run()
    assert not at.exception, at.exception
    assert at.text_input(key="iv.setup.title.ml-engineer").value == "Round 2"


def test_the_interview_just_created_is_the_one_selected_under_your_interviews(app):
    """The hiring walk-through: after "Create another like this" and Create, the picker still held the
    older interview, and the buttons under it (new links, copy, compare) act on the selection."""
    older, _ = mine("Round 1", "Round 2")
    at = owner_page(app)
    at = at.selectbox(key="iv.own.pick").set_value(older.interview_id).run()
    at = button(at, "Create another like this").click().run()
    at.text_input(key="iv.setup.name").input("Next one")
    at = button(at.run(), "Create the interview").click().run()
    assert not at.exception, at.exception
    new = next(iv for iv in Interviews(open_store()).owned_by(digest(KEY)) if iv.candidate_name == "Next one")
    assert at.selectbox(key="iv.own.pick").value == new.id
    assert any(m.value.startswith("Replace the candidate link of \u201cRound 1\u201d (candidate: Next one)?")
               for m in at.markdown)  # the popover names the new interview, with its candidate


# --- finding 4: an uploaded bank's questions are chosen at once ----------------------------------
def test_an_uploaded_banks_questions_are_chosen_at_once_and_can_still_be_removed(app):
    at = app(IV)
    before = list(at.multiselect(key="iv.setup.qs.data-scientist").value)
    at.file_uploader[0].set_value(("ours.yaml", OURS.encode(), "application/x-yaml"))
    at = at.run()
    assert not at.exception, at.exception
    chosen = at.multiselect(key="iv.setup.qs.data-scientist").value
    assert chosen[:len(before)] == before and set(chosen[len(before):]) == OURS_IDS
    (added,) = [s.value for s in at.success]
    assert added.startswith("Added 5 questions from ours") and "chose them below" in added
    publics = "questions " + ", ".join(str(n) for n in range(1, len(before))) + f" and {len(before)}"
    assert any(f"{len(before)} public ({publics}), 5 private" in c.value for c in at.caption)
    at.multiselect(key="iv.setup.qs.data-scientist").unselect("ours-free")
    at = at.run()
    assert "ours-free" not in at.multiselect(key="iv.setup.qs.data-scientist").value  # not put back
    at = create(at, questions=[*before, "ours-single"])
    (iv,) = Interviews(open_store()).owned_by(digest(at.code[2].value))
    assert iv.uploaded_bank == OURS


def test_a_broken_file_dropped_on_a_good_ones_place_keeps_the_good_bank(app):
    """The hiring walk-through: the uploader holds one file, so a broken bank dropped after a good
    one replaced it and took the good bank's five questions out of the interview, silently."""
    at = app(IV)
    at.file_uploader[0].set_value(("ours.yaml", OURS.encode(), "application/x-yaml"))
    at = at.run()
    chosen = list(at.multiselect(key="iv.setup.qs.data-scientist").value)
    assert OURS_IDS <= set(chosen)
    at.file_uploader[0].set_value(("draft.yaml", b"bank: [unclosed", "application/x-yaml"))
    at = at.run()
    assert not at.exception, at.exception
    assert any("draft.yaml has problems and was not added" in e.value.replace("\\", "") for e in at.error)
    (kept,) = [i.value.replace("\\", "") for i in at.info if "stays" in i.value]
    assert "The bank uploaded before, ours.yaml, stays in this interview with its 5 questions." in kept
    assert list(at.multiselect(key="iv.setup.qs.data-scientist").value) == chosen
    at = create(at, questions=chosen)
    (iv,) = Interviews(open_store()).owned_by(digest(at.code[-1].value))  # after the file's problems: the key
    assert iv.uploaded_bank == OURS
    at.file_uploader[0].set_value(None)  # the file taken off the uploader takes its questions too
    at = at.run()
    assert not OURS_IDS & set(at.multiselect(key="iv.setup.qs.data-scientist").value)


def test_an_upload_reusing_an_id_of_the_banks_is_refused_naming_both_places(app):
    """The authors' audit: an upload reusing a shipped id replaced that question in the interview
    (the candidate saw the upload's prompt under the shipped id) and was counted as public."""
    at = app(IV)
    reused = OURS.replace("id: ours-single", "id: valid-single")
    at.file_uploader[0].set_value(("reused.yaml", reused.encode(), "application/x-yaml"))
    at = at.run()
    assert not at.exception, at.exception
    assert any("was not added" in e.value for e in at.error) and not at.success
    (listing,) = [c.value for c in at.code if "duplicate id" in c.value]
    assert "duplicate id 'valid-single' (first defined at" in listing and "valid.yaml:" in listing


def test_an_upload_with_many_problems_says_how_many_are_not_listed(app):
    at = app(IV)
    broken = "bank: many\ntitle: Many\nquestions:\n" + "".join(f"  - id: q{i}\n    type: single_choice\n" for i in range(25))
    at.file_uploader[0].set_value(("many.yaml", broken.encode(), "application/x-yaml"))
    at = at.run()
    (listing,) = [c.value for c in at.code if "q0" in c.value or "questions" in c.value]
    assert listing.count("\n") == 20 and listing.endswith("more")


# --- findings 6 and 8: the live view ---------------------------------------------------------------
def test_the_live_views_sections_keep_their_labels_and_say_where_the_candidate_is(app):
    (made,) = mine("Live", questions=("valid-single", "valid-numeric"))
    ivs = Interviews(open_store())
    boss = open_sections(app(IV, t=made.interviewer_token))
    labels = [e.label for e in boss.expander]
    assert labels[0].startswith("Question 1 · ") and labels[1].startswith("Question 2 · ")
    assert any(c.value == "The candidate has not opened a question yet." for c in boss.caption)
    assert any(c.value.startswith("Waiting for an answer · limit 2 min 00 s") for c in boss.caption)
    ivs.open_question(made.candidate_token, 0, now=utcnow() - dt.timedelta(seconds=30))
    ivs.save_answer(made.candidate_token, "valid-single", "b")
    ivs.open_question(made.candidate_token, 1, now=utcnow() - dt.timedelta(seconds=25))
    boss = boss.run()  # the 3-second refresh, as a rerun
    assert not boss.exception, boss.exception
    assert [e.label for e in boss.expander] == labels  # unchanged: an open section stays open
    (where,) = [c.value for c in boss.caption if c.value.startswith("On question")]
    assert where.startswith("On question 2 of 2 (the furthest they opened) · 1:3") and where.endswith(" left of 2:00")
    assert any(c.value.startswith("Answered · limit 2 min 00 s · last saved after") for c in boss.caption)


def test_a_closed_section_of_the_live_view_draws_only_its_label_and_opening_it_draws_it(app):
    """The view refreshes every 3 s: drawing every section's answer, rubric and figures each time
    kept a 60-question interview's page sending a thousand elements a refresh."""
    (made,) = mine("Lazy", questions=("valid-single", "valid-numeric"))
    ivs = Interviews(open_store())
    ivs.open_question(made.candidate_token, 0)
    ivs.save_answer(made.candidate_token, "valid-single", "b")
    boss = app(IV, t=made.interviewer_token)
    assert not boss.exception, boss.exception
    first, second = boss.expander
    assert first.label.startswith("Question 1 · ") and second.label.startswith("Question 2 · ")
    assert not first.children and not second.children  # closed: nothing inside
    assert not [m for m in boss.markdown if m.value == "**Candidate's answer:**"]
    boss.session_state["iv.live.open.1"] = True  # the interviewer opens the first (its toggle reruns)
    boss = boss.run()
    first, second = boss.expander
    assert [m.value for m in first.markdown if m.value == "**Candidate's answer:**"] == ["**Candidate's answer:**"]
    assert any(c.value.startswith("Answered · limit 2 min 00 s") for c in first.caption)
    assert not second.children
    boss = boss.run()  # the 3-second refresh, as a rerun: the open one stays open and drawn
    assert boss.expander[0].children and not boss.expander[1].children


def test_the_live_view_says_how_long_the_candidate_stayed_and_when_the_time_ran_out(app):
    (made,) = mine("Stay", questions=("valid-single", "valid-numeric"))
    ivs = Interviews(open_store())
    now = utcnow()
    ivs.open_question(made.candidate_token, 0, now=now - dt.timedelta(seconds=200))
    ivs.save_answer(made.candidate_token, "valid-single", "b", now=now - dt.timedelta(seconds=193))
    ivs.open_question(made.candidate_token, 1, now=now - dt.timedelta(seconds=160))  # left question 1 after 40 s
    ivs.save_answer(made.candidate_token, "valid-numeric", "0.015", now=now - dt.timedelta(seconds=153))
    boss = open_sections(app(IV, t=made.interviewer_token))  # typed in 7 s, then sat past the 2-minute limit
    assert not boss.exception, boss.exception
    timings = [c.value for c in boss.caption if c.value.startswith("Answered · ")]
    assert timings == ["Answered · limit 2 min 00 s · last saved after 7 s · time on it 40 s",
                       "Answered · limit 2 min 00 s · last saved after 7 s · time ran out"]


def test_a_late_answer_is_shown_live_and_in_the_scorecard(app):
    (made,) = mine("Late", questions=("valid-single", "valid-numeric"))
    ivs = Interviews(open_store())
    # one clock for both: a save timed by the real clock half a second later read "6 s" on a busy machine
    saved_at = utcnow()
    ivs.open_question(made.candidate_token, 0, now=saved_at - dt.timedelta(seconds=125))
    ivs.save_answer(made.candidate_token, "valid-single", "b", now=saved_at)  # 5 s after its 2-minute limit: kept
    boss = open_sections(app(IV, t=made.interviewer_token))
    assert not boss.exception, boss.exception
    (late,) = [w.value for w in boss.warning if w.value.startswith("Late:")]
    assert "saved 5 s after the limit" in late and "10 s after the limit" in late
    card = frame(boss, "Late")
    assert list(card["Limit"]) == ["2 min 00 s", "2 min 00 s"]
    assert list(card["Late"]) == ["5 s after the limit", ""]
    names = [b.proto.label for b in boss.get("download_button")]
    assert names == ["Markdown", "CSV", "JSON"]


def test_the_scorecard_says_what_its_times_measure_and_which_question_ran_out_of_time(app):
    """The hiring walk-through: "Time" read "7 s" for a candidate who sat until the limit (the time
    of the last save), and "Late" was blank. The columns now say what they measure, and the row whose
    limit passed before the candidate moved on says so."""
    (made,) = mine("Clock", questions=("valid-single", "valid-numeric"))
    ivs = Interviews(open_store())
    now = utcnow()
    ivs.open_question(made.candidate_token, 0, now=now - dt.timedelta(seconds=200))
    ivs.save_answer(made.candidate_token, "valid-single", "b", now=now - dt.timedelta(seconds=193))
    ivs.open_question(made.candidate_token, 1, now=now - dt.timedelta(seconds=70))  # 130 s on a 2-minute question
    boss = app(IV, t=made.interviewer_token)
    assert not boss.exception, boss.exception
    card = frame(boss, "Time on it")
    assert "Time" not in card.columns
    assert list(card["Last save"]) == ["7 s", "–"] and list(card["Time on it"]) == ["time ran out", "–"]
    shown = next(df for df in boss.dataframe if "Time on it" in df.value.columns).proto.columns
    assert "not the time spent on it" in shown and "opened the next question or handed in" in shown


def test_a_new_link_asks_first_naming_the_interview_and_its_candidate_as_typed(app):
    """The class walk-through: one click on "New candidate link" of the wrong row cut a student off
    mid-interview. The popover names the interview and the candidate (their text shown inert) and
    nothing changes until its own button is pressed."""
    ivs = Interviews(open_store())
    made = ivs.create("Week 3", "ml-engineer", ["valid-single"], 120, owner=digest(KEY), candidate_name="*Al* [x](y)")
    at = owner_page(app)
    assert not at.exception, at.exception
    (ask,) = [m.value for m in at.markdown if m.value.startswith("Replace the candidate link of")]
    assert "(candidate: \\*Al\\* \\[x\\]\\(y\\))" in ask and "stops working at once" in ask
    assert ivs.as_candidate(made.candidate_token).title == "Week 3"  # opening the popover changed nothing


def test_an_interview_made_before_rubrics_had_a_bound_still_shows_its_uploaded_questions(app):
    """Its bank was stored when a question could list any number of key points; since 2026-12-05
    an upload lists at most 8, and such an interview said its uploaded questions were gone."""
    free = OURS.index("id: ours-free")
    line = OURS.index("key_points", free)
    twelve = "key_points: [" + ", ".join(f"Point {n}" for n in range(12)) + "]"
    (made,) = mine("Before", questions=("ours-free", "ours-single"),
                   bank=OURS[:line] + twelve + OURS[OURS.index("\n", line):])
    boss = open_sections(app(IV, t=made.interviewer_token))
    assert not boss.exception and not [w.value for w in boss.warning if "no longer" in w.value]
    shown = "\n".join(str(m.value) for m in [*boss.markdown, *boss.text])  # uploaded text is plain
    assert "Point 7" in shown and "Point 8" not in shown  # the first 8, as the bound reads them
    candidate = app(IV, t=made.candidate_token)
    assert not candidate.exception and not [w.value for w in candidate.warning if "no longer" in w.value]


def test_your_interviews_counts_the_browsers_each_candidate_link_was_opened_in(app):
    # a hiring team scanning its interviews sees which link a second browser holds, without opening each
    shared, alone, unopened = mine("Shared link", "One browser", "Not opened yet")
    ivs = Interviews(open_store())
    for made, browsers in ((shared, ("a", "b")), (alone, ("c",))):
        for b in browsers:
            ivs.note_browser(made.candidate_token, b * 32, "Firefox/140")
    table = frame(owner_page(app), "Status")
    assert dict(zip(table["Title"], table["Browsers"])) == {"Shared link": 2, "One browser": 1, "Not opened yet": 0}
