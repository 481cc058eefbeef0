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


APPS = ("calculator", "guides", "faq", "reports", "policies", "search", "ops", "yibao_site")


def _method_comparisons(source: str) -> list[int]:
    """Comparisons that decide something by a rule's method: ``x.method == …``,
    ``… in PERCENT_METHODS``, ``Method.NONE`` inside a comparison."""
    import ast

    found = []
    tree = ast.parse(source)
    for node in ast.walk(tree):
        if not isinstance(node, ast.Compare):
            continue
        for operand in (node.left, *node.comparators):
            named_method = (
                isinstance(operand, ast.Attribute)
                and operand.attr == "method"
                and not (isinstance(operand.value, ast.Name) and operand.value.id == "request")
                and not any(isinstance(c, ast.Name) and c.id == "METHODS" for c in node.comparators)
            )
            member = (
                isinstance(operand, ast.Attribute)
                and isinstance(operand.value, ast.Name)
                and operand.value.id == "Method"
            )
            if named_method or member:
                found.append(node.lineno)
                break
    return found


def test_only_the_method_table_decides_by_a_rules_method() -> None:
    """What a method means is written once, in ``policies/methods.py``."""
    offenders = []
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" in path.parts or path == ROOT / "policies" / "methods.py":
                continue
            rel = path.relative_to(ROOT)
            offenders += [f"{rel}:{line}" for line in _method_comparisons(path.read_text())]
    assert not offenders, offenders


def test_the_method_check_finds_a_comparison() -> None:
    sample = "def f(rule, request):\n    if request.method == 'GET':\n        return 1\n"
    sample += "    return rule.method == Method.NONE or rule.kind in PERCENT\n"
    assert _method_comparisons(sample) == [4]
    assert _method_comparisons("ok = x.method in METHODS\n") == []


def test_the_data_layer_names_no_answer_route() -> None:
    """``policies`` (data, lookup, editors' tools) never reverses a reader page: the
    models' public URLs come from ``settings.ABSOLUTE_URL_OVERRIDES``."""
    import re

    answers = ("calculator", "regions", "guides", "faq", "reports", "search", "api")
    pattern = re.compile(r"""reverse\(\s*["'](""" + "|".join(answers) + "):")
    offenders = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "policies").rglob("*.py")
        if "migrations" not in path.parts and pattern.search(path.read_text())
    ]
    assert not offenders, offenders
    assert pattern.search('reverse("calculator:monthly")')  # the check can fail
