"""Practice's selection in the address (engine.content.selection_link)."""

from __future__ import annotations

from hypothesis import given, strategies as st

from engine.content.labs import OPTIMIZER_QUERY_KEYS
from engine.content.selection_link import (SELECTION_KEYS, default_selection, filter_options, names_selection,
                                           question_link, read_selection, selection_params, selection_query)
from engine.content.topics import DIFFICULTIES, QUESTION_TYPES, ROLES, TOPICS
from engine.forms import FORMS
from engine.link_query import MAX_NAMES
from engine.optim.training_link import TRAINING_QUERY_KEYS
from engine.search.lab_link import SEARCH_QUERY_KEYS

BANKS = ("valid", "other", "optimizers")
OPTIONS = filter_options(BANKS)


def chosen(options):
    """A filter's value: some of its names, each once, in any order."""
    return st.lists(st.sampled_from(list(options)), unique=True, max_size=len(options))


SELECTIONS = st.fixed_dictionaries({
    "banks": chosen(BANKS), "topics": chosen(TOPICS), "difficulties": chosen(DIFFICULTIES),
    "roles": chosen(ROLES), "types": chosen(QUESTION_TYPES), "forms": chosen(FORMS), "missed_only": st.booleans(),
})


@given(SELECTIONS)
def test_a_selection_reads_back_as_written(selection):
    params = selection_params(selection)
    assert read_selection(params, OPTIONS) == (selection, [])
    assert names_selection(params) == (selection != default_selection())


def test_all_is_no_parameter_and_a_list_is_one_parameter_of_commas():
    assert selection_params(default_selection()) == {} and selection_query(default_selection()) == ""
    selection = default_selection() | {"topics": ["grid-search", "random-search"], "missed_only": True}
    assert selection_params(selection) == {"topic": "grid-search,random-search", "missed": "1"}
    assert selection_query(selection) == "topic=grid-search,random-search&missed=1"
    assert selection_query(default_selection() | {"banks": ["a b&c"]}) == "bank=a%20b%26c"  # a slug is quoted


def test_names_it_does_not_offer_are_left_out_with_one_sentence_a_filter_naming_none_of_them():
    query = {"bank": "valid,<script>x</script>,hush", "topic": "grid-search,nope,grid-search", "difficulty": "",
             "missed": "maybe", "other": "kept out"}
    filters, notes = read_selection(query, OPTIONS)
    assert filters == default_selection() | {"banks": ["valid"], "topics": ["grid-search"]}
    assert notes == ["The link names 2 banks that Practice does not have: they are left out.",
                     "The link names 1 topic that Practice does not have: it is left out.",
                     "The link's \u201conly the ones I missed\u201d is neither 1 nor 0: it is off."]
    assert not any("script" in n or "hush" in n or "nope" in n for n in notes)


def test_a_long_link_is_read_to_its_first_names_only():
    filters, notes = read_selection({"topic": ",".join(["grid-search"] * 10**6)}, OPTIONS)
    assert filters["topics"] == ["grid-search"] and notes == []
    names = [f"r{i}" for i in range(10**5)]
    filters, notes = read_selection({"role": ",".join(names)}, OPTIONS)  # counted among the first MAX_NAMES
    assert notes == [f"The link names {MAX_NAMES} roles that Practice does not have: they are left out."]


def test_every_filter_has_one_key_and_none_is_a_labs():
    """A lab keeps its settings in the address too, and Back may bring them to Practice (which drops
    any key not its own): a key shared with a lab would be read as a filter."""
    assert set(OPTIONS) | {"missed_only"} == set(SELECTION_KEYS) == set(default_selection())
    keys = set(SELECTION_KEYS.values())
    assert len(keys) == len(SELECTION_KEYS)
    assert not keys & (set(OPTIMIZER_QUERY_KEYS) | set(TRAINING_QUERY_KEYS) | set(SEARCH_QUERY_KEYS) | {"q", "seed"})


def test_practice_sets_a_widget_for_every_filter():
    from ui.practice_session import ADDRESS_KEYS, FILTER_WIDGETS

    assert set(FILTER_WIDGETS) == set(SELECTION_KEYS)
    assert set(SELECTION_KEYS.values()) <= set(ADDRESS_KEYS)


def test_a_question_link_opens_practice_on_it_from_any_page_of_the_app():
    """Relative: resolved against the page a learner is on, under whatever host and path serve the app."""
    from urllib.parse import urljoin

    assert question_link("valid-single") == "practice?q=valid-single"
    for page, practice in (("http://127.0.0.1:8501/progress", "http://127.0.0.1:8501/practice"),
                           ("https://example.org/tunelab/review?x=1", "https://example.org/tunelab/practice")):
        assert urljoin(page, question_link("valid-single")) == f"{practice}?q=valid-single"
