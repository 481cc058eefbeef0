"""The layers hold: engines are pure Python, and nothing below answers imports them."""

from __future__ import annotations

import os
import pkgutil
import subprocess
import sys
from pathlib import Path

import calculator.engines

ROOT = Path(__file__).resolve().parent.parent
PURE = [
    *(f"calculator.engines.{m.name}" for m in pkgutil.iter_modules(calculator.engines.__path__)),
    "guides.withdrawal_flow",
    "policies.terms",
    "policies.values",
    "policies.describe",
    "policies.methods",
    "policies.sanity",
    "policies.brackets",
]


def test_every_engine_imports_in_a_bare_python_without_django_settings() -> None:
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    code = "\n".join(
        [
            "import importlib, sys",
            f"for name in {PURE!r}:",
            "    importlib.import_module(name)",
            "assert 'django' not in sys.modules, sorted(m for m in sys.modules if 'django' in m)",
        ]
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr


def test_no_module_is_named_after_a_batch_of_work() -> None:
    leftovers = [p for p in ROOT.glob("*/**/*_more.py") if ".venv" not in p.parts]
    assert not leftovers


def test_policies_never_imports_calculator() -> None:
    offenders = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "policies").rglob("*.py")
        if "import calculator" in path.read_text() or "from calculator" in path.read_text()
    ]
    assert not offenders
