"""The CI entry points at the repository root: action.yml (its tqa step is run
here with bash, as the runner would) and .pre-commit-hooks.yaml (its entry run on
file names, as pre-commit would)."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "TQA_"))}
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    env["PYTHONPATH"] = str(ROOT)
    env["GITHUB_OUTPUT"] = str(tmp_path / "github_output")
    env.update(extra)
    return env


def _outputs(tmp_path: Path) -> dict[str, str]:
    text = (tmp_path / "github_output").read_text(encoding="utf-8")
    return dict(line.split("=", 1) for line in text.splitlines() if "=" in line)


@pytest.fixture()
def action():
    return yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))


def test_action_metadata(action):
    assert action["runs"]["using"] == "composite"
    assert set(action["inputs"]) >= {"paths", "fail-on", "baseline", "sarif", "upload-sarif", "args"}
    steps = {step.get("id") or step.get("name"): step for step in action["runs"]["steps"]}
    assert steps["Upload SARIF to code scanning"]["uses"].startswith("github/codeql-action/upload-sarif@")
    for step in action["runs"]["steps"]:
        # inputs reach scripts through env, never pasted into the script (injection)
        assert "${{ inputs." not in step.get("run", "")


def _run_step(action, tmp_path, **inputs):
    step = next(s for s in action["runs"]["steps"] if s.get("id") == "check")
    env = {}
    for key, value in step["env"].items():
        name = re.fullmatch(r"\$\{\{ inputs\.([\w-]+) \}\}", value).group(1)
        env[key] = inputs.get(name, action["inputs"][name].get("default", ""))
    (tmp_path / "github_output").write_text("", encoding="utf-8")
    return subprocess.run(["bash", "-e", "-c", step["run"]], cwd=tmp_path, env=_env(tmp_path, **env), capture_output=True, text=True, timeout=120)


def test_action_step_annotates_and_writes_sarif(action, tmp_path):
    (tmp_path / "locales").mkdir()
    (tmp_path / "locales" / "ui.pairs").write_text("Hai nước\t-\nXin chào %s\tHello\n", encoding="utf-8")
    args = "--plugin tests.plugins.tsv_reader --isolated"
    proc = _run_step(action, tmp_path, paths="locales", args=args, html="tqa.html")
    assert proc.returncode == 0, proc.stderr  # the findings fail a later step, after the upload
    assert _outputs(tmp_path) == {"exit-code": "1", "sarif": "tqa.sarif"}
    assert proc.stdout.splitlines()[0].startswith("::error file=locales/ui.pairs,line=1,endLine=1,title=BAS001 untranslated (major)::")
    sarif = json.loads((tmp_path / "tqa.sarif").read_text(encoding="utf-8"))
    assert [r["ruleId"] for r in sarif["runs"][0]["results"]] == ["BAS001", "BAS003"]
    assert (tmp_path / "tqa.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")

    # a baseline makes the same files pass
    subprocess.run([str(BIN / "tqa"), "check", *args.split(), "locales", "--write-baseline", "tqa-baseline.json"],
                   cwd=tmp_path, env=_env(tmp_path), check=True, capture_output=True)
    proc = _run_step(action, tmp_path, paths="locales", args=args, baseline="tqa-baseline.json")
    assert proc.returncode == 0 and _outputs(tmp_path)["exit-code"] == "0", proc.stdout + proc.stderr
    assert proc.stdout == ""


def test_action_step_stops_on_errors(action, tmp_path):
    proc = _run_step(action, tmp_path, paths="missing.xlf")
    assert proc.returncode == 2
    assert _outputs(tmp_path)["exit-code"] == "2"
    assert "::error title=tqa::tqa could not run" in proc.stdout


def test_pre_commit_hooks(tmp_path):
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    hook = next(h for h in hooks if h["id"] == "tqa")
    assert hook["language"] == "python"
    pattern = re.compile(hook["files"])
    for name in ("samples/joint-statement.vi-en.xlf", "po/vi.po", "memory.tmx", "a.sdlxliff"):
        assert pattern.search(name), name
    assert not pattern.search("tests/test_cases.py")
    # pre-commit runs: entry + args + the staged file names
    (tmp_path / "ok.pairs").write_text("Hai nước\tThe two countries\n", encoding="utf-8")
    (tmp_path / "bad.pairs").write_text("Xin chào %s\tHello\n", encoding="utf-8")
    entry = shlex.split(hook["entry"])
    assert entry[0] == "tqa"
    base = [str(BIN / entry[0]), *entry[1:], "--plugin", "tests.plugins.tsv_reader", "--isolated"]
    ok = subprocess.run(base + ["ok.pairs"], cwd=tmp_path, env=_env(tmp_path), capture_output=True, text=True)
    assert ok.returncode == 0, ok.stderr
    bad = subprocess.run(base + ["ok.pairs", "bad.pairs"], cwd=tmp_path, env=_env(tmp_path), capture_output=True, text=True)
    assert bad.returncode == 1 and "BAS003" in bad.stdout


def test_hooks_entry_points_exist():
    assert shutil.which("tqa", path=str(BIN)), "the tqa script is installed in the test environment"
