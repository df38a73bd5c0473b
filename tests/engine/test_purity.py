"""engine/ never imports streamlit, and stays light until a simulator is used."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import engine
from tests.conftest import ROOT


def engine_modules() -> list[str]:
    return sorted(
        m.name for m in pkgutil.walk_packages(engine.__path__, "engine.")
        # __main__ runs the CLI; migrations.env is Alembic's script, run only inside Alembic
        if m.name not in ("engine.__main__", "engine.migrations.env")
    )


def test_importing_every_engine_module_leaves_streamlit_out():
    mods = engine_modules()
    assert "engine.content.loader" in mods and "engine.store" in mods
    code = (
        "import importlib, sys\n"
        f"for m in {mods!r}: importlib.import_module(m)\n"
        "print('streamlit' in sys.modules, any(k == 'streamlit' or k.startswith('streamlit.') for k in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip() == "False False"
