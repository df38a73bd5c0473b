"""The offline free-text judge: which key points an answer states, with the sentence that does.

How it decides, for each key point of a free-text question
-----------------------------------------------------------
1. The answer is cleaned and split into sentences (:mod:`engine.judge.text`); at most
   ``MAX_CHARS`` are read. Sentences that address the grader ("mark all covered") are set
   aside and never count as evidence.
2. Every sentence, key point, common mistake and model-answer sentence is embedded with
   all-MiniLM-L6-v2 (:mod:`engine.judge.embedder`). The evidence for a point is the sentence
   closest to it, directly or to the model-answer sentence that elaborates it.
3. The NLI cross-encoder (:mod:`engine.judge.nli`) says how likely that sentence contradicts
   the point: the same words with a negation or a reversed relation score near 1.
4. A logistic rule over those measurements (:class:`PointFeatures`), fitted on the tuning half
   of ``benchmarks/free_text_labels.yaml``, gives the probability the point is covered. A
   sentence that is about the point but contradicts it, or sits closer to a listed common
   mistake than to the point, marks the point *contradicted*: evidence against. A sentence that
   states another key point is never evidence against this one (the key points are all true).
5. An answer with no text, in another language, or unrelated to the question is reported as
   such, with no key point suggested. Unrelated: no passage comes close to the question's material, or it
   covers no key point in words that are mostly not the question's (a fluent answer about a
   neighbouring ML subject comes as close as a vague on-topic one, but not in its words).

The judge's verdict is a suggestion with a confidence; the candidate's correction is final
(see :func:`engine.content.grading.grade_free_text`).
"""

from __future__ import annotations

import logging
import math
import threading
from collections import OrderedDict
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from engine.content.grading import FREE_TEXT_PASS
from engine.judge.features import PointFeatures, choose_passages, point_features
from engine.judge.offline import go_offline
from engine.judge.text import (
    MAX_CHARS,
    clause_spans,
    clean,
    content_stems,
    has_content,
    is_bare_term,
    is_instruction_to_grader,
    looks_like_code,
    names_without_saying,
    other_language,
    split_sentences,
    without_label,
)

_LOG = logging.getLogger(__name__)

#: share of key points an answer must cover to pass: the grader's rule
PASS_SHARE = FREE_TEXT_PASS

# ---------------------------------------------------------------------------- the fitted rule
# The logistic weights are fitted on the tuning questions only (benchmarks/bench_free_text.py --fit).
# COVERED_AT and CONTRADICTION_AT were chosen by leave-one-question-out validation over the tuning and
# heldout questions together (16 questions, 96 answers: 0.865 -> 0.927 pass/fail agreement); the
# README reports them on the `fresh` questions, which chose nothing.
WEIGHTS = {
    "bias": -3.336,
    "similarity": -1.024,
    "support": 2.453,
    "overlap": 2.709,
    "mistake_margin": -5.216,
    "reversed": -3.351,
    "restates": 1.415,
}
#: a point counts as covered from this probability on (below 0.5: a missed point costs the candidate
#: more than a generous one, and the candidate corrects either)
COVERED_AT = 0.35
#: the NLI model's "restates" band: a paraphrase scores here, a contradiction above, an unrelated text below
RESTATES = (0.15, 0.9)
#: below this relevance (best similarity of any passage to the question's material) the answer is off-topic
OFF_TOPIC_BELOW = 0.30
#: an answer that covers no key point is off-topic too when few of its words are the question's own
#: (share of its content words found in the prompt, key points and model answer) and its sentences
#: are on average far from the question's material: a fluent answer about a neighbouring ML subject
#: reaches the relevance of a vague on-topic one, but not its vocabulary. Chosen like the thresholds
#: above (tuning + heldout + offtopic_dev questions, no on-topic answer set aside; README)
OFF_TOPIC_VOCABULARY_BELOW = 0.13
OFF_TOPIC_MEAN_RELEVANCE_BELOW = 0.38
#: a passage this close to a point, called a contradiction by the NLI model and corroborated by a
#: negation, a reversed term or a listed mistake, states the opposite of the point. The NLI model
#: scores many faithful paraphrases 0.90 to 0.98, and one false contradiction fails a whole answer,
#: so only near-certain calls count
ABOUT_THE_POINT = 0.45
CONTRADICTION_AT = 0.99
MISTAKE_MARGIN = 0.0
#: compare each clause of a sentence too, not only the whole sentence (costs embedding time)
COMPARE_CLAUSES = True
#: a model-answer sentence this similar to a key point elaborates it
SUPPORT_AT = 0.4
#: the NLI model is asked only about passages at least this close to the point (it costs most)
ASK_NLI_AT = 0.35


