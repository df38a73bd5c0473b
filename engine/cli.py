"""Command line: ``python -m engine <command> ...``.

Exit codes: 0 success, 1 the input was checked and has problems (e.g. invalid banks),
2 the command itself was used wrongly (a bad flag, a path that does not exist).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

from engine.content.loader import load_library
from engine.settings import default_content_dir


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
    return parser


def cmd_validate(args: argparse.Namespace) -> int:
    paths = args.paths or [default_content_dir()]
    try:
        library = load_library(paths)
    except FileNotFoundError as exc:
        print(f"python -m engine validate: error: {exc}", file=sys.stderr)
        return 2
    stats = library.stats()
    if args.json:
        print(json.dumps(stats, indent=2))
    else:
        for err in library.errors:
            print(err)
        print(
            f"{stats['banks']} valid banks, {stats['questions']} questions, "
            f"{len(library.errors)} errors",
            file=sys.stderr,
        )
    return 1 if library.errors else 0


COMMANDS = {"validate": cmd_validate}


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return COMMANDS[args.command](args)
