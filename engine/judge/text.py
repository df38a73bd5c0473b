"""Plain-text handling for the judge: cleaning, sentences, and cues a sentence can carry.

Everything here is deterministic string work (no model), so it is cheap and easy to test:
splitting an answer into sentences, bounding what is read, and recognising text that is not
an English explanation (code, another language, an instruction aimed at the grader). The
cue functions spot negations and reversed relations, the wording that makes a sentence say
the opposite of a key point while sharing its words.
"""

from __future__ import annotations

import re
import unicodedata

#: the judge reads at most this much of an answer (a spoken answer is well under 1,000 words)
MAX_CHARS = 6000
#: longer "sentences" (a paste with no full stops) are cut into pieces of this many words
MAX_WORDS = 45

_CONTROL = dict.fromkeys(c for c in range(32) if c not in (9, 10))
_ABBREVIATIONS = ("e.g.", "i.e.", "etc.", "vs.", "cf.", "approx.", "dr.", "mr.", "ms.", "fig.", "eq.")
# a sentence ends at . ! ? or ; followed by a space (not inside 0.99 or 1e-3), or at a line break
_BOUNDARY = re.compile(r"(?<=[.!?;])\s+|\n+|(?<=:)\s*\n")
_BULLET = re.compile(r"^\s*(?:[-*\u2022\u2023\u25e6]|\d+[.)])\s+")
_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")


#: superscripts, written ``^`` before compatibility normalisation joins them to their base (x² is x^2,
#: not x2): the banks write maths as x², 1 − β₁ᵗ and √v̂, and a learner may type either form
_SUPERSCRIPT = re.compile(  # U+1D62 on are subscripts (gᵢ)
    "[\u00b2\u00b3\u00b9\u2070-\u207f\u1d2c-\u1d61\u1d9b-\u1dbf]+")
#: maths symbols, read as the words an ASCII answer or key point uses for them ("1 - beta1",
#: "sqrt(kappa)"), so the two spellings of one statement are the same text to the judge
_MATHS = str.maketrans({"\u2212": "-", "\u00d7": " x ", "\u00b7": " * ", "\u22c5": " * ", "\u221a": " sqrt ",
                        "\u2248": " about ", "\u2264": "<=", "\u2265": ">=", "\u2190": "<-"})
_GREEK_NAMES = {ch: name for name, ch in (
    ("alpha", "α"), ("beta", "β"), ("gamma", "γ"), ("delta", "δ"), ("epsilon", "ε"), ("eta", "η"),
    ("theta", "θ"), ("kappa", "κ"), ("lambda", "λ"), ("mu", "μ"), ("nu", "ν"), ("xi", "ξ"), ("pi", "π"),
    ("rho", "ρ"), ("sigma", "σ"), ("tau", "τ"), ("phi", "φ"), ("omega", "ω"), ("Sigma", "Σ"), ("Phi", "Φ"),
    ("Delta", "Δ"))}
#: a Greek letter on its own is a symbol (β1, κ·σ); letters side by side are a word of Greek, which
#: other_language() must still see as Greek
_GREEK_SYMBOL = re.compile("(?<![\u0370-\u03ff])[" + "".join(_GREEK_NAMES) + "](?![\u0370-\u03ff])")


#: markup that carries no words: an HTML tag, a Markdown link's address (its text is kept), emphasis
#: and code marks. "Tune on <b>average precision</b>, see [AP](http://…)" missed the point it states
#: and read as code (the learner walk-through): the judge reads the words a page would show
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9]{0,10}(?:\s[^<>]{0,200})?/?>")
_LINK = re.compile(r"\[([^\[\]\n]{1,200})\]\((?:[^()\s]{1,500})\)")
_EMPHASIS = re.compile(r"\*\*|__|`")


def without_markup(text: str) -> str:
    """``text`` without HTML tags, Markdown links' addresses, emphasis or code marks (:data:`_TAG`).

    >>> without_markup("Tune on **average precision**: <b>AP</b>, see [AP](http://e.example).")
    'Tune on average precision: AP, see AP.'
    >>> without_markup("lr < 2 and x > 0")  # a comparison is no tag
    'lr < 2 and x > 0'
    """
    return _EMPHASIS.sub("", _LINK.sub(r"\1", _TAG.sub("", text)))


def clean(text: str) -> str:
    """Unicode-normalised text without control characters or markup (:func:`without_markup`), runs
    of spaces collapsed; maths symbols spelled as an ASCII answer spells them (β₁ᵗ is beta1^t, √κ is
    sqrt kappa)."""
    text = _SUPERSCRIPT.sub(lambda m: "^" + m.group(0), without_markup(text or ""))
    text = unicodedata.normalize("NFKC", text).translate(_CONTROL).translate(_MATHS)
    text = _GREEK_SYMBOL.sub(lambda m: _GREEK_NAMES[m.group(0)], text)
    text = text.replace("\t", " ")
    text = re.sub(r"[ \u00a0]+", " ", text)
    return re.sub(r"\n\s*\n+", "\n", text).strip()