def rule_inputs(f: PointFeatures) -> dict[str, float]:
    """The measurements the fitted rule weighs, named as in :data:`WEIGHTS`."""
    return {"similarity": f.similarity, "support": f.support, "overlap": f.overlap,
            "mistake_margin": f.mistake_margin, "reversed": float(min(f.reversed, 2)),
            "restates": float(RESTATES[0] < f.contradiction < RESTATES[1])}


@dataclass(frozen=True)
class PointVerdict:
    """The judge's view of one key point.

    ``covered``: the answer states it. ``contradicted``: the answer says something against it
    (``evidence`` is then that sentence). ``confidence``: the judge's probability that its own
    verdict is right, 0.5 to 1; low values mean "check this one yourself".
    """

    text: str
    covered: bool
    contradicted: bool
    evidence: str | None
    confidence: float
    features: PointFeatures | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "covered": self.covered, "contradicted": self.contradicted,
                "evidence": self.evidence or "", "confidence": round(self.confidence, 3)}


@dataclass(frozen=True)
class Judgement:
    """The judge's verdict on one answer.

    ``status`` is ``"judged"``, or why the answer was not scored: ``"empty"``, ``"off_topic"``
    or ``"other_language"``. ``score`` is the share of key points covered (None when not
    scored) and ``correct`` whether that passes with no point contradicted.
    """

    status: str
    points: tuple[PointVerdict, ...]
    message: str
    notes: tuple[str, ...] = ()
    relevance: float = 0.0

    @property
    def judged(self) -> bool:
        return self.status == "judged"

    @property
    def covered(self) -> list[str]:
        return [p.text for p in self.points if p.covered]

    @property
    def score(self) -> float | None:
        if not self.judged or not self.points:
            return None
        return round(sum(p.covered for p in self.points) / len(self.points), 4)

    @property
    def correct(self) -> bool:
        score = self.score
        return score is not None and score >= PASS_SHARE and not any(p.contradicted for p in self.points)

    @property
    def confidence(self) -> float:
        """The least confident of the point verdicts (0 when nothing was judged)."""
        return min((p.confidence for p in self.points), default=0.0) if self.judged else 0.0

    def to_dict(self, question_id: str | None = None) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if question_id is not None:
            out["question"] = question_id
        out.update(status=self.status, message=self.message,
                   key_points=[p.to_dict() for p in self.points],
                   score=self.score, correct=self.correct, notes=list(self.notes))
        return out


def _sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-60.0, min(60.0, z))))


def covered_probability(f: PointFeatures, weights: dict[str, float] | None = None) -> float:
    """The fitted rule: probability that the evidence passage states the point."""
    w = weights or WEIGHTS
    return _sigmoid(w["bias"] + sum(w[k] * v for k, v in rule_inputs(f).items()))


def needs_nli(f: PointFeatures) -> bool:
    """Whether the NLI score can change this point's verdict (``f`` measured without it).

    It cannot when the passage is far from the point, or when even a "restates" score would
    leave the point uncovered and nothing corroborates a contradiction.
    """
    about = max(f.similarity, f.support)
    if about < ASK_NLI_AT:
        return False
    could_cover = covered_probability(replace(f, contradiction=sum(RESTATES) / 2)) >= COVERED_AT
    corroborated = f.negated or f.reversed > 0 or f.mistake_margin >= MISTAKE_MARGIN
    return could_cover or (about >= ABOUT_THE_POINT and corroborated)


def is_contradicted(f: PointFeatures) -> bool:
    """The evidence passage is about the point and says the opposite (see the thresholds above)."""
    about = max(f.similarity, f.support) >= ABOUT_THE_POINT
    corroborated = f.negated or f.reversed > 0 or f.mistake_margin >= MISTAKE_MARGIN
    return about and f.contradiction >= CONTRADICTION_AT and corroborated


