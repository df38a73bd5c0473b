"""The adversarial walk-through of the set-up: an uploaded bank of 3,800 questions made an interview of
3,806 (about 317 hours at 5 minutes each) whose interviewer page a browser never finished drawing, and ten
presses stored ten copies of the bank. Each ceiling is one sentence on the set-up, and nothing is stored."""

from __future__ import annotations

from engine.interviews import Interviews, digest
from engine.store import open_store
from tests.engine.test_interviews import generated_bank
from tests.pages.conftest import button
from tests.pages.test_interview import count_interviews

IV = "app_pages/interview.py"
QS = "iv.setup.qs.data-scientist"


def upload(at, text: str, name: str = "ours.yaml"):
    at.file_uploader[0].set_value((name, text.encode(), "application/x-yaml"))
    return at.run()


def create_button(at):
    return button(at, "Create the interview")


def test_an_upload_of_more_questions_than_an_interview_holds_is_refused_in_one_sentence_before_any_is_listed(app):
    at = app(IV)
    before = list(at.multiselect(key=QS).value)
    at = upload(at, generated_bank(61))
    assert not at.exception, at.exception
    (refusal,) = [e.value.replace("\\", "") for e in at.error]
    assert refusal.startswith("ours.yaml has 61 questions; a bank uploaded for an interview may have at most 60: "
                              "upload only the questions this interview needs")
    assert not at.success and not [c for c in at.code]  # neither added nor listed
    assert list(at.multiselect(key=QS).value) == before
    assert not [o for o in at.multiselect(key=QS).options if o.startswith("up-")]
    at = create_button(at).click().run()
    (iv,) = Interviews(open_store()).owned_by(digest(at.code[2].value))
    assert iv.uploaded_bank is None  # the refused file is not stored with the interview


def test_an_upload_that_does_not_fit_beside_the_choice_takes_the_place_of_the_last_chosen(app):
    """A legal 60-question upload beside a role's defaults was 66 chips and "remove 6"."""
    at = app(IV)
    default = list(at.multiselect(key=QS).value)
    assert len(default) >= 2
    ups = 62 - len(default)  # two of the defaults give way
    at = upload(at, generated_bank(ups))
    chosen = at.multiselect(key=QS).value
    assert chosen == default[:-2] + [f"up-{i}" for i in range(ups)]
    (note,) = [i.value for i in at.info if "taken off" in i.value]
    assert note == ("An interview holds at most 60 questions, so 2 questions chosen before were taken off to make "
                    "room for the upload's; to add one back, remove another. Removing the upload brings them back.")
    assert not at.error and not create_button(at).disabled
    at.multiselect(key=QS).set_value(chosen[:10])  # the interviewer's own changes are theirs: nothing comes back
    at = at.run()
    assert at.multiselect(key=QS).value == chosen[:10]


def test_removing_an_upload_brings_back_the_questions_that_gave_way_to_it(app):
    """The walk-through: with the upload's 60 in place of the six defaults, removing the file left an
    empty list, and Create on."""
    at = app(IV)
    default = list(at.multiselect(key=QS).value)
    at = upload(at, generated_bank(60))
    assert at.multiselect(key=QS).value == [f"up-{i}" for i in range(60)]
    at.file_uploader[0].set_value(None)
    at = at.run()
    assert at.multiselect(key=QS).value == default  # back, in their order
    assert not [i for i in at.info if "taken off" in i.value]
    at = upload(at, generated_bank(3, prefix="small"))  # a later upload that fits: beside them
    assert at.multiselect(key=QS).value == default + ["small-0", "small-1", "small-2"]


def test_create_is_off_while_no_question_is_chosen(app):
    at = app(IV)
    assert not create_button(at).disabled
    at.multiselect(key=QS).set_value([])
    at = at.run()
    assert create_button(at).disabled


