"""Command line: ``python -m engine <command> ...``.

Exit codes: 0 success, 1 the input was checked and has problems (e.g. invalid banks),
2 the command itself was used wrongly (a bad flag, a path that does not exist).

The operators' commands (``learners``, ``forget``, ``migrate``) open the database the app uses
(``TUNELAB_DATABASE_URL`` / ``TUNELAB_DATA_DIR``, or ``--database-url``). For them, 1 also means:
the database's schema is newer than this TuneLab, ``forget`` found no data for the learner, or
its deletion was not confirmed; 2 also means a database URL that is not valid, a SQLite file
that does not exist, or a database that cannot be reached.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from engine.content.loader import load_library
from engine.settings import default_content_dir, private_content_dirs


class _Parser(argparse.ArgumentParser):
    """argparse that reports a usage error as one line and exit code 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        print(f"{self.prog}: error: {message}", file=sys.stderr)
        raise SystemExit(2)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m engine", description="TuneLab engine")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    v = sub.add_parser("validate", help="validate question banks (files or folders)")
    v.add_argument("paths", nargs="*", help="bank files or folders (default: the content folder)")
    v.add_argument("--json", action="store_true", help="print counts and errors as JSON")
    v.add_argument("--run", action="store_true",
                   help="also check every claim: run every simulation, draw every plot and generated question "
                        "over several seeds, run every snippet that claims an output")
    d = sub.add_parser("draw", help="print one instance of a question (prompt, choices or items, answer)")
    d.add_argument("question_id", help="the question's id")
    d.add_argument("--seed", type=int, default=0, help="which variant (default 0); the practice page shows it")
    d.add_argument("--json", action="store_true")
    d.add_argument("--content", default=None, help="bank file or folder (default: the content folder)")
    o = sub.add_parser("optim", help="run one optimiser on a loss surface")
    o.add_argument("--surface", required=True, help="quadratic, noisy_quadratic, rosenbrock, beale, saddle, himmelblau")
    o.add_argument("--surface-param", nargs="*", default=[], metavar="KEY=VALUE",
                   help="surface parameters, e.g. condition=50 noise=0.5")
    o.add_argument("--optimizer", required=True,
                   help="sgd, momentum, nesterov, adagrad, rmsprop, adam or adamw")
    o.add_argument("--lr", type=float, required=True, help="learning rate (> 0)")
    o.add_argument("--steps", type=int, default=100, help="number of steps (default 100)")
    for name in ("momentum", "dampening", "weight-decay", "alpha", "beta1", "beta2", "eps", "lr-decay"):
        o.add_argument(f"--{name}", type=float, default=None)
    o.add_argument("--schedule", nargs="+", default=["constant"], metavar="NAME [KEY=VALUE ...]",
                   help="e.g. --schedule step step_size=30 gamma=0.1")
    o.add_argument("--start", nargs=2, type=float, metavar=("X", "Y"))
    o.add_argument("--seed", type=int, default=0, help="seed of the gradient noise")
    o.add_argument("--threshold", type=float, default=None, help="gap to the minimum that counts as reached")
    o.add_argument("--json", action="store_true")
    s = sub.add_parser("search", help="run a hyperparameter search")
    s.add_argument("--objective", required=True,
                   help="branin, hartmann6, rosenbrock, ackley, or <dataset>:<model> (e.g. digits:svc)")
    s.add_argument("--strategy", required=True, help="grid, random, bayes, tpe or halving")
    s.add_argument("--budget", type=int, required=True, help="number of evaluations")
    s.add_argument("--seed", type=int, default=0)
    s.add_argument("--folds", type=int, default=5, help="cross-validation folds (default 5)")
    s.add_argument("--metric", default=None, help="accuracy, f1, roc_auc or neg_mse")
    s.add_argument("--no-stratify", action="store_true", help="plain k-fold instead of stratified k-fold")
    s.add_argument("--n-jobs", type=int, default=1, help="parallel evaluations through joblib")
    s.add_argument("--no-cache", action="store_true", help="do not read or write the evaluation cache")
    s.add_argument("--json", action="store_true")
    g = sub.add_parser("grade", help="judge a free-text answer offline: which key points it states")
    g.add_argument("question", nargs="?", help="id of a free-text question")
    src = g.add_mutually_exclusive_group()
    src.add_argument("--answer", metavar="TEXT", help="the answer itself")
    src.add_argument("--answer-file", metavar="FILE", help="a UTF-8 text file holding the answer ('-' for stdin)")
    src.add_argument("--batch", metavar="FILE.jsonl",
                     help='one {"question": ID, "answer": TEXT} object per line; prints one result per line')
    g.add_argument("--json", action="store_true", help="print JSON (one object per line with --batch)")
    db_help = "the database (default: TUNELAB_DATABASE_URL, else the SQLite file in TUNELAB_DATA_DIR)"
    ls = sub.add_parser("learners", help="list the learners with data: id, first and last activity, rows per table")
    ls.add_argument("--account", metavar="ISSUER#SUBJECT",
                    help='only the learner of this account, as the app\'s "Your account" box shows it')
    ls.add_argument("--database-url", metavar="URL", help=db_help)
    ls.add_argument("--json", action="store_true")
    f = sub.add_parser("forget", help="delete one learner's attempts, reviews, runs and the interviews they own, "
                                      "or one interview")
    who = f.add_mutually_exclusive_group(required=True)
    who.add_argument("--learner", metavar="ID", help="the stored learner id (python -m engine learners lists them)")
    who.add_argument("--account", metavar="ISSUER#SUBJECT",
                     help='the account as the app\'s "Your account" box shows it')
    who.add_argument("--interview", metavar="LINK",
                     help="one interview alone (a candidate's erasure): its interviewer or candidate link, or token")
    f.add_argument("--yes", action="store_true", help="delete without asking")
    f.add_argument("--database-url", metavar="URL", help=db_help)
    m = sub.add_parser("migrate", help="upgrade the database's schema now (the app does it on its first page visit)")
    m.add_argument("--database-url", metavar="URL", help=db_help)
    return parser