@dataclass
class _QuestionMaterial:
    points: np.ndarray  # key points
    point_text: list[str]  # the key points as clean() reads them, the answer's spelling of maths
    support: np.ndarray  # for each key point, the model-answer sentence that elaborates it
    support_text: list[str]
    mistakes: np.ndarray
    topic: np.ndarray  # prompt, key points and model-answer sentences: what "on topic" means
    vocabulary: frozenset[str]  # the content words (stems) of the prompt, key points and model answer


@dataclass
class Judge:
    """Loads both models once; ``judge(question, text)`` is thread-safe after that."""

    embedder: Any = None
    nli: Any = None
    _cache: OrderedDict = field(default_factory=OrderedDict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @classmethod
    def load(cls) -> "Judge":
        go_offline()
        from engine.judge.embedder import MiniLMEmbedder
        from engine.judge.nli import ContradictionScorer

        judge = cls(embedder=MiniLMEmbedder(), nli=ContradictionScorer())
        release_free_memory()
        return judge

    # ------------------------------------------------------------------ question material
    def prepare(self, q: Any) -> None:
        """Read ``q``'s key points, mistakes and model answer ahead of its first answer (kept)."""
        self._material(q)

    def _material(self, q: Any) -> _QuestionMaterial:
        key = (q.id, q.prompt, tuple(q.key_points), tuple(q.common_mistakes), q.model_answer)
        with self._lock:
            hit = self._cache.get(key)
            if hit is not None:
                self._cache.move_to_end(key)
                return hit
        model_sentences = split_sentences(clean(q.model_answer))
        # the rubric goes through clean() as the answer does: maths typed as symbols or spelled out
        # (β₁ or beta1) is the same text on both sides
        points = [clean(p) for p in q.key_points]
        # a rubric label ("Definition: ...") is not something the candidate should say
        vecs = self.embedder.encode([without_label(p) for p in points] + [clean(m) for m in q.common_mistakes]
                                    + model_sentences + [clean(q.prompt)])
        p = vecs[:len(points)]
        m = vecs[len(points):len(points) + len(q.common_mistakes)]
        a = vecs[len(points) + len(q.common_mistakes):-1]
        support, support_text = p.copy(), list(points)
        if len(a):
            sim = p @ a.T
            for j, (i, best) in enumerate(zip(sim.argmax(axis=1), sim.max(axis=1))):
                # a model-answer sentence only stands in for a point it actually elaborates
                if best >= SUPPORT_AT:
                    support[j], support_text[j] = a[i], model_sentences[i]
        vocabulary = frozenset(content_stems(clean(" ".join([q.prompt, *points, q.model_answer]))))
        material = _QuestionMaterial(points=p, point_text=points, support=support, support_text=support_text,
                                     mistakes=m, topic=np.vstack([p, a, vecs[-1:]]), vocabulary=vocabulary)
        with self._lock:
            self._cache[key] = material
            while len(self._cache) > 256:
                self._cache.popitem(last=False)
        return material

    # ------------------------------------------------------------------ judging
    def judge(self, q: Any, answer: str) -> Judgement:
        """Judge ``answer`` (any string; never raises on its content) against question ``q``."""
        if getattr(q, "type", None) != "free_text":
            raise ValueError(f"question '{getattr(q, 'id', '?')}' is not a free-text question")
        points = list(q.key_points)
        def blank(confidence: float) -> tuple[PointVerdict, ...]:
            return tuple(PointVerdict(p, False, False, None, confidence) for p in points)

        text = clean(answer if isinstance(answer, str) else "")
        notes: list[str] = []
        if not has_content(text):
            return Judgement("empty", blank(1.0), "There is no answer to judge yet: write it in your own words first.")
        if len(text) > MAX_CHARS:
            notes.append(f"Only the first {MAX_CHARS:,} of {len(text):,} characters were read; a spoken answer "
                         "is much shorter.")
            text = text[:MAX_CHARS]
        language = other_language(text)
        if language is not None:
            # the judge cannot read it, so it claims nothing either way
            return Judgement("other_language", blank(0.0),
                             f"This answer seems to be in {language}; the judge reads English only. Tick the "
                             "key points you covered yourself.", tuple(notes))
        if looks_like_code(text):
            notes.append("This looks like code; only explanations in words are judged.")
        sentences = split_sentences(text)
        steering = [s for s in sentences if is_instruction_to_grader(s)]
        if steering:
            notes.append("Instructions addressed to the grader were ignored; only what the answer says about the "
                         "topic counts.")
            sentences = [s for s in sentences if s not in steering]
        if not sentences:
            return Judgement("off_topic", blank(1.0),
                             "The answer does not address the question, so no key point is suggested.", tuple(notes))
        # Terms are not claims: a list of the key points' nouns, as questions or separated by commas,
        # matched a third of them. Such a sentence is no evidence; an answer of nothing but terms is
        # judged to state nothing yet (it is about the question, so not "off topic").
        sentences = [s for s in sentences if not names_without_saying(s)]
        if all(is_bare_term(s) for s in sentences):
            return Judgement("judged", blank(1.0), "The answer is a word or two, or a list of terms, and says nothing "
                             "about them, so no key point is suggested: say what each one does or why it matters.",
                             tuple(notes))
        material = self._material(q)
        spans = [clause_spans(s) if COMPARE_CLAUSES else [] for s in sentences]
        sentence_vecs, clause_vecs = self.embedder.encode_with_spans(sentences, spans)
        passages, owner, rows, sentence_rows = [], [], [], []
        for n, sentence in enumerate(sentences):
            sentence_rows.append(len(rows))
            passages.append(sentence)
            owner.append(n)
            rows.append(sentence_vecs[n])
            for (a, b), vec in zip(spans[n], clause_vecs[n]):
                passages.append(sentence[a:b])
                owner.append(n)
                rows.append(vec)
        vecs = np.vstack(rows)
        on_topic = (vecs @ material.topic.T).max(axis=1)  # each passage's closeness to the question's material
        relevance = float(on_topic.max())
        if relevance < OFF_TOPIC_BELOW:
            return Judgement("off_topic", blank(round(1.0 - relevance, 3)), "The answer does not seem to address this "
                             "question, so no key point is suggested.", tuple(notes), relevance)
        sim_points = vecs @ material.points.T
        sim_support = vecs @ material.support.T
        sim_mistakes = vecs @ material.mistakes.T if len(material.mistakes) else np.zeros((len(passages), 0))
        chosen = choose_passages(sim_points, sim_support)
        # The NLI model is the costliest step. Ask it only where its answer can change the verdict:
        # a point close enough to be covered with its help, or one that might be contradicted.
        read = material.point_text
        args = (read, material.support_text, passages, owner, sentences, sim_points, sim_support, sim_mistakes,
                chosen)
        feats = point_features(*args, np.zeros(len(points), dtype=np.float32))
        asked = [j for j, f in enumerate(feats) if needs_nli(f)]
        if asked:
            scores = self.nli.score([passages[chosen[j]] for j in asked], [read[j] for j in asked])
            for j, score in zip(asked, scores):
                feats[j] = replace(feats[j], contradiction=float(score))
            # A clause read against a point counts only as far as its whole sentence reads so too: "but
            # later the same big steps bounce around the best solution" states the problem that "small
            # steps late to settle" remedies, and was called its opposite (0.992) in a sentence that
            # went on to state the remedy (0.982 as a whole; the learners' walk-through)
            clauses = [j for j in asked if is_contradicted(feats[j])
                       and passages[chosen[j]] != sentences[owner[chosen[j]]]]
            if clauses:
                whole = self.nli.score([sentences[owner[chosen[j]]] for j in clauses], [read[j] for j in clauses])
                for j, score in zip(clauses, whole):
                    feats[j] = replace(feats[j], contradiction=min(feats[j].contradiction, float(score)))
        probabilities = [covered_probability(f) for f in feats]
        contradicted = [is_contradicted(f) for f in feats]
        stating = {f.evidence for f, p, against in zip(feats, probabilities, contradicted)
                   if p >= COVERED_AT and not against}
        verdicts = []
        for point, f, p, against in zip(points, feats, probabilities, contradicted):
            # A sentence that states one key point is no evidence against another: the key points are all
            # true, and the NLI model calls a true statement about a neighbouring point a contradiction at
            # 0.99 as readily as a false one ("warm-up keeps early steps small because variance estimates
            # are unreliable" against "full-size steps at the start can make training diverge"; in the
            # shipped banks, 32 of the 34 such calls on answers made of one key point; the hiring team's walk)
            against = against and f.evidence not in stating
            covered = p >= COVERED_AT and not against
            confidence = max(p, 1 - p) if not against else max(f.contradiction, 0.5)
            verdicts.append(PointVerdict(point, covered, against, sentences[f.evidence] if (covered or against) else None,
                                         float(confidence), f))
        n = sum(v.covered for v in verdicts)
        wrong = sum(v.contradicted for v in verdicts)
        # an answer that says something against a key point is about the question, however worded
        if n == 0 and wrong == 0 and _about_something_else(text, on_topic[sentence_rows], material):
            return Judgement("off_topic", blank(round(1.0 - relevance, 3)), "The answer does not seem to address "
                             "this question, so no key point is suggested.", tuple(notes), relevance)
        message = f"The judge found {n} of {len(points)} key points in your answer"
        message += f", and {wrong} stated against what is right." if wrong else "."
        return Judgement("judged", tuple(verdicts), message, tuple(notes), relevance)


def _about_something_else(text: str, sentence_relevance: np.ndarray, material: _QuestionMaterial) -> bool:
    """Few of the answer's words are the question's, and its sentences are far from the question's
    material on average (``sentence_relevance``: each sentence's closeness to it; see
    :data:`OFF_TOPIC_VOCABULARY_BELOW`)."""
    stems = content_stems(text)
    vocabulary_share = len(stems & material.vocabulary) / max(1, len(stems))
    mean_relevance = float(sentence_relevance.mean())
    return vocabulary_share < OFF_TOPIC_VOCABULARY_BELOW and mean_relevance < OFF_TOPIC_MEAN_RELEVANCE_BELOW


def release_free_memory() -> None:
    """Hand memory freed while loading (the model file is read whole once) back to the system.

    glibc keeps freed heap pages for reuse; ``malloc_trim`` returns them. Elsewhere a no-op.
    """
    try:
        import ctypes

        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass


_judge: Judge | None = None
_load_lock = threading.Lock()


def get_judge() -> Judge:
    """The process-wide judge, loaded on first use (about 2 s) and shared afterwards."""
    global _judge
    if _judge is None:
        with _load_lock:
            if _judge is None:
                _judge = Judge.load()
    return _judge


#: questions (id and prompt) a background thread has read or is reading (:func:`warm_for`)
_warmed: set[tuple[str, str]] = set()
_warm_lock = threading.Lock()
#: a server's question banks hold a few hundred free-text questions; past this, no more threads
MAX_WARMED = 10_000


def warm_for(*questions: Any) -> threading.Thread | None:
    """Load the judge and read the ``questions``' material in one background thread, while the
    learner types (or the candidate, while the interviewer waits): the first answer on a server
    waited for both (1.9 to 2.9 s, the latency walk-through), and the first answer to each
    question for its material. Once per question (its id and prompt: a variant's prompt differs)
    and process; an answer's own call waits for a load under way (:func:`get_judge`'s lock) and
    reports any failure itself. Returns the thread, or None when every question was warmed already."""
    todo = []
    with _warm_lock:
        for q in questions:
            key = (str(getattr(q, "id", "")), str(getattr(q, "prompt", "")))
            if key not in _warmed and len(_warmed) < MAX_WARMED:
                _warmed.add(key)
                todo.append(q)
    if not todo:
        return None

    def run() -> None:
        try:
            judge = get_judge()
            for q in todo:
                judge.prepare(q)
        except Exception as exc:  # the answer's own call says so to the learner
            _LOG.warning("could not load the free-text judge ahead of an answer: %s", exc)

    # not at a lower priority: the models' worker threads, started here, would inherit it
    thread = threading.Thread(target=run, name="tunelab-judge-warm", daemon=True)
    thread.start()
    return thread


__all__ = ["Judge", "Judgement", "PointVerdict", "get_judge", "warm_for", "covered_probability",
           "is_contradicted", "WEIGHTS"]