def test_more_chosen_questions_than_an_interview_holds_is_one_sentence_and_create_stores_nothing(app):
    at = app(IV)
    default = list(at.multiselect(key=QS).value)
    at = upload(at, generated_bank(60))  # the largest bank allowed: it takes the defaults' places
    assert at.multiselect(key=QS).value == [f"up-{i}" for i in range(60)]
    at.multiselect(key=QS).set_value(default + at.multiselect(key=QS).value)  # the defaults chosen again
    at = at.run()
    chosen = len(at.multiselect(key=QS).value)
    assert chosen == len(default) + 60
    (refusal,) = [e.value for e in at.error]
    assert refusal == f"An interview can hold at most 60 questions; {chosen} are chosen: remove {chosen - 60} of them."
    # the button is off (AppTest, like a browser, cannot press it); a press that reached the server anyway
    # is refused by the engine (tests/engine/test_interviews.py)
    assert create_button(at).disabled and count_interviews() == 0
    at.multiselect(key=QS).set_value(at.multiselect(key=QS).value[:60])
    at = at.run()
    assert not at.error and not create_button(at).disabled


def test_the_largest_interview_is_created_from_the_setup(app):
    at = app(IV)
    at = upload(at, generated_bank(60))
    at.multiselect(key=QS).set_value([f"up-{i}" for i in range(60)])
    at = at.run()
    assert not at.error and not create_button(at).disabled
    # the ceiling is said beside the choice, as every ceiling is beside its control
    said = "Chosen: 0 public, 60 private; at most 60 questions per interview."
    assert any(c.value.endswith(said) for c in at.caption)
    assert at.file_uploader[0].label == "Add your own bank (YAML, at most 1 MB and 60 questions)"
    at = create_button(at).click().run()
    assert not at.exception, at.exception
    (iv,) = Interviews(open_store()).owned_by(digest(at.code[2].value))
    assert len(iv.questions) == 60 and iv.uploaded_bank is not None


def test_the_21st_interview_with_an_uploaded_bank_in_a_day_is_refused_in_one_sentence(app):
    key = "my-interviewer-key-1234"
    bank = generated_bank(2, "old")
    ivs = Interviews(open_store())
    for i in range(20):
        ivs.create(f"R{i}", "data-scientist", ["old-0"], 300, owner=digest(key), uploaded_bank=bank)
    at = app(IV)
    at.text_input(key="iv.setup.owner").input(key)
    at = upload(at.run(), generated_bank(2))
    at = create_button(at).click().run()
    assert not at.exception, at.exception
    (refusal,) = [e.value for e in at.error]
    assert refusal.startswith("You have set up 20 interviews with an uploaded bank in the last 24 hours, the most "
                              "one interviewer may: the next can be made after ")
    assert refusal.endswith("UTC, or set this one up without an uploaded bank.") and "\n" not in refusal
    assert count_interviews() == 20 and not [c for c in at.code]


def test_the_chosen_questions_can_be_read_whole_in_order_and_an_uploads_text_stays_text(app):
    """The phone walk-through: the chips are cut at the box's width (about 35 characters on a phone)
    and the box scrolls past five rows, so the interviewer could not read what the candidate would get."""
    at = app(IV)
    default = list(at.multiselect(key=QS).value)
    bank = generated_bank(1).replace("'Q0?'", "'Which **rate** <b>wins</b> [here](http://x.example)?'")
    at = upload(at, bank)
    assert not at.exception, at.exception
    (listing,) = [e for e in at.expander if e.label.startswith("Read the")]
    assert listing.label == f"Read the {len(default) + 1} chosen questions in order"
    (text,) = [m.value for m in listing.markdown]
    lines = text.splitlines()
    assert [line.split(". ", 1)[0] for line in lines] == [str(i) for i in range(1, len(default) + 2)]
    # the upload's last, marked private, its Markdown and HTML escaped (shown as typed, not as a link or bold)
    assert lines[-1].startswith(f"{len(default) + 1}. *easy · ") and " · **private** — " in lines[-1]
    assert "\\*\\*rate\\*\\*" in lines[-1] and "\\[here\\]" in lines[-1] and "<b>" not in lines[-1]
    at.multiselect(key=QS).set_value([default[1], default[0]])
    at = at.run()
    (listing,) = [e for e in at.expander if e.label.startswith("Read the")]
    assert listing.label == "Read the 2 chosen questions in order"
    assert [line.split(". ", 1)[0] for line in listing.markdown[0].value.splitlines()] == ["1", "2"]
