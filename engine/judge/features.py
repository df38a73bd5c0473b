"""What the judge measures for each key point of an answer, before any decision.

For a key point the judge picks the passage of the answer (a sentence or one of its clauses)
that states it most closely, and describes that pairing with a few numbers
(:class:`PointFeatures`). The decision rule in :mod:`engine.judge.judge` turns them into
covered / not covered / contradicted; keeping the measurement apart lets the benchmark fit
and inspect the rule.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

from engine.judge.text import negation_mismatch, overlap, reversed_terms


@dataclass(frozen=True)
class PointFeatures:
    """How one answer relates to one key point.

    Attributes
    ----------
    evidence
        Index of the answer sentence holding the passage that states the point most closely
        (-1: the answer has no sentence).
    passage
        That passage: the sentence itself or one of its clauses.
    similarity
        Cosine similarity (all-MiniLM-L6-v2) of the passage to the key point.
    support
        The passage's similarity to the model-answer sentence that elaborates the point: the
        model answer says each point at greater length, so a paraphrase often lands there.
    overlap
        Share of the point's content words (stemmed) used by the evidence sentence.
    contradiction
        Probability, from the NLI model, that the passage contradicts the key point (about
        0.5 when it restates it, near 0 when it is unrelated; see :mod:`engine.judge.nli`).
    mistake_margin
        Similarity to the closest listed common mistake minus similarity to the key point:
        above 0 the passage is closer to a known mistake than to the point.
    negated, reversed
        Whether the passage negates what the point asserts, and how many of the point's words
        it uses only as their opposite (higher / lower, before / after, ...).
    """

    evidence: int
    passage: str
    similarity: float
    support: float
    overlap: float
    contradiction: float
    mistake_margin: float
    negated: bool
    reversed: int

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


#: the features of a point when the answer has nothing to compare
NOTHING = PointFeatures(-1, "", 0.0, 0.0, 0.0, 0.0, 0.0, False, 0)


def choose_passages(sim_points: np.ndarray, sim_support: np.ndarray) -> np.ndarray:
    """For each key point (column), the passage (row) that states it most closely, directly or
    as the model answer puts it."""
    return np.maximum(sim_points, sim_support).argmax(axis=0)


def point_features(points: list[str], support_text: list[str], passages: list[str], owner: list[int],
                   sentences: list[str], sim_points: np.ndarray, sim_support: np.ndarray,
                   sim_mistakes: np.ndarray, chosen: np.ndarray, contradiction: np.ndarray) -> list[PointFeatures]:
    """Features of every key point.

    ``passages`` are the sentences and clauses compared, ``owner[i]`` the sentence passage
    ``i`` comes from; the similarity arrays are passages x points (x mistakes), ``chosen[j]``
    the passage picked for point ``j`` and ``contradiction[j]`` its NLI score.
    """
    if not passages:
        return [NOTHING for _ in points]
    out = []
    for j, point in enumerate(points):
        i = int(chosen[j])
        sentence = sentences[owner[i]]
        closest_mistake = float(sim_mistakes[i].max()) if sim_mistakes.shape[1] else -1.0
        out.append(PointFeatures(
            evidence=owner[i],
            passage=passages[i],
            similarity=float(sim_points[i, j]),
            support=float(sim_support[i, j]),
            overlap=max(overlap(point, sentence), overlap(support_text[j], sentence)),
            contradiction=float(contradiction[j]),
            mistake_margin=closest_mistake - float(sim_points[i, j]),
            negated=negation_mismatch(passages[i], point),
            reversed=reversed_terms(passages[i], point),
        ))
    return out
