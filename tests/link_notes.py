"""What a lab link's reader is held to by its hostile-query tests (the Training and Search labs'):
the values any link parameter may carry, and the notes it may give back."""

from __future__ import annotations

from collections.abc import Sequence

from hypothesis import strategies as st

#: values no lab control takes, whatever the parameter: markup, numbers out of any range, nothing
HOSTILE_VALUES = ("<script>alert(1)</script>", "**bold** [x](http://evil)", "1e999", "nan", "", "9" * 400)


def hostile_values(*own: str) -> st.SearchStrategy[str]:
    """Any short text, or one of :data:`HOSTILE_VALUES` and the lab's ``own`` awkward values."""
    return st.one_of(st.text(max_size=60), st.sampled_from([*HOSTILE_VALUES, *own]))


def assert_plain_notes(notes: Sequence[str]) -> None:
    """One sentence each, in the lab's own words: short enough to show whole (ui.text.inert cuts
    at 200), and nothing of the link's markup."""
    assert all(isinstance(n, str) and len(n) <= 200 for n in notes)
    assert not any(s in n for n in notes for s in ("<", "script", "evil"))
