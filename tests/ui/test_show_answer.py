"""An answer the interviewer reads is listed like the key points beside it, and stays the visitor's words."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest


def drawn(qtype: str, answer: object) -> AppTest:
    def page(qtype: str, answer: object) -> None:
        from ui.text import show_answer

        show_answer(qtype, answer)

    return AppTest.from_function(page, kwargs={"qtype": qtype, "answer": answer}).run()


def test_several_choices_are_a_bulleted_list_and_an_ordering_a_numbered_one():
    at = drawn("multi_choice", ["a", "", "c"])  # an empty pick is no item
    assert [m.value for m in at.markdown] == ["- a\n- c"] and not at.text
    at = drawn("ordering", ["split", "tune", "test"])
    assert [m.value for m in at.markdown] == ["1. split\n2. tune\n3. test"]


def test_an_item_is_text_never_markdown():
    # an uploaded bank's option or a crafted answer: no link, emphasis, heading, maths or list of its own
    at = drawn("multi_choice", ["**bold** [x](http://e.com)", "# 2. $x$\n- y"])
    (listed,) = [m.value for m in at.markdown]
    first, second = listed.split("\n")
    assert first == "- " + r"\*\*bold\*\* \[x\]\(http\:" + "\u200b" + r"\/\/e\.com\)"  # the scheme broken too
    assert second == r"- \# 2\. \$x\$ \- y"


def test_anything_else_is_plain_text():
    at = drawn("numeric", 0.5)
    assert [t.value for t in at.text] == ["0.5"] and not at.markdown
    at = drawn("multi_choice", [])
    assert [t.value for t in at.text] == ["(no answer)"]


def test_a_long_answer_scrolls_in_a_box_of_its_own_height():
    """A pasted 20,000 characters drawn whole made the interviewer's live view 12,000 px tall, the rubric
    far below it (a hiring team's walk); a short answer is drawn as before."""
    from ui.text import LONG_ANSWER, LONG_ANSWER_HEIGHT

    at = drawn("free_text", "w" * LONG_ANSWER)
    assert [t.value for t in at.text] == ["w" * LONG_ANSWER] and not at.caption
    at = drawn("free_text", "w" * 20_000)
    assert [t.value for t in at.text] == ["w" * 20_000]  # whole, in the box
    assert [c.value for c in at.caption] == ["20,000 characters; the box scrolls."]
    (box,) = [b for b in at.main.children.values() if b.type == "flex_container"]
    assert box.proto.height_config.pixel_height == LONG_ANSWER_HEIGHT and [t.value for t in box.text] == ["w" * 20_000]
