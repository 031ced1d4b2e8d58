"""Rules about the rules: ids, documentation, case files, hooks."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import pytest
import yaml

from qa_core import hookspecs
from qa_core.rules import DOC_HEADINGS
from qa_core.testing import default_plugins, load_case_file

ROOT = Path(__file__).resolve().parents[1]
CASES = ROOT / "tests" / "cases"
PLUGINS = default_plugins()
RULES = list(PLUGINS.rules)
ENGINE_RULES = {"TQA001", "TQA002", "TQA003"}  # reported by the runner itself, tested in test_runner


def test_rules_loaded():
    assert len(RULES) >= 7
    assert len({r.id for r in RULES}) == len(RULES)
    assert len({r.name for r in RULES}) == len(RULES)


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_rule_docs_have_the_fixed_headings(rule):
    docs = PLUGINS.rules.docs(rule.id)
    assert docs, f"{rule.id} has no docs/{rule.id}.md beside its check"
    assert docs.startswith(f"# {rule.id} {rule.name}\n"), f"{rule.id}: the first line must be '# {rule.id} {rule.name}'"
    headings = re.findall(r"^## (.+)$", docs, re.MULTILINE)
    assert headings == list(DOC_HEADINGS), f"{rule.id}: headings must be {DOC_HEADINGS} in that order"
    for heading, body in zip(headings, re.split(r"^## .+$", docs, flags=re.MULTILINE)[1:]):
        assert body.strip(), f"{rule.id}: section '{heading}' is empty"


@pytest.mark.parametrize("rule", [r for r in RULES if r.id not in ENGINE_RULES], ids=lambda r: r.id)
def test_rule_has_failing_and_passing_cases(rule):
    path = CASES / f"{rule.id}.yaml"
    assert path.is_file(), f"{rule.id} needs a case file tests/cases/{rule.id}.yaml"
    cases = load_case_file(path)
    failing = [c for c in cases if any(e.get("rule", rule.id) == rule.id for e in c.expect)]
    passing = [c for c in cases if not c.expect]
    assert failing, f"{rule.id}: no case expects a finding"
    assert passing, f"{rule.id}: no case expects silence"


def test_case_files_name_loaded_rules():
    for path in CASES.glob("*.yaml"):
        assert PLUGINS.rules.get(path.stem) is not None, f"{path.name} names no loaded rule"
        yaml.safe_load(path.read_text(encoding="utf-8"))


HOOKS = [name for name, _ in inspect.getmembers(hookspecs, inspect.isfunction) if name.startswith("tqa_")]


@pytest.mark.parametrize("name", HOOKS)
def test_hook_is_documented(name):
    spec = getattr(hookspecs, name)
    assert spec.__doc__ and len(spec.__doc__.strip()) > 40, f"{name} needs a docstring saying what to return"
    guide = (ROOT / "docs" / "plugins.md").read_text(encoding="utf-8")
    assert f"### {name}\n" in guide, f"{name} is not documented in docs/plugins.md"
    signature = inspect.signature(spec)
    assert signature.return_annotation is not inspect.Signature.empty, f"{name} needs a return annotation"


def test_every_plugin_package_is_packaged():
    """setup.py lists plugins/ subpackages by find_packages; each must be importable."""
    import importlib

    for init in (ROOT / "plugins").glob("*/__init__.py"):
        importlib.import_module(f"tqa_plugins.{init.parent.name}")