def cmd_search(args: argparse.Namespace) -> int:
    from engine.search.cache import EvalCache
    from engine.search.objectives import parse_objective
    from engine.search.runner import run_search
    from engine.search.trials import describe_params
    from engine.store import open_store

    try:
        objective = parse_objective(args.objective, args.metric, args.folds, args.seed,
                                    stratified=not args.no_stratify)
        cache = None if args.no_cache or objective.cache_key({}, 1.0) is None else EvalCache(open_store())
        result = run_search(objective, args.strategy, args.budget, seed=args.seed, n_jobs=args.n_jobs,
                            cache=cache)
    except ValueError as exc:
        print(f"python -m engine search: error: {exc}", file=sys.stderr)
        return 2
    d = result.to_dict()
    if args.json:
        print(json.dumps(d, allow_nan=False, default=str))
        return 0
    best = result.best
    failed = sum(t.state == "failed" for t in result.trials)
    print(f"{objective.name}: {result.strategy}, {len(result.trials)} evaluations ({failed} failed)")
    if best is None:
        print("no configuration completed")
    else:
        params = describe_params(best.params, "=")
        print(f"best {best.value:.6g} at {params}")
    if result.regret is not None:
        print(f"regret {result.regret:.6g} (optimum {result.optimum:.6g})")
    return 0


def _key_values(items: list[str], what: str) -> dict[str, float]:
    out = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep:
            raise ValueError(f"{what} '{item}' must look like key=value")
        try:
            out[key.replace("-", "_")] = float(value)
        except ValueError:
            raise ValueError(f"{what} '{item}': '{value}' is not a number") from None
    return out


