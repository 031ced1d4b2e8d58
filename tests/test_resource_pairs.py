"""Resource repositories in miniature: data-driven cases of whole files
(tests/cases/resource-pairs/*.yaml), for what a unit-level case cannot show: how a
reader reads a format and how the files pair up.

Each case names its files (path: text), optionally `target-lang`, the `rules` it
looks at (prefixes; default RES, ICU, BAS003) and `expect`: every finding of those
rules as {rule, unit}, in any order (an empty list: silent). The texts are written
for the tests, in the shape of problems seen in real repositories (docs/formats.md,
"Held-out repositories").
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

CASES = Path(__file__).parent / "cases" / "resource-pairs"


def _cases():
    for path in sorted(CASES.glob("*.yaml")):
        for name, case in yaml.safe_load(path.read_text(encoding="utf-8")).items():
            yield pytest.param(case, id=f"{path.stem}:{name}")


def _findings(root: Path, target_lang: str | None):
    from qa_core.config import load_config
    from qa_core.manager import load_plugins
    from qa_core.runner import run

    plugins = load_plugins(())
    config = load_config(plugins.checks, isolated=True, cli={"source_lang": "en", "target_lang": target_lang})
    return run([str(root)], plugins, config, show_progress=False).findings


@pytest.mark.parametrize("case", list(_cases()))
def test_resource_pair_case(tmp_path, case):
    for name, text in case["files"].items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    rules = tuple(case.get("rules", ("RES", "ICU", "BAS003")))
    found = sorted((f.rule_id, f.location.unit_id) for f in _findings(tmp_path, case.get("target-lang")) if f.rule_id.startswith(rules))
    expected = sorted((e["rule"], e["unit"]) for e in case["expect"])
    assert found == expected
