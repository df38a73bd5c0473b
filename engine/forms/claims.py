"""``validate --run`` for the forms: every claim a plot, generated or code question makes.

plot
    The figure is drawn from the question's own run for several seeds; with neutral labels
    every run gets one letter, the answer's letters name the runs the stored answer names, and
    no run label shows in the figure. (Whether the run agrees with the stored answer is the
    simulation check that ``validate --run`` makes for every simulation.)
generated
    For several seeds the drawn variant is complete (no placeholder left in the texts shown),
    and every numeric answer served equals the reference library's result for the values
    shown, computed afresh.
code
    The snippet is run in its fence (:mod:`engine.forms.code_runner`) and prints exactly the
    claimed output, or its last printed line is the question's answer.
"""

from __future__ import annotations

import itertools
import json
import math
from dataclasses import dataclass
from typing import Any

from engine.forms.instance import draw, run_simulation
from engine.forms.reference import compute
from engine.forms.template import bind_args, extremes, placeholders

SEEDS = (0, 1, 2, 3, 4)


@dataclass(frozen=True)
class FormVerdict:
    question_id: str
    form: str
    agrees: bool
    detail: str

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.question_id, "metric": f"form:{self.form}", "measured": None, "reality": None,
                "agrees": self.agrees, "detail": self.detail}


def check_plot(q: Any, measurement: Any = None, seeds: tuple[int, ...] = SEEDS[:3]) -> FormVerdict:
    m = measurement if measurement is not None else run_simulation(q.simulation)
    for seed in seeds:
        inst = draw(q, seed, measure=lambda _sim: m)
        if inst.plot is None or not inst.plot.series:
            return FormVerdict(q.id, "plot", False, f"seed {seed}: the figure has no data")
        if inst.letters:
            names = [s.name.split(":")[0] for s in inst.plot.series]
            leaked = [lab for lab in inst.letters if lab in names or lab in (inst.plot.x_title, inst.plot.y_title)]
            if leaked:
                return FormVerdict(q.id, "plot", False, f"seed {seed}: run label '{leaked[0]}' shows in the figure")
            if sorted(inst.letters.values()) != [chr(65 + i) for i in range(len(inst.letters))]:
                return FormVerdict(q.id, "plot", False, f"seed {seed}: letters are not A, B, C, ...")
            back = {letter: label for label, letter in inst.letters.items()}
            stored, served = q.answer, inst.question.answer
            if q.type == "numeric":
                continue
            restored = back.get(served, served) if isinstance(served, str) else [back.get(a, a) for a in served]
            if restored != stored:
                return FormVerdict(q.id, "plot", False, f"seed {seed}: served answer {served!r} is not {stored!r}")
    n = len(inst.plot.names)
    return FormVerdict(q.id, "plot", True, f"figure '{q.figure.view}' drawn from the run ({n} series) "
                                          f"for seeds {', '.join(map(str, seeds))}")


def _numeric_answers(q: Any) -> list[tuple[str, Any]]:
    out = [("answer", q.answer)] if q.type == "numeric" else []
    return out + [(f"step {i}", s.answer) for i, s in enumerate(q.steps or [], 1) if s.type == "numeric"]


def check_generated(q: Any, seeds: tuple[int, ...] = SEEDS) -> FormVerdict:
    shown_values = []
    for seed in seeds:
        try:
            inst = draw(q, seed)
        except ValueError as exc:  # what Practice would say to the learner who drew it
            return FormVerdict(q.id, "generated", False, f"seed {seed}: the question cannot be prepared ({exc})")
        c = inst.question
        texts = [c.prompt, *(getattr(c, "choices", None) or []), *(getattr(c, "items", None) or []),
                 *(s.prompt for s in c.steps or [])]
        left = [name for t in texts for name in placeholders(t) if name in q.variables]
        if left:
            return FormVerdict(q.id, "generated", False, f"seed {seed}: '{{{left[0]}}}' was not filled")
        fresh = compute(q.compute.fn, bind_args(q.compute.args, inst.values))
        for (where, template), (_, served) in zip(_numeric_answers(q), _numeric_answers(c)):
            if template.value is not None:
                continue
            truth = fresh[template.output or "answer"]
            if not math.isfinite(served.value) or served.value != truth:
                return FormVerdict(q.id, "generated", False,
                                   f"seed {seed}: {where} served {served.value!r}, the library gives {truth!r}")
        shown_values.append(inst.values)
    broken = _breaks_at_an_extreme(q)
    if broken is not None:
        return FormVerdict(q.id, "generated", False, broken)
    distinct = len({json.dumps(v, sort_keys=True) for v in shown_values})
    return FormVerdict(q.id, "generated", True, f"{len(seeds)} seeds, {distinct} distinct variants, "
                                                f"answers equal to {q.compute.fn} (the reference library), "
                                                "every combination of the ranges' ends computes")


