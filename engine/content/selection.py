"""Choosing which questions to practise: filters and a seeded order."""

from __future__ import annotations

import random
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any

from engine.forms import forms_of


@dataclass(frozen=True)
class QuestionFilter:
    """Empty collections mean "any"."""

    topics: frozenset[str] = field(default_factory=frozenset)
    difficulties: frozenset[str] = field(default_factory=frozenset)
    roles: frozenset[str] = field(default_factory=frozenset)
    types: frozenset[str] = field(default_factory=frozenset)
    only_ids: frozenset[str] | None = None  # e.g. the questions last answered wrong
    forms: frozenset[str] = field(default_factory=frozenset)  # plot, generated, code, derivation
    banks: frozenset[str] = field(default_factory=frozenset)  # bank slugs

    def matches(self, q: Any, bank: str | None = None) -> bool:
        """Whether question ``q`` of the bank whose slug is ``bank`` passes every filter (a filter
        on banks passes no question whose bank is not given)."""
        return (
            (not self.banks or bank in self.banks)
            and (not self.topics or bool(self.topics.intersection(q.topics)))
            and (not self.difficulties or q.difficulty in self.difficulties)
            and (not self.roles or bool(self.roles.intersection(q.roles)))
            and (not self.types or q.type in self.types)
            and (self.only_ids is None or q.id in self.only_ids)
            and (not self.forms or bool(self.forms.intersection(forms_of(q))))
        )


def select_from_library(library: Any, flt: QuestionFilter) -> list[Any]:
    """The questions of ``library``'s public banks that ``flt`` matches, bank by bank: what
    Practice serves (a private bank's questions are never among them)."""
    return [q for lb in library.public_banks for q in lb.bank.questions if flt.matches(q, lb.bank.bank)]


def practice_order(question_ids: Collection[str], seed: int | str) -> list[str]:
    """The ids in a shuffled order that is the same for the same seed."""
    ids = sorted(question_ids)  # sorted first so the order does not depend on the input's
    random.Random(f"order:{seed}").shuffle(ids)
    return ids