def cmd_optim(args: argparse.Namespace) -> int:
    from engine.optim.run import RunConfig, run_one
    from engine.optim.schedules import ScheduleSpec
    from engine.optim.surfaces import get_surface

    try:
        surface = get_surface(args.surface, **_key_values(args.surface_param, "surface parameter"))
        names = ("momentum", "dampening", "weight_decay", "alpha", "beta1", "beta2", "eps", "lr_decay")
        hyper = {k: getattr(args, k) for k in names if getattr(args, k) is not None}
        schedule = ScheduleSpec(args.schedule[0], _key_values(args.schedule[1:], "schedule parameter"))
        config = RunConfig(args.optimizer, args.lr, hyper, schedule,
                           tuple(args.start) if args.start else None)
        result = run_one(surface, config, args.steps, seed=args.seed, threshold=args.threshold)
    except ValueError as exc:
        print(f"python -m engine optim: error: {exc}", file=sys.stderr)
        return 2
    d = result.to_dict()
    if args.json:
        out = {k: d[k] for k in ("trajectory", "losses", "lrs", "outcome", "diverged_at")}
        out.update(steps_to_threshold=d["steps_to_threshold"], final_loss=d["final_loss"], config=d["config"])
        print(json.dumps(out, allow_nan=False))
    else:
        x, y = d["trajectory"][-1]
        print(f"{surface.title}: {config.name()}, {len(d['lrs'])} steps")
        print(f"outcome: {d['outcome']}" + (f" at step {d['diverged_at']}" if d["diverged_at"] else ""))
        print(f"final point: ({x:.6g}, {y:.6g}), loss {d['final_loss']:.6g}")
        if d["steps_to_threshold"] is not None:
            print(f"reached the threshold at step {d['steps_to_threshold']}")
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    paths = args.paths or [default_content_dir()]
    try:
        library = load_library(paths, [] if args.paths else private_content_dirs())
    except FileNotFoundError as exc:
        print(f"python -m engine validate: error: {exc}", file=sys.stderr)
        return 2
    stats = library.stats()
    verdicts = _run_claims(library.interview_questions) if args.run else []  # private banks' claims too
    sims = [v for v in verdicts if not v["metric"].startswith("form:")]
    forms = [v for v in verdicts if v["metric"].startswith("form:")]
    if args.run:
        stats["simulations"], stats["form_claims"] = sims, forms
    disagree = [v for v in verdicts if not v["agrees"]]
    if args.json:
        print(json.dumps(stats, indent=2, default=str))
    else:
        for err in library.errors:
            print(err)
        for v in verdicts:
            mark = "agrees  " if v["agrees"] else "DISAGREES"
            print(f"{mark} {v['id']}: {v['metric']}: {v['detail']}")
        print(
            f"{stats['banks']} valid banks, {stats['questions']} questions"
            + (f" (and {stats['private_questions']} interview-only)" if stats["private_questions"] else "")
            + f", {len(library.errors)} errors"
            + (f", {len(sims)} simulations run, {sum(not v['agrees'] for v in sims)} disagree, "
               f"{len(forms)} form claims checked, {sum(not v['agrees'] for v in forms)} fail" if args.run else ""),
            file=sys.stderr,
        )
    return 1 if library.errors or disagree else 0


def _run_claims(questions: list) -> list[dict]:
    """Simulation verdicts and form claims of every question, in question order.

    Snippets run two at a time (each in its own fenced process); simulations run here.
    """
    from concurrent.futures import ThreadPoolExecutor

    from engine.forms.claims import check_code, form_claims
    from engine.sim.scenarios import run_scenario
    from engine.content.verdict import check_question

    with ThreadPoolExecutor(max_workers=2) as pool:
        code_jobs = {q.id: pool.submit(check_code, q) for q in questions if q.code is not None and q.code.run}
        out: list[dict] = []
        for q in questions:
            m = None
            if q.simulation is not None:
                try:
                    m = run_scenario(q.simulation.scenario, q.simulation.params)
                    out.append(check_question(q, m).to_dict())
                except ValueError as exc:
                    out.append({"id": q.id, "metric": q.simulation.check.metric, "measured": None,
                                "reality": None, "agrees": False, "detail": f"cannot run: {exc}"})
            if q.figure is None or m is not None:  # a figure whose run failed is already reported
                out += [v.to_dict() for v in form_claims(q.model_copy(update={"code": None}), m)]
            if q.id in code_jobs:  # the snippet's verdict stands whatever became of the figure
                out.append(code_jobs[q.id].result().to_dict())
    return out


