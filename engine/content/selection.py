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


def practice_order(question_ids: Collection[str], seed: int | str, hard: Collection[str] = ()) -> list[str]:
    """The ids in a shuffled order that is the same for the same seed.

    A session does not open on a question of ``hard`` (the hard ones' ids) while the selection
    holds another: the first of the others is brought to the front, the rest keep their order. Both
    walks of a manager's way in from Home opened on a hard essay question asked of three roles (a
    learner's walk-through); a third of the questions are hard, so a third of the sessions did.

    Examples
    --------
    >>> order = practice_order(["a", "b", "c", "d"], 7)
    >>> gentle = practice_order(["a", "b", "c", "d"], 7, hard={order[0]})
    >>> gentle[0] != order[0] and sorted(gentle) == ["a", "b", "c", "d"]
    True
    """
    ids = sorted(question_ids)  # sorted first so the order does not depend on the input's
    random.Random(f"order:{seed}").shuffle(ids)
    first = next((i for i, qid in enumerate(ids) if qid not in hard), 0)
    return [ids[first], *ids[:first], *ids[first + 1:]] if ids else ids
