"""The banks as the pages list them (engine.content.bank_lists)."""

from __future__ import annotations

from types import SimpleNamespace

from engine.content.bank_lists import FOR_CHARS, FOR_SHARE, ROLE_WORDS, audience, bank_rows, main_topics
from engine.content.loader import load_library
from engine.content.topics import ROLES, TOPICS
from tests.conftest import ROOT


def test_every_role_has_a_word_in_the_table():
    assert list(ROLE_WORDS) == list(ROLES)


def asked_of(*roles_per_question):
    return [SimpleNamespace(roles=list(r)) for r in roles_per_question]


def test_a_bank_is_for_the_roles_asked_at_least_half_of_its_questions():
    assert FOR_SHARE == 0.5
    qs = asked_of(["manager"], ["manager", "ml-engineer"], ["creative", "ml-engineer"], ["creative"])
    assert audience(qs) == ["ml-engineer", "manager", "creative"]  # two of four each, in ROLES's order
    assert audience(qs[:3]) == ["ml-engineer", "manager"]  # the creative lead: one of three
    assert audience([]) == []


def test_the_shipped_banks_rows_name_a_role_each_and_cover_every_public_question():
    library = load_library([ROOT / "content"])
    rows = bank_rows(library)
    assert [r.title for r in rows] == sorted((r.title for r in rows), key=str.casefold)
    assert sum(r.questions for r in rows) == len(library.questions)
    assert all(r.audience for r in rows), [r.slug for r in rows if not r.audience]
    assert {r.slug: r.audience for r in rows}["manager-optimiser-briefings"] == "Managers"


def test_home_shows_every_shipped_banks_roles_whole():
    """Six banks asked of creative roles all through read "Data sci., ML eng." at 1280 px: the cell
    was cut before "Creative" (a learner's walk)."""
    rows = bank_rows(load_library([ROOT / "content"]))
    assert {r.slug: r.audience for r in rows}["creative-fitting-and-search"] == "DS, MLE, Creative"
    assert max(len(r.audience) for r in rows) <= FOR_CHARS, max((r.audience for r in rows), key=len)


def test_a_banks_topics_lead_with_the_most_asked():
    """Home's Topics cell shows what fits: alphabetical order led a bank with a topic one question
    of it touched, and cut its main subject off."""
    asked = (["lr-schedules"], ["lr-schedules", "adaptive-optimisers"], ["sgd-momentum"], ["lr-schedules"],
             ["adaptive-optimisers"])
    qs = [SimpleNamespace(topics=t) for t in asked]
    assert main_topics(qs) == [TOPICS[t][0] for t in ("lr-schedules", "adaptive-optimisers", "sgd-momentum")]
    library = load_library([ROOT / "content"])
    for row, lb in zip(bank_rows(library), sorted(library.public_banks, key=lambda lb: lb.bank.title.casefold())):
        topics = {t for q in lb.bank.questions for t in q.topics}
        assert sorted(row.topics.split(", ")) == sorted(TOPICS[t][0] for t in topics), row.slug  # all, once each


def test_a_private_banks_title_says_so_once(tmp_path):
    """"ACME hiring loop (private)" read "ACME hiring loop (private) (private)" in the interview
    set-up's list of banks (a hiring team's walk)."""
    from engine.content.bank_lists import interview_bank_titles
    from tests.content.test_private_banks import PRIVATE

    (tmp_path / "hush.yaml").write_text(PRIVATE)
    (tmp_path / "acme.yaml").write_text(PRIVATE.replace("bank: hush", "bank: acme").replace("id: hush-", "id: acme-")
                                        .replace("title: A valid bank", "title: ACME loop (Private)"))
    titles = interview_bank_titles(load_library([tmp_path]))
    assert titles == {"acme": "ACME loop (Private)", "hush": "A valid bank (private)"}