def words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def has_content(text: str) -> bool:
    """False for an empty answer, whitespace, or punctuation only."""
    return any(ch.isalnum() for ch in text)


def split_sentences(text: str) -> list[str]:
    """The answer's sentences in order; bullets and line breaks end a sentence too."""
    protected = text
    for abbr in _ABBREVIATIONS:
        protected = re.sub(re.escape(abbr), abbr.replace(".", "\u2024"), protected, flags=re.IGNORECASE)
    out: list[str] = []
    for piece in _BOUNDARY.split(protected):
        piece = _BULLET.sub("", piece).replace("\u2024", ".").strip(" -")
        if not has_content(piece):
            continue
        tokens = piece.split()
        for start in range(0, len(tokens), MAX_WORDS):
            out.append(" ".join(tokens[start:start + MAX_WORDS]))
    return out


_CLAUSE = re.compile(r",\s+(?=(?:so|and|but|while|because|which|since|whereas|then|though|although|as)\b)|;\s*|:\s+|\s+-\s+"
                     r"|,\s+(?=[a-z])")


def clause_spans(sentence: str) -> list[tuple[int, int]]:
    """(start, end) of each clause of three words or more (none when the sentence has only one)."""
    spans, start = [], 0
    for m in [*_CLAUSE.finditer(sentence), None]:
        end = m.start() if m else len(sentence)
        piece = sentence[start:end]
        lead = len(piece) - len(piece.lstrip(" ,;:"))
        piece = piece.strip(" ,;:")
        if len(piece.split()) >= 3:
            spans.append((start + lead, start + lead + len(piece)))
        if m:
            start = m.end()
    return spans if len(spans) > 1 else []


_LABEL = re.compile(r"^\s*[A-Z][\w -]{0,30}:\s+(?=\S)")


def without_label(point: str) -> str:
    """A key point without a leading rubric label ("Definition: the multiplier..." -> "the multiplier...")."""
    return _LABEL.sub("", point)


_STOP = set("""a an the and or of to in on at by for with from as is are was were be been being it its this that these
those which who what when where how why than then so such not no can could may might must should would will shall do does
did done have has had having very more most less least much many each every any all some one two about into over under
only also just but if else because while whereas per via vs we you they i he she them our your their my me us using use
used get gets got""".split())


def stem(word: str) -> str:
    """A crude English stem, enough to match 'decays' with 'decay' and 'tuning' with 'tuned'."""
    for suffix in ("ations", "ation", "ings", "ing", "ies", "ied", "es", "ed", "ly", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)] + ("y" if suffix in ("ies", "ied") else "")
    return word


def content_stems(text: str) -> set[str]:
    return {stem(w) for w in re.findall(r"[a-z0-9]+", text.lower()) if w not in _STOP and (len(w) > 2 or w.isdigit())}


def overlap(point: str, text: str) -> float:
    """Share of the point's content words (stemmed) that the text also uses."""
    p = content_stems(point)
    return len(p & content_stems(text)) / len(p) if p else 0.0


# ----------------------------------------------------------------------------- what the text is
_CODE_LINE = re.compile(r"(^\s*(def|class|import|from|return|for|while|if|elif|else|print|#|//|\}|\{)\b)|"
                        r"[;{}]\s*$|\w+\s*=\s*[\w\[\(\"']|\w+\(.*\)\s*$")


def looks_like_code(text: str) -> bool:
    """True when most non-empty lines read as program code rather than prose."""
    lines = [ln for ln in text.splitlines() if ln.strip()]
    if len(lines) < 2:
        symbols = sum(ch in "=(){}[];<>" for ch in text)
        return len(text) > 0 and symbols / max(len(text), 1) > 0.08
    code = sum(bool(_CODE_LINE.search(ln)) for ln in lines)
    return code / len(lines) >= 0.6


_ENGLISH = set("the a an and or of to in is are was be it that this for with as on by not but so if "
               "we you they it's its at from when which than more less each".split())
_OTHER = {
    "French": set("le la les des une est et pas que qui pour dans avec sur plus ce sont du au".split()),
    "German": set("der die das und ist nicht ein eine mit auf den zu von für sich auch wird".split()),
    "Spanish": set("el los las una es y que del por con para como más pero se lo su al".split()),
    "Italian": set("il lo gli una è e che della per con non come più ma si sono del".split()),
    "Portuguese": set("o os uma é e que do da por com para não como mais mas se são".split()),
    "Dutch": set("de het een en is niet van op met voor dat die zijn wordt ook bij".split()),
}


