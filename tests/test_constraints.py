"""constraints.txt pins every release the project installs, and the suite runs on those releases.

A fresh clone installs with ``-c constraints.txt`` (the Makefile); a dependency added to
pyproject.toml without a pin would come in at whatever release is newest that day, untested.
"""

from __future__ import annotations

import importlib.metadata as md
import re

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

from tests.conftest import ROOT

PROJECT = "tunelab"


def pins(text: str) -> dict[str, str]:
    """``name -> version`` of each ``name==version`` line; comments and blank lines skipped.

    Raises
    ------
    ValueError
        A line that is not an exact pin (a range would let a fresh clone drift).
    """
    out: dict[str, str] = {}
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        match = re.fullmatch(r"([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;=<>!~,]+)", line)
        if match is None:
            raise ValueError(f"constraints.txt line {number} is not an exact pin (name==version): {raw!r}")
        out[canonicalize_name(match[1])] = match[2]
    return out


def needed(project: str = PROJECT, extras: set[str] | None = None) -> dict[str, str | None]:
    """``name -> installed version`` of every distribution ``project`` needs with ``extras`` (all
    it provides when None), followed through each requirement's own extras and markers on this
    machine. A distribution that is not installed (``make install`` leaves out the ``bench``
    extra's py-spy) maps to None, and what it needs in turn is not known here."""
    if extras is None:
        extras = set(md.metadata(project).get_all("Provides-Extra") or [])
    seen: dict[str, set[str]] = {}
    versions: dict[str, str | None] = {}
    todo = [(project, extras)]
    while todo:
        name, wanted = todo.pop()
        key = canonicalize_name(name)
        if key in seen and wanted <= seen[key]:
            continue
        seen[key] = seen.get(key, set()) | wanted
        try:
            versions[key], requires = md.version(name), md.requires(name) or []
        except md.PackageNotFoundError:
            versions[key] = None
            continue
        for text in requires:
            req = Requirement(text)
            if req.marker is None or any(req.marker.evaluate({"extra": e}) for e in wanted | {""}):
                todo.append((req.name, set(req.extras)))
    versions.pop(canonicalize_name(project))
    return versions


def test_every_dependency_is_pinned_and_each_installed_one_at_its_pin():
    pinned = pins((ROOT / "constraints.txt").read_text())
    installed = needed()
    assert sum(v is not None for v in installed.values()) > 50  # walked, not just the direct requirements
    missing = sorted(set(installed) - set(pinned))
    assert not missing, f"not pinned in constraints.txt (run `make lock`, then `make test`): {missing}"
    # "+cpu" and other local labels are the wheel's, not the release's: torch==2.13.0 installs 2.13.0+cpu
    differ = {name: (version, pinned[name]) for name, version in installed.items()
              if version is not None and Version(version).public != Version(pinned[name]).public}
    assert not differ, f"installed (left) is not the pinned release (right): {differ}"


def test_torch_stays_on_the_machines_cpu_wheel():
    assert pins((ROOT / "constraints.txt").read_text())["torch"] == "2.13.0"


def test_a_line_that_is_not_an_exact_pin_is_named():
    assert pins("# a comment\n\nnumpy==2.4.6  # why\nPyYAML==6.0.3\n") == {"numpy": "2.4.6", "pyyaml": "6.0.3"}
    for bad in ("numpy>=2", "numpy", "numpy==2.4.6; python_version < '3.12'", "numpy==2.*,<3"):
        try:
            pins(bad)
        except ValueError as exc:
            assert "line 1 is not an exact pin" in str(exc)
        else:
            raise AssertionError(f"{bad!r} was taken as a pin")


def test_the_walk_follows_extras_and_markers():
    """Checked on pytest and pytest-xdist, whose requirements are few and known."""
    plain = needed("pytest-xdist", set())
    assert {"pytest", "execnet", "iniconfig", "pluggy", "packaging", "pygments"} <= set(plain)
    assert "psutil" not in plain  # only through xdist's "psutil" extra
    assert needed("pytest-xdist", {"psutil"})["psutil"] == md.version("psutil")
    # pytest wants tomli and exceptiongroup below Python 3.11 only, colorama on Windows only
    assert not {"tomli", "exceptiongroup", "colorama"} & set(needed("pytest", set()))


def test_a_wanted_distribution_that_is_not_installed_is_named_without_a_version():
    try:
        md.version("setproctitle")  # one of xdist's extras, which the project does not ask for
    except md.PackageNotFoundError:
        pass
    else:
        pytest.skip("setproctitle is installed here")
    assert needed("pytest-xdist", {"setproctitle"})["setproctitle"] is None