def cmd_draw(args: argparse.Namespace) -> int:
    from engine.forms.instance import draw

    where = [args.content] if args.content else [default_content_dir()]
    try:
        # the deployment's interview-only folders too, as validate reads them (not with --content)
        library = load_library(where, [] if args.content else private_content_dirs())
        # whoever runs the command has the files: an interview-only bank's questions draw too
        q = library.question(args.question_id, private=True)
        if q is None:
            import difflib

            from engine.labels import count_of

            close = difflib.get_close_matches(args.question_id, [x.id for x in library.interview_questions], n=1)
            hint = f"; did you mean '{close[0]}'?" if close else ""
            broken = (f" ({count_of(len(library.broken_files), 'bank file')} with errors left out: "
                      "python -m engine validate lists them)") if library.errors else ""
            raise ValueError(f"no question with id '{args.question_id}'{hint}{broken}")
        if not 0 <= args.seed < 2**63:
            raise ValueError(f"seed must be a whole number from 0, got {args.seed}")
        inst = draw(q, args.seed)
    except (ValueError, FileNotFoundError) as exc:
        print(f"python -m engine draw: error: {exc}", file=sys.stderr)
        return 2
    d = inst.to_dict()
    if args.json:
        print(json.dumps(d, indent=2, allow_nan=False, default=str))
        return 0
    print(f"{d['id']} (seed {d['seed']}, {d['type']}" + (f"; {', '.join(d['forms'])}" if d["forms"] else "") + ")")
    print()
    print(d["prompt"].strip())
    if "code" in d:
        print()
        print(d["code"].rstrip())
    for key in ("choices", "items"):
        if key in d:
            print()
            print("\n".join(f"  - {c}" for c in d[key]))
    for i, step in enumerate(d.get("steps", []), 1):
        print()
        print(f"Step {i}: {step['prompt'].strip()}")
        for c in step.get("choices", []):
            print(f"  - {c}")
        print(f"  answer: {_answer_text(step['answer'])}")
    if "figure" in d:
        print()
        print(f"Figure: {d['figure']['view']} ({', '.join(d['figure']['series'])})")
    if "letters" in d:
        print("Curves: " + ", ".join(f"{k} = {v}" for k, v in d["letters"].items()))
    print()
    print(f"Answer: {_answer_text(d['answer'], d['type'])}")
    if "outputs" in d:
        print(f"Computed by {d['computed_by']}: " + ", ".join(f"{k} = {v:.6g}" for k, v in d["outputs"].items()))
    return 0


def _answer_text(a, qtype: str = "") -> str:
    """A drawn answer on one line: a number with its tolerance, an ordering's items in order
    ("a -> b"), a multi-choice's right options as a set ("a; b")."""
    if isinstance(a, dict) and "value" in a:
        tol = " or ".join(x for x in (f"±{a['abs_tol']:g}" if "abs_tol" in a else "",
                                      f"±{a['rel_tol'] * 100:g}%" if "rel_tol" in a else "") if x)
        return f"{a['value']:.6g}" + (f" {a['unit']}" if "unit" in a else "") + (f" (within {tol})" if tol else "")
    if isinstance(a, dict):
        return "; ".join(a.get("key_points", []))
    return a if isinstance(a, str) else (" -> " if qtype == "ordering" else "; ").join(a)




def _read_text(path: str, what: str) -> str:
    try:
        if path == "-":
            return sys.stdin.read()
        with open(path, encoding="utf-8") as f:
            return f.read()
    except (OSError, UnicodeDecodeError) as exc:
        reason = "it is not UTF-8 text" if isinstance(exc, UnicodeDecodeError) else (exc.strerror or str(exc))
        raise ValueError(f"cannot read {what} '{path}': {reason}") from None


def _free_text_question(library, qid: object, where: str = ""):
    if not isinstance(qid, str) or not qid:
        raise ValueError(f"{where}give a question id")
    q = library.question(qid)
    if q is None:
        raise ValueError(f"{where}there is no question with id '{qid}'")
    if q.type != "free_text":
        raise ValueError(f"{where}question '{qid}' is {q.type.replace('_', ' ')}, not free text")
    return q


