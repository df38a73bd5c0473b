"""Hostile and malformed input against the CLI and the engine entry points the pages use.

Run by ``tests/engine/test_fuzz.py`` in a subprocess of its own, so its memory is measured
alone; or by hand for the counts::

    .venv/bin/python -m tests.engine.fuzz_driver --examples 200

Every call must either succeed or refuse with one clear line: a ``ValueError`` whose message is
a single line (the engine), or exit code 2 with one line on stderr (the CLI). Anything else is
counted as a traceback; a call that runs past ``HANG_SECONDS`` is counted as a hang. The counts
and the process's peak memory are printed as JSON.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import math
import os
import signal
import sys
import tempfile
import traceback
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from benchmarks.stats import own_peak_rss_mb

HANG_SECONDS = 30

counts = {"tried": 0, "ok": 0, "refused": 0, "tracebacks": 0, "hangs": 0}
#: the same counts per property ("cli optim", "engine schedule", ...)
by_property: dict[str, dict[str, int]] = {}
current = ["-"]
failures: list[str] = []


def _count(outcome: str) -> None:
    counts[outcome] += 1
    by_property.setdefault(current[0], dict.fromkeys(counts, 0))[outcome] += 1


class Hang(BaseException):
    pass


def _alarm(signum, frame):
    raise Hang()


def bad_numbers():
    return st.sampled_from([math.nan, math.inf, -math.inf, 0.0, -0.0, -1.0, 1e308, -1e308, 1e-320, 1e39,
                            2.0**63, -(2.0**63), 3.0, 0.5])


def bad_ints():
    return st.sampled_from([0, -1, 1, 2, 3, 10**6, 10**12, -(10**12), 2**63, 2**64])


def mostly(valid, bad):
    """Valid two times in three, so a single bad field meets otherwise good input."""
    return st.one_of(valid, valid, bad)


def any_value():
    return st.one_of(bad_numbers(), bad_ints(), st.text(max_size=30), st.none(), st.booleans(),
                     st.lists(st.integers(-5, 5), max_size=3), st.dictionaries(st.text(max_size=5), st.integers(),
                                                                                max_size=2))


def judge(fn, *args, **kwargs) -> None:
    """Call ``fn``; count it as ok, refused (ValueError of one line), traceback or hang."""
    _count("tried")
    signal.alarm(HANG_SECONDS)
    try:
        fn(*args, **kwargs)
    except Hang:
        _count("hangs")
        failures.append(f"hang: {fn.__name__}{_short(args, kwargs)}")
        return
    except ValueError as exc:
        msg = str(exc)
        if "\n" in msg or not msg.strip() or len(msg) > 600:
            _count("tracebacks")
            failures.append(f"unclear refusal from {fn.__name__}{_short(args, kwargs)}: {msg[:300]!r}")
        else:
            _count("refused")
        return
    except BaseException as exc:  # noqa: BLE001 - this is what we are counting
        _count("tracebacks")
        failures.append(f"{type(exc).__name__} from {fn.__name__}{_short(args, kwargs)}: "
                        f"{traceback.format_exc(limit=3)[-600:]}")
        return
    finally:
        signal.alarm(0)
    _count("ok")


def _short(args, kwargs) -> str:
    return repr((args, kwargs))[:300]


def cli(argv: list[str]) -> None:
    """Run the CLI in-process; refuse unless it exits 0/1, or 2 with one line on stderr."""
    from engine.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(argv)
        except SystemExit as exc:
            code = exc.code
    text = err.getvalue()
    if "Traceback" in text + out.getvalue():
        raise RuntimeError(f"traceback printed for {argv}")
    if code == 2:
        lines = [ln for ln in text.splitlines() if ln.strip()]
        if len(lines) != 1 and not text.startswith("usage:"):
            raise RuntimeError(f"exit 2 with {len(lines)} lines for {argv}: {text[:300]!r}")
        if not text.startswith("usage:") and len(lines) == 1:
            raise ValueError(lines[0])  # a clean refusal
        raise ValueError("usage error")
    if code not in (0, 1):
        raise RuntimeError(f"exit code {code} for {argv}")


def fmt(v) -> str:
    return repr(v) if isinstance(v, float) and not math.isfinite(v) else str(v)


# the registries' own names (a new entry is fuzzed without touching this file), plus wrong ones
from engine.optim.optimizers import OPTIMIZERS as _OPTIMIZERS  # noqa: E402
from engine.optim.schedules import SCHEDULES as _SCHEDULES  # noqa: E402
from engine.optim.surfaces import SURFACES as _SURFACES  # noqa: E402

NAMES = mostly(st.sampled_from(list(_SURFACES)), st.sampled_from(["nope", "", "QUADRATIC", "../etc"]))
OPTIMIZERS = mostly(st.sampled_from(list(_OPTIMIZERS)), st.sampled_from(["lbfgs", ""]))
SCHEDULES = st.sampled_from([*_SCHEDULES, "nope"])
SCHED_KEYS = st.sampled_from(sorted({k for s in _SCHEDULES.values() for k in s.defaults}) + ["bogus"])


@st.composite
def optim_argv(draw) -> list[str]:
    argv = ["optim", "--surface", draw(NAMES), "--optimizer", draw(OPTIMIZERS),
            "--lr", fmt(draw(mostly(st.floats(1e-4, 2), bad_numbers())))]
    if draw(st.booleans()):
        argv += ["--steps", fmt(draw(mostly(st.integers(1, 3000), bad_ints())))]
    if draw(st.booleans()):
        argv += ["--schedule", draw(SCHEDULES)] + [f"{draw(SCHED_KEYS)}={fmt(draw(bad_numbers()))}"
                                                   for _ in range(draw(st.integers(0, 2)))]
    if draw(st.booleans()):
        argv += ["--surface-param", f"{draw(st.sampled_from(['condition', 'noise', 'a', 'b']))}="
                                    f"{fmt(draw(bad_numbers()))}"]
    if draw(st.booleans()):
        argv += ["--start", fmt(draw(bad_numbers())), fmt(draw(bad_numbers()))]
    if draw(st.booleans()):
        argv += [f"--{draw(st.sampled_from(['momentum', 'beta1', 'beta2', 'eps', 'alpha', 'weight-decay']))}",
                 fmt(draw(bad_numbers()))]
    if draw(st.booleans()):
        argv += ["--threshold", fmt(draw(bad_numbers()))]
    if draw(st.booleans()):
        argv += ["--seed", fmt(draw(bad_ints()))]
    if draw(st.booleans()):
        argv.append("--json")
    return argv


@st.composite
def search_argv(draw) -> list[str]:
    objective = draw(st.sampled_from(["branin", "hartmann6", "ackley", "iris:svc", "wine:logistic",
                                      "noisy:random_forest", "digits:mlp", "digits:gradient_boosting", "nope",
                                      "iris:ridge", "diabetes:ridge", "iris:", ":svc"]))
    cv = ":" in objective and objective.startswith(("iris", "wine", "noisy", "diabetes"))
    heavy = objective.startswith("digits")
    budget = draw(st.sampled_from([-1, 0, 10**9, 501] + ([1, 2, 3] if cv or not heavy else [400])
                                  + ([5, 12] if ":" not in objective else [])))
    argv = ["search", "--objective", objective, "--strategy",
            draw(st.sampled_from(["grid", "random", "bayes", "tpe", "halving", "nope"])),
            "--budget", str(budget)]
    if draw(st.booleans()):
        argv += ["--folds", str(draw(st.sampled_from([-1, 0, 1, 2, 3, 21, 10**9])))]
    if draw(st.booleans()):
        argv += ["--seed", fmt(draw(bad_ints()))]
    if draw(st.booleans()):
        argv += ["--n-jobs", str(draw(st.sampled_from([0, -1, 1, 2, 9, 100_000, -5])))]
    if draw(st.booleans()):
        argv += ["--metric", draw(st.sampled_from(["accuracy", "f1", "roc_auc", "neg_mse", "nope"]))]
    argv += ["--no-cache"] + (["--json"] if draw(st.booleans()) else [])
    return argv


def validate_inputs(tmp: Path):
    """Paths a visitor or a careless author might hand to validate."""
    files = {
        "empty.yaml": b"",
        "binary.yaml": bytes(range(256)),
        "latin1.yaml": "bank: caf\xe9\n".encode("latin-1"),
        "date.yaml": b"bank: x\ntitle: t\nquestions:\n  - id: 2001-02-30\n",
        "deep.yaml": b"a: " + b"[" * 5000 + b"]" * 5000,
        "bomb.yaml": b"a: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
                     b"d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n"
                     b"f: [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n",
        "tags.yaml": b"a: !!python/object/apply:os.system ['echo hi']\n",
        "bigint.yaml": b"a: " + b"9" * 6000 + b"\n",
        "big.yaml": b"a: " + b"x" * 1_100_000 + b"\n",
    }
    for name, data in files.items():
        (tmp / name).write_bytes(data)
    (tmp / "folder").mkdir()
    (tmp / "folder" / "x.yaml").write_bytes(b"\xff\xfe")
    return [[str(tmp / n)] for n in files] + [[str(tmp / "folder")], [str(tmp / "missing.yaml")], [str(tmp)],
                                              ["/dev/null"]]


def engine_calls(examples: int) -> None:
    from engine.content.loader import load_bytes
    from engine.optim.run import RunConfig, run_many
    from engine.optim.schedules import ScheduleSpec, lr_values
    from engine.optim.surfaces import get_surface
    from engine.optim.training import TrainConfig, TrainSetup, check_request
    from engine.search.lab import check_request as check_search
    from engine.search.objectives import CVObjective, parse_objective
    from engine.search.runner import run_search
    from engine.sim.params import SCENARIO_PARAMS
    from engine.sim.scenarios import check_scenario
    from engine.text import markdown_inert

    many = settings(max_examples=examples, deadline=None, database=None, derandomize=True,
                    suppress_health_check=list(HealthCheck))

    @many
    @given(NAMES, OPTIMIZERS, mostly(st.floats(1e-4, 2.0), bad_numbers()),
           mostly(st.integers(1, 500), bad_ints()),
           st.dictionaries(st.sampled_from(["momentum", "beta1", "beta2", "eps", "alpha", "lr_decay", "dampening",
                                            "weight_decay", "nesterov"]), mostly(st.floats(0, 0.99), bad_numbers()),
                           max_size=2),
           st.one_of(st.none(), st.tuples(mostly(st.floats(-3, 3), bad_numbers()),
                                          mostly(st.floats(-3, 3), bad_numbers()))))
    def optim(surface, optimizer, lr, steps, hyper, start):
        def call():
            run_many(get_surface(surface), [RunConfig(optimizer, lr, hyper, ScheduleSpec(), start)], steps)
        judge(call)

    @many
    @given(SCHEDULES, st.dictionaries(SCHED_KEYS, mostly(st.floats(0.01, 1.0), bad_numbers()), max_size=3),
           mostly(st.floats(1e-4, 1.0), bad_numbers()), mostly(st.integers(1, 2000), bad_ints()))
    def schedule(name, params, lr0, steps):
        judge(lr_values, ScheduleSpec(name, params), lr0, steps)

    @many
    @given(st.sampled_from(list(SCENARIO_PARAMS) + ["nope"]),
           st.dictionaries(st.sampled_from(["surface", "steps", "runs", "lr0", "at", "schedule", "dataset", "model",
                                            "experiment", "budget", "strategies", "objective", "epochs", "hidden",
                                            "model_params", "seeds", "ks", "folds", "lr_min", "lr_max", "n"]),
                           any_value(), max_size=6))
    def scenario(name, params):
        judge(check_scenario, name, params)

    @many
    @given(st.sampled_from(["digits", "moons", "nope"]), st.lists(mostly(st.integers(1, 128), bad_ints()),
                                                                  max_size=5),
           mostly(st.integers(1, 60), bad_ints()), OPTIMIZERS, mostly(st.floats(1e-4, 1.0), bad_numbers()),
           mostly(st.integers(1, 64), bad_ints()), st.integers(0, 9))
    def training(dataset, hidden, epochs, optimizer, lr, batch, runs):
        judge(check_request, TrainSetup(dataset, tuple(hidden), epochs), [TrainConfig(optimizer, lr, batch_size=batch)] * runs)

    @many
    @given(st.sampled_from(["branin", "ackley", "iris:svc", "digits:random_forest", "wine:mlp", "nope", "iris:nope"]),
           st.lists(st.sampled_from(["grid", "random", "bayes", "tpe", "halving", "nope"]), max_size=3),
           mostly(st.integers(1, 600), bad_ints()), st.sampled_from([-1, 0, 1, 2, 5, 21]))
    def search_request(objective, strategies, budget, folds):
        def call():
            obj = parse_objective(objective, None, folds)
            check_search(obj, strategies, budget, obj.space)
        judge(call)

    @many
    @given(st.sampled_from(["branin", "ackley", "rosenbrock"]), st.sampled_from(["grid", "random", "bayes", "tpe",
                                                                                 "halving", "nope"]),
           mostly(st.integers(1, 12), bad_ints()), mostly(st.integers(0, 100), bad_ints()))
    def search_run(objective, strategy, budget, seed):
        judge(run_search, parse_objective(objective), strategy, budget, seed=seed)

    @many
    @given(st.binary(max_size=2000))
    def bank_bytes(raw):
        judge(load_bytes, raw, "upload.yaml")

    scalars = st.sampled_from(["2024-02-30", "!!int abc", "!!float x", "!!bool maybe", "!!timestamp 2001-13-01",
                               "9" * 5000, "!!binary ***", "&a x", "*a", "~", "'", "{", "[", "!!set {a}",
                               "!!python/name:os.system", ".nan", "-.inf", "0x1F", "1_000", "null"])

    @many
    @given(st.lists(st.tuples(st.sampled_from(["bank", "title", "id", "prompt", "type", "answer", "choices",
                                               "questions", "difficulty"]), scalars), max_size=6))
    def bank_text(pairs):
        text = "bank: b\ntitle: t\nquestions:\n  - " + "\n    ".join(f"{k}: {v}" for k, v in pairs) + "\n"
        judge(load_bytes, text.encode(), "upload.yaml")

    @many
    @given(st.text(max_size=300))
    def inert(text):
        def call():
            out = markdown_inert(text)
            if "](" in out.replace("\\](", "").replace("\\(", ""):
                raise RuntimeError(f"an unescaped link survived: {out!r}")
        judge(call)

    @many
    @given(st.sampled_from(["digits", "iris", "nope"]), st.sampled_from(["svc", "random_forest", "mlp", "nope"]),
           st.dictionaries(st.sampled_from(["C", "gamma", "n_estimators", "hidden_units", "max_depth", "bogus"]),
                           st.one_of(bad_numbers(), bad_ints()), max_size=3))
    def model_params(dataset, model, params):
        def call():
            from engine.search.cost import check_fits

            check_fits(CVObjective(dataset, model, "accuracy", 3), [params], 1, "one cross-validation")
        judge(call)

    for fn in (optim, schedule, scenario, training, search_request, search_run, bank_bytes, bank_text, inert,
               model_params):
        current[0] = f"engine {fn.__name__}"
        fn()


def cli_calls(examples: int, tmp: Path) -> None:
    many = settings(max_examples=examples, deadline=None, database=None, derandomize=True,
                    suppress_health_check=list(HealthCheck))

    @many
    @given(optim_argv())
    def optim(argv):
        judge(cli, argv)

    @many
    @given(search_argv())
    def search(argv):
        judge(cli, argv)

    current[0] = "cli optim"
    optim()
    current[0] = "cli search"
    search()
    current[0] = "cli validate"
    for paths in validate_inputs(tmp):
        judge(cli, ["validate", *paths])
        judge(cli, ["validate", "--json", *paths])
    for argv in (["validate", "--run", str(tmp / "date.yaml")], ["nope"], [], ["optim"], ["search", "--budget", "x"],
                 ["optim", "--surface", "quadratic", "--optimizer", "sgd", "--lr", "abc"]):
        judge(cli, argv)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--examples", type=int, default=40, help="examples per property")
    args = parser.parse_args()
    signal.signal(signal.SIGALRM, _alarm)
    os.environ.setdefault("TUNELAB_DATA_DIR", tempfile.mkdtemp())
    with tempfile.TemporaryDirectory() as tmp:
        engine_calls(args.examples)
        cli_calls(args.examples, Path(tmp))
    peak_mb = own_peak_rss_mb()  # not ru_maxrss: that one counts the pytest worker that started this
    print(json.dumps({**counts, "peak_mb": round(peak_mb), "by_property": by_property, "failures": failures[:20]}))


if __name__ == "__main__":
    sys.exit(main())