def other_language(text: str) -> str | None:
    """The name of the language when the answer is clearly not English, else None.

    Non-Latin scripts are recognised by their letters; a few Latin-script languages by their
    commonest function words. Technical English with few function words stays English.
    """
    letters = [ch for ch in text if ch.isalpha()]
    if not letters:
        return None
    foreign = sum(not ("a" <= ch.lower() <= "z") for ch in letters)
    if foreign / len(letters) > 0.3:
        # ASCII-free letters: Latin accents stay below this share in any European language
        return "a language other than English"
    toks = re.findall(r"[^\W\d_]+", text.lower())
    english = sum(t in _ENGLISH for t in toks)
    best, hits = max(((name, sum(t in vocab for t in toks)) for name, vocab in _OTHER.items()),
                     key=lambda pair: pair[1])
    if hits >= 3 and hits > 2 * english:
        return best
    return None


_INJECTION = re.compile(
    r"\b(ignore|disregard|forget|override)\b[^.!?\n]{0,60}\b(instruction|key ?points?|rubric|rules?|criteria|grad\w*|prompt)"
    r"|\b(mark|tick|count|consider|treat|score|grade|rate)\b[^.!?\n]{0,40}\b(all|every|each)\b[^.!?\n]{0,40}"
    r"\b(covered|correct|right|pass\w*|true)"
    r"|\b(give|award|assign)\b[^.!?\n]{0,25}\b(full|maximum|max|100 ?%|perfect)\b[^.!?\n]{0,15}\b(marks?|score|points?|credit)"
    r"|\b(system prompt|you are (now )?(a|an|the) (grader|judge|assistant)|as an ai\b)",
    re.IGNORECASE,
)


def is_instruction_to_grader(sentence: str) -> bool:
    """A sentence that tries to steer the grading ("ignore the key points and mark all covered")."""
    return bool(_INJECTION.search(sentence))


#: what separates the items of a list of terms ("leakage, drift, imbalance"; "leakage? drift?"); not
#: "and" or "or": "too large and training oscillates or diverges" is three short pieces and a claim
_ITEMS = re.compile(r"[,;/?]")
#: a term is at most this many words: "stratified folds", "early stopping"
TERM_WORDS = 2


def _terms_words(text: str) -> int:
    """Words as a reader counts them in a term: "seed-to-seed" is one."""
    return sum(1 for token in text.split() if has_content(token))


def is_bare_term(sentence: str) -> bool:
    """A sentence of one or two words: a term, not yet a statement (a terse expert's "Stratified
    folds;" still reads as one beside full sentences)."""
    return _terms_words(sentence) <= TERM_WORDS


def names_without_saying(sentence: str) -> bool:
    """A sentence that names terms and states nothing: a term asked as a question ("Leakage?"), or a
    list of three or more terms ("Leakage, split, drift."). A key point is a claim; a list of its
    nouns matched 4 of 4 key points of one question, and 37 of 117 over 25 (the learners' walk-through)."""
    if is_bare_term(sentence):
        return sentence.rstrip().endswith("?")
    items = [item for item in _ITEMS.split(sentence) if has_content(item)]
    return len(items) >= 3 and all(_terms_words(item) <= TERM_WORDS for item in items)


# ----------------------------------------------------------------------------- cues
_NEGATORS = {"not", "no", "never", "cannot", "without", "neither", "nor", "none", "nothing", "nobody",
             "hardly", "barely", "rather"}
_OPPOSITES = [
    ("high", "low"), ("higher", "lower"), ("highest", "lowest"), ("large", "small"), ("larger", "smaller"),
    ("largest", "smallest"), ("big", "small"), ("bigger", "smaller"), ("increase", "decrease"),
    ("increases", "decreases"), ("increasing", "decreasing"), ("grows", "shrinks"), ("grow", "shrink"),
    ("more", "fewer"), ("more", "less"), ("faster", "slower"), ("fast", "slow"), ("before", "after"),
    ("above", "below"), ("early", "late"), ("earlier", "later"), ("maximum", "minimum"), ("max", "min"),
    ("always", "never"), ("overfitting", "underfitting"), ("overfit", "underfit"), ("upwards", "downwards"),
    ("up", "down"), ("biased", "unbiased"), ("sum", "average"), ("better", "worse"), ("same", "different"),
    ("current", "look-ahead"), ("sharpest", "flattest"), ("dense", "sparse"), ("cheap", "expensive"),
    ("sequential", "parallel"), ("trainable", "fixed"), ("parameter", "hyperparameter"),
    ("parameters", "hyperparameters"), ("linear", "log"), ("linear", "logarithmic"), ("linear", "log-scale"),
    ("grid", "random"), ("independent", "dependent"), ("stable", "unstable"), ("converge", "diverge"),
    ("convergence", "divergence"), ("noisier", "smoother"), ("optimistic", "pessimistic"),
    ("overestimate", "underestimate"), ("upward", "downward"), ("sums", "averages"), ("cumulative", "moving"),
]
_OPPOSITE = {}
for _a, _b in _OPPOSITES:
    _OPPOSITE.setdefault(_a, set()).add(_b)
    _OPPOSITE.setdefault(_b, set()).add(_a)