def _batch_items(library, path: str) -> list[tuple[object, str]]:
    items = []
    for n, line in enumerate(_read_text(path, "batch file").splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{path}:{n}: "
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ValueError(f"{where}not a JSON object ({exc.msg})") from None
        if not isinstance(row, dict) or not isinstance(row.get("answer"), str):
            raise ValueError(f'{where}expected {{"question": ID, "answer": TEXT}}')
        items.append((_free_text_question(library, row.get("question"), where), row["answer"]))
    return items


def cmd_grade(args: argparse.Namespace) -> int:
    """Judge free-text answers offline. Everything is checked before the model loads."""
    prog = "python -m engine grade"
    try:
        library = load_library([default_content_dir()])
        if args.batch:
            if args.question:
                raise ValueError("give either a question id or --batch, not both")
            items = _batch_items(library, args.batch)
        else:
            if args.answer is None and args.answer_file is None:
                raise ValueError("give the answer with --answer TEXT or --answer-file FILE (or use --batch)")
            text = args.answer if args.answer is not None else _read_text(args.answer_file, "answer file")
            items = [(_free_text_question(library, args.question), text)]
    except (ValueError, FileNotFoundError) as exc:
        print(f"{prog}: error: {exc}", file=sys.stderr)
        return 2
    from engine.judge import get_judge

    judge = get_judge()  # once, for every item
    for q, text in items:
        judgement = judge.judge(q, text)
        if args.json:
            print(json.dumps(judgement.to_dict(q.id), ensure_ascii=False), flush=True)
            continue
        print(f"{q.id}: {judgement.message}")
        for p in judgement.points:
            mark = "contradicted" if p.contradicted else "covered" if p.covered else "missing"
            print(f"  [{mark:12s} {p.confidence:4.0%}] {p.text}")
            if p.evidence:
                print(f"      \u201c{p.evidence}\u201d")
        for note in judgement.notes:
            print(f"  note: {note}")
        if judgement.score is not None:
            print(f"  score {judgement.score:.0%}, {'pass' if judgement.correct else 'not a pass'} (a suggestion: "
                  "the candidate's correction is final)")
    return 0


class _DatabaseTrouble(Exception):
    """A database an operator's command cannot use: the message is one sentence, ``code`` the exit code."""

    def __init__(self, message: str, code: int):
        super().__init__(message)
        self.code = code


def _shown(url: str) -> str:
    """``url`` with its password hidden, for messages (:func:`engine.store.shown_url`)."""
    from engine.store import shown_url

    return shown_url(url)


def _schema_revision(url: str) -> tuple[str | None, bool]:
    """The database's schema revision and whether it has any table, checked before anything
    writes to it: an operator's typo in a SQLite path must not create a new, empty database,
    and a database newer than this code must not be touched."""
    from sqlalchemy import inspect
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import SQLAlchemyError

    from engine.migrations import current_revision
    from engine.store import make_engine

    try:
        parsed = make_url(url)
    except Exception:  # make_engine says it in a sentence
        parsed = None
    if parsed is not None and parsed.get_backend_name() == "sqlite":
        path = parsed.database or ""
        if path not in ("", ":memory:") and not path.startswith("file:") and not Path(path).expanduser().is_file():
            raise _DatabaseTrouble(f"there is no SQLite database at {path}; check TUNELAB_DATA_DIR, "
                                   "TUNELAB_DATABASE_URL or --database-url", 2)
    try:
        engine = make_engine(url)
    except ValueError as exc:
        raise _DatabaseTrouble(str(exc), 2) from None
    try:
        revision = current_revision(engine)
        with engine.connect() as conn:
            has_tables = bool(inspect(conn).get_table_names())
    except SQLAlchemyError as exc:
        reason = _driver_line(exc)
        raise _DatabaseTrouble(f"cannot open the database {_shown(url)}: {reason}", 2) from None
    finally:
        engine.dispose()
    if revision is not None and revision not in _known_revisions():
        from engine.migrations import SCHEMA_REVISION

        raise _DatabaseTrouble(f"the database's schema is at revision {revision}, newer than this TuneLab knows "
                               f"(its newest is {SCHEMA_REVISION}): upgrade TuneLab before using this database", 1)
    return revision, has_tables


def _known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    from engine.migrations import alembic_config

    return {script.revision for script in ScriptDirectory.from_config(alembic_config()).walk_revisions()}


def _operator_store(args: argparse.Namespace):
    """The store an operator's command works on, its schema upgraded as the app would (see
    :func:`_schema_revision` for what is refused first)."""
    from engine.settings import database_url
    from engine.store import Store

    url = args.database_url or database_url()
    _schema_revision(url)
    try:
        return Store(url)
    except ValueError as exc:
        raise _DatabaseTrouble(str(exc), 1) from None


def _operator_open(prog: str, args: argparse.Namespace, find_learner):
    """``(the learner find_learner() names, the store)`` for an operator's command, or its exit
    code once the reason is printed: 2 for a learner or account that is not one, else the
    database's own (see :class:`_DatabaseTrouble`)."""
    try:
        learner = find_learner()
        return learner, _operator_store(args)
    except ValueError as exc:
        print(f"{prog}: error: {exc}", file=sys.stderr)
        return 2
    except _DatabaseTrouble as exc:
        print(f"{prog}: error: {exc}", file=sys.stderr)
        return exc.code


def _when(moment) -> str:
    return moment.strftime("%Y-%m-%d %H:%M") if moment is not None else "-"


#: column headings of the per-table counts
_HEADINGS = {"attempts": "attempts", "review_cards": "cards", "review_logs": "reviews", "runs": "runs",
             "interviews": "interviews", "interview_answers": "iv answers", "interview_scores": "iv scores",
             "interview_browsers": "iv browsers"}


def cmd_learners(args: argparse.Namespace) -> int:
    """List every learner with data, most recently active first (or the one of ``--account``)."""
    from dataclasses import replace

    from engine.forget import TABLES, learner_of_account, list_learners

    opened = _operator_open("python -m engine learners", args,
                            lambda: learner_of_account(args.account) if args.account is not None else None)
    if isinstance(opened, int):
        return opened
    wanted, store = opened
    try:
        learners = list_learners(store)
    finally:
        store.close()
    if wanted is not None:
        learners = [replace(s, account=args.account.strip()) for s in learners if s.learner == wanted]
    if args.json:
        print(json.dumps([s.to_dict() for s in learners], indent=2))
        return 0
    if not learners:  # the database named: one a shell's settings chose may not be the server's
        where = f"in the database {_shown(store.url)}"
        if wanted:
            print(f"no data is kept for the account {args.account.strip()} {where}")
            return 1
        print(f"no learner has data yet {where}")
        return 0
    width = max(len("learner"), *(len(s.learner) for s in learners))
    print(f"{'learner':<{width}}  {'first (UTC)':<16}  {'last (UTC)':<16}  "
          + "  ".join(_HEADINGS[t] for t in TABLES))
    for s in learners:
        print(f"{s.learner:<{width}}  {_when(s.first):<16}  {_when(s.last):<16}  "
              + "  ".join(f"{s.counts[t]:>{len(_HEADINGS[t])},}" for t in TABLES))
        if s.account:
            print(f"  account {s.account}")
        elif s.local:
            print("  the local learner (the app without sign-in)")
        elif s.interviewer_key:
            print("  an interviewer key (interviews set up without sign-in; its digest, not the key)")
    if wanted is None and any(s.learner.startswith("oidc:") for s in learners):
        print("\nA signed-in learner is stored as oidc:<digest of issuer and subject>, which cannot be turned back "
              "into their account; to find one, ask them for the text in their \"Your account\" box and run "
              "python -m engine learners --account \"<that text>\".", file=sys.stderr)
    return 0


def _confirmed(question: str) -> bool:
    """Ask on stdout, read one line of stdin: only "y" or "yes" confirms (end of input does not)."""
    print(question, end="", flush=True)
    try:
        answer = sys.stdin.readline()
        typed = sys.stdin.isatty()
    except (OSError, ValueError, AttributeError):  # no stdin at all (closed, detached)
        answer, typed = "", False
    if not typed or not answer.endswith("\n"):
        print()  # a piped or missing answer is not echoed: end the prompt's line ourselves
    return answer.strip().lower() in ("y", "yes")


def cmd_forget(args: argparse.Namespace) -> int:
    """Count one learner's rows, ask (unless ``--yes``), and delete them in one transaction."""
    from sqlalchemy.exc import SQLAlchemyError

    from engine.forget import learner_of_account
    from engine.store import check_learner

    prog = "python -m engine forget"
    if args.interview is not None:
        return _forget_interview(prog, args)
    opened = _operator_open(prog, args, lambda: check_learner(args.learner) if args.learner is not None
                            else learner_of_account(args.account))
    if isinstance(opened, int):
        return opened
    learner, store = opened
    try:
        return _forget(prog, args, learner, store)
    except SQLAlchemyError as exc:  # locked by the running app past the wait, read-only, gone
        print(f"{prog}: error: the database refused ({_first_line(exc)}); nothing was deleted", file=sys.stderr)
        return 2
    finally:
        store.close()


def _driver_line(exc: BaseException) -> str:
    """The first line of a database error as its driver put it (an operator may read the host it names)."""
    return (str(getattr(exc, "orig", None) or exc).strip().splitlines() or [""])[0]


def _first_line(exc: BaseException) -> str:
    """:func:`_driver_line` after the driver's error class ("OperationalError: ...")."""
    return f"{type(getattr(exc, 'orig', None) or exc).__name__}: {_driver_line(exc)}"


def _forget(prog: str, args: argparse.Namespace, learner: str, store) -> int:
    """:func:`cmd_forget`'s count, question and deletion (in one transaction)."""
    from engine.forget import forget_learner, learner_counts

    counts = learner_counts(store, learner)
    who = f"learner {learner}" + (f" (account {args.account.strip()})" if args.account is not None else "")
    total = sum(counts.values())
    if not total:
        # the database named: run from a shell without the server's settings, "no data" was the wrong one's
        print(f"{prog}: no data is kept for {who} in the database {_shown(store.url)}; python -m engine learners "
              "lists the learners", file=sys.stderr)
        return 1
    # rows written between the count and the deletion (the learner still active) are deleted too
    return _count_ask_delete(args, f"{who}:", counts, lambda: forget_learner(store, learner))


def _count_ask_delete(args: argparse.Namespace, heading: str, counts: dict[str, int], delete) -> int:
    """Print ``heading`` and the rows of each table, ask (unless ``--yes``), then ``delete()`` (which
    returns the rows it deleted per table) and say what went: 0, or 1 when not confirmed."""
    print(heading)
    for t, n in counts.items():
        print(f"  {t:<18} {n:>8,}")
    if not args.yes and not _confirmed(f"Delete these {sum(counts.values()):,} rows for good? [y/N] "):
        print("nothing deleted")
        return 1
    deleted = delete()
    print(f"deleted {sum(deleted.values()):,} rows: " + ", ".join(f"{t} {n:,}" for t, n in deleted.items() if n))
    return 0


def _forget_interview(prog: str, args: argparse.Namespace) -> int:
    """``forget --interview``: count one interview's rows, ask (unless ``--yes``), delete them."""
    from sqlalchemy.exc import SQLAlchemyError

    from engine.forget import forget_interview, interview_counts, interview_of_link

    opened = _operator_open(prog, args, lambda: None)
    if isinstance(opened, int):
        return opened
    _, store = opened
    try:
        try:
            interview, title = interview_of_link(store, args.interview)
        except ValueError as exc:
            print(f"{prog}: error: {exc}; in the database {_shown(store.url)}", file=sys.stderr)
            return 2
        # repr: a title typed by an interviewer prints no control character
        return _count_ask_delete(args, f"interview {interview} ({title[:80]!r}):", interview_counts(store, interview),
                                 lambda: forget_interview(store, interview))
    except SQLAlchemyError as exc:
        print(f"{prog}: error: the database refused ({_first_line(exc)}); nothing was deleted", file=sys.stderr)
        return 2
    finally:
        store.close()


def cmd_migrate(args: argparse.Namespace) -> int:
    """Upgrade the schema now, printing the revision before and after."""
    from engine.migrations import SCHEMA_REVISION, current_revision
    from engine.settings import database_url
    from engine.store import Store

    prog = "python -m engine migrate"
    url = args.database_url or database_url()
    try:
        before, has_tables = _schema_revision(url)
    except _DatabaseTrouble as exc:
        print(f"{prog}: error: {exc}", file=sys.stderr)
        return exc.code
    if before == SCHEMA_REVISION:
        print(f"schema revision {before}: already current")
        return 0
    described = before or ("none (made before migrations)" if has_tables else "none (an empty database)")
    print(f"schema revision before: {described}")
    try:
        store = Store(url)  # opening a store is the upgrade, under the app's own lock
    except ValueError as exc:  # a newer TuneLab upgraded it in between
        print(f"{prog}: error: {exc}", file=sys.stderr)
        return 1
    try:
        after = current_revision(store.engine)
    finally:
        store.close()
    print(f"schema revision after:  {after}")
    return 0


COMMANDS = {"validate": cmd_validate, "optim": cmd_optim, "search": cmd_search, "draw": cmd_draw, "grade": cmd_grade,
            "learners": cmd_learners, "forget": cmd_forget, "migrate": cmd_migrate}


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except BrokenPipeError:  # the reader left (``learners --json | head``): no traceback for that
        # Python flushes stdout once more at exit, into the closed pipe: point it at nothing first
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
