"""The banks as the pages list them, each list in the order of the banks' titles: Practice's Bank
filter, Home's table of the banks, Progress's "By bank", the interview set-up's "Add every question
of a bank"."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from engine.content.topics import ROLES, TOPICS

#: a role a bank is said to be for asks at least this share of its questions: every bank is
#: tagged for several roles, most of them on a question or two (a data scientist's bank had
#: 5 of 18 for managers), and a row naming every role helps nobody choose
FOR_SHARE = 0.5
#: role slug -> the table's short word for it: a bank for three roles is named whole in a narrow
#: column. "Data sci., ML eng., Creative" was cut after "ML eng." at 1280 px, so six banks of
#: questions all asked of creative roles read as not for them (a learner's walk); the field's own
#: "DS" and "MLE" fit, and the column's help spells them out
ROLE_WORDS = {"data-scientist": "DS", "ml-engineer": "MLE", "manager": "Managers", "creative": "Creative"}
#: the longest "For" cell Home's column shows whole (17 characters at 125 px; a test holds the shipped banks to it)
FOR_CHARS = 17


def _by_title(titles: dict[str, str]) -> dict[str, str]:
    """``titles`` (slug -> title) in the order of the titles, case aside (by slug, "Tools ... for
    generative roles" sat among the "Creative roles: ..." rows of Home's table)."""
    return dict(sorted(titles.items(), key=lambda item: (item[1].casefold(), item[0])))


def _public_banks(library: Any) -> list[Any]:
    """``library``'s public banks (a private bank is not announced), in the order of their titles."""
    order = _by_title({lb.bank.bank: lb.bank.title for lb in library.public_banks})
    banks = {lb.bank.bank: lb.bank for lb in library.public_banks}
    return [banks[slug] for slug in order]


def public_bank_titles(library: Any) -> dict[str, str]:
    """Slug -> title of ``library``'s public banks, by title: what Practice's Bank filter offers."""
    return {b.bank: b.title for b in _public_banks(library)}


def interview_bank_titles(library: Any) -> dict[str, str]:
    """Slug -> title of every bank an interview may draw on, the public ones and the private ones
    (said so in the title: a candidate could have studied the others), by title."""
    return _by_title({lb.bank.bank: lb.bank.title + (" (private)" if lb.private and not _says_private(lb.bank.title)
                                                     else "") for lb in library.banks})


def _says_private(title: str) -> bool:
    """Whether a bank's title says it is private already: "ACME hiring loop (private)" read
    "… (private) (private)" in the interview set-up's list (a hiring team's walk)."""
    return "private" in title.casefold()


@dataclass(frozen=True)
class BankRow:
    slug: str
    title: str
    #: the roles (table words, in ``ROLES``'s order) tagged on at least ``FOR_SHARE`` of its questions
    audience: str
    questions: int
    #: its questions' topics' titles, the most asked first (:func:`main_topics`)
    topics: str


def audience(questions: list[Any]) -> list[str]:
    """The roles, in ``ROLES``'s order, tagged on at least ``FOR_SHARE`` of ``questions``."""
    counts = Counter(r for q in questions for r in q.roles)
    return [r for r in ROLES if questions and counts[r] >= FOR_SHARE * len(questions)]


def bank_rows(library: Any) -> list[BankRow]:
    """One row per public bank, in the order of their titles."""
    return [
        BankRow(b.bank, b.title, ", ".join(ROLE_WORDS[r] for r in audience(b.questions)), len(b.questions),
                ", ".join(main_topics(b.questions)))
        for b in _public_banks(library)
    ]


def main_topics(questions: list[Any]) -> list[str]:
    """The titles of ``questions``' topics, the most asked first (ties by title): a bank's cell
    shows what fits of them, and alphabetical order led a bank of 18 topics with "Adaptive
    optimisers", on a question or two of it, while its main subject was cut off."""
    counts = Counter(t for q in questions for t in q.topics)
    return [TOPICS[t][0] for t, _ in sorted(counts.items(), key=lambda kv: (-kv[1], TOPICS[kv[0]][0].casefold()))]


def bank_questions(library: Any) -> dict[str, tuple[str, list[str]]]:
    """Slug -> (title, its questions' ids) of ``library``'s public banks, in the order of their
    titles: what :func:`engine.progress.by_bank` sums a learner's answers over."""
    return {b.bank: (b.title, [q.id for q in b.questions]) for b in _public_banks(library)}


def bank_question_ids(library: Any, slug: str) -> list[str]:
    """The ids of bank ``slug``'s questions, in the bank's order, a private bank's too (an
    interview's set-up adds them); none for a slug the library does not have."""
    return next(([q.id for q in lb.bank.questions] for lb in library.banks if lb.bank.bank == slug), [])