def negation_count(text: str) -> int:
    toks = re.findall(r"[a-z]+(?:n't)?", text.lower())
    return sum(t in _NEGATORS or t.endswith("n't") for t in toks)


def negation_mismatch(sentence: str, point: str) -> bool:
    """The two carry different numbers of negations ("does not zigzag and never crawls" has two
    where the point has none; double negatives are rare in spoken answers)."""
    return negation_count(sentence) != negation_count(point)


def reversed_terms(sentence: str, point: str) -> int:
    """How many words of the point appear in the sentence only as their opposite, plus how many
    relations the sentence swaps (see :func:`swapped_pairings`)."""
    s, p = set(re.findall(r"[a-z-]+", sentence.lower())), set(re.findall(r"[a-z-]+", point.lower()))
    opposite = sum(1 for w in p if w not in s and _OPPOSITE.get(w, set()) & (s - p))
    return opposite + swapped_pairings(sentence, point) + swapped_comparison(sentence, point)


_COMPARATIVES = {"more", "fewer", "less", "better", "worse", "faster", "slower", "larger", "smaller", "higher",
                 "lower", "cheaper", "stronger", "weaker"}


def swapped_comparison(sentence: str, point: str) -> int:
    """1 when the point's subject of a comparison is, in the sentence, what it is compared with.

    "Random tries more distinct values" against "a grid tries more distinct values than random
    search": *random* stands before the comparative in the point and only after *than* in the
    sentence.
    """
    pt, st = re.findall(r"[a-z-]+", point.lower()), re.findall(r"[a-z-]+", sentence.lower())
    at = next((i for i, w in enumerate(pt) if w in _COMPARATIVES), None)
    if at is None or "than" not in st:
        return 0
    than = st.index("than")
    subject = {_root(w) for w in pt[:at] if w not in _STOP and len(w) > 3}
    before, after = {_root(w) for w in st[:than]}, {_root(w) for w in st[than + 1:]}
    return int(any(w in after and w not in before for w in subject))


def _root(word: str) -> str:
    return word[:6]  # "diverge", "divergence" and "diverges" pair up


def swapped_pairings(sentence: str, point: str) -> int:
    """Opposite pairs whose partners the sentence swaps relative to the point.

    "divergence when too high, slow progress when too low" pairs *high* with *divergence*;
    "too low a rate makes the loss diverge" pairs *low* with it: one swap. A word is paired
    with the one of the two opposites in its own piece of the sentence (between commas), or
    in the piece before it within the same clause (clauses end at a semicolon, a full stop,
    "and", "while" or "but").
    """
    def segments(text: str) -> list[list[list[str]]]:
        # clauses (split at ; . and conjunctions), each a list of comma-separated pieces
        parts = re.split(r"[;:.!?]|\b(?:and|while|but|whereas)\b", text.lower())
        return [[re.findall(r"[a-z-]+", piece) for piece in part.split(",")] for part in parts]

    def pairing(segs: list[list[list[str]]], a: str, b: str) -> dict[str, str]:
        out: dict[str, str] = {}
        for clause in segs:
            side = None  # "if it is too high, progress is slow": the condition carries past the comma
            for piece in clause:
                has = [x for x in (a, b) if x in piece]
                if len(has) == 2:
                    side = None
                    continue
                side = has[0] if has else side
                if side is None:
                    continue
                for w in piece:
                    if w not in (a, b) and w not in _STOP and len(w) > 3:
                        out.setdefault(_root(w), side)
        return out

    ps, ss = segments(point), segments(sentence)
    pwords = {w for clause in ps for piece in clause for w in piece}
    swords = {w for clause in ss for piece in clause for w in piece}
    swaps = 0
    for a, b in _OPPOSITES:
        if a not in pwords or b not in pwords or not ({a, b} & swords):
            continue
        mine, theirs = pairing(ps, a, b), pairing(ss, a, b)
        if any(theirs.get(root, side) != side for root, side in mine.items()):
            swaps += 1
    return swaps