#: at most this many combinations of the variables' ends are computed (2 ends of 8 variables)
MAX_EXTREMES = 256


def _breaks_at_an_extreme(q: Any) -> str | None:
    """Where the computation fails for values a learner can be drawn, tried at every combination
    of the variables' ends (five seeds passed a question that could not be prepared for 28 of its
    90 variants: more folds than rows, at the ends of two ranges)."""
    names = list(q.variables)
    ends = [extremes(q.variables[n]) for n in names]
    if math.prod(len(e) for e in ends) > MAX_EXTREMES:
        return None  # too many to try: the seeds stand alone
    for combo in itertools.product(*ends):
        values = dict(zip(names, combo))
        try:
            out = compute(q.compute.fn, bind_args(q.compute.args, values))
        except Exception as exc:  # noqa: BLE001 - any failure is the finding, said in a sentence
            return f"values {_say(values)}: the computation fails ({exc})"
        bad = [k for k, v in out.items() if isinstance(v, float) and not math.isfinite(v)]
        if bad:
            return f"values {_say(values)}: {bad[0]} is not a finite number"
    return None


def _say(values: dict[str, Any]) -> str:
    return ", ".join(f"{k} = {v:g}" if isinstance(v, (int, float)) else f"{k} = {v}" for k, v in values.items())


def check_code(q: Any) -> FormVerdict:
    from engine.forms.code_runner import run_snippet

    run = q.code.run
    result = run_snippet(q.code.source, run.timeout_s, run.memory_mb)
    if not result.ok:
        return FormVerdict(q.id, "code", False, result.message)
    printed = "\n".join(line.rstrip() for line in result.stdout.strip().splitlines())
    if run.stdout is not None:
        claimed = "\n".join(line.rstrip() for line in run.stdout.strip().splitlines())
        ok = printed == claimed
        return FormVerdict(q.id, "code", ok, f"printed {printed!r}" + ("" if ok else f", claimed {claimed!r}")
                           + f" ({result.seconds:.1f} s)")
    last = printed.splitlines()[-1] if printed else ""
    if q.type == "numeric":
        from engine.content.grading import numeric_matches

        try:
            value = float(last)
        except ValueError:
            return FormVerdict(q.id, "code", False, f"the last line printed, {last!r}, is not a number")
        a = q.answer
        ok = numeric_matches(value, a.value, a.abs_tol, a.rel_tol)
        return FormVerdict(q.id, "code", ok, f"printed {value:g}, stored answer {a.value:g} ({result.seconds:.1f} s)")
    ok = last == q.answer
    return FormVerdict(q.id, "code", ok, f"printed {last!r}, stored answer {q.answer!r} ({result.seconds:.1f} s)")


def form_claims(q: Any, measurement: Any = None) -> list[FormVerdict]:
    """Every form claim of one question (none for a plain or derivation-only question)."""
    out = []
    for form, check in (("plot", lambda: check_plot(q, measurement)), ("generated", lambda: check_generated(q)),
                        ("code", lambda: check_code(q))):
        applies = {"plot": q.figure is not None, "generated": q.variables is not None,
                   "code": q.code is not None and q.code.run is not None}[form]
        if not applies:
            continue
        try:
            out.append(check())
        except ValueError as exc:
            out.append(FormVerdict(q.id, form, False, f"cannot check: {exc}"))
    return out
