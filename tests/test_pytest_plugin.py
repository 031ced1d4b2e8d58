"""The pytest plugin (entry point pytest11): localization files as test items.
Runs pytest inside pytest (pytester), with the `.pairs` test reader as the format."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytest_plugins = ["pytester"]

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture()
def project(pytester, monkeypatch):
    monkeypatch.syspath_prepend(str(ROOT))
    pytester.makefile(".toml", tqa='plugins = ["tests.plugins.tsv_reader"]\n')
    (pytester.path / "locales").mkdir()
    (pytester.path / "locales" / "good.pairs").write_text("Hai nước\tThe two countries\n", encoding="utf-8")
    (pytester.path / "locales" / "bad.pairs").write_text("Hai nước\t-\nXin chào %s\tHello\n", encoding="utf-8")
    (pytester.path / "locales" / "spacing.pairs").write_text("Tên:\tTên: \n", encoding="utf-8")
    pytester.makepyfile(test_ordinary="def test_ordinary():\n    assert True\n")
    return pytester


def test_plugin_is_inert_without_tqa_files(project):
    result = project.runpytest("-p", "no:cacheprovider", "locales", "test_ordinary.py")
    result.assert_outcomes(passed=1)


def test_files_become_items_failing_on_findings(project):
    project.makeini("[pytest]\ntqa_files = *.pairs\n")
    result = project.runpytest("-p", "no:cacheprovider", "-v", "locales", "test_ordinary.py")
    result.assert_outcomes(passed=2, failed=2)
    result.stdout.fnmatch_lines([
        "*locales/bad.pairs::tqa FAILED*",
        "*locales/good.pairs::tqa PASSED*",
        "*locales/spacing.pairs::tqa FAILED*",
    ])
    # the failure lists the findings as tqa check does
    result.stdout.fnmatch_lines(["*1*major*BAS001*No translation*[[]l1[]]", "*2*major*BAS003*Placeholder '%s'*[[]l2[]]"])


def test_fail_on_and_marker(project):
    project.makeini("[pytest]\ntqa_files = *.pairs\ntqa_fail_on = major\n")
    result = project.runpytest("-p", "no:cacheprovider", "locales")
    result.assert_outcomes(passed=2, failed=1)  # spacing.pairs has a minor finding only
    result = project.runpytest("-p", "no:cacheprovider", "-m", "not tqa", "locales", "test_ordinary.py")
    result.assert_outcomes(passed=1, deselected=3)


def test_patterns_match_paths_too(project):
    project.makeini("[pytest]\ntqa_files = locales/good.*\n")
    result = project.runpytest("-p", "no:cacheprovider", "locales")
    result.assert_outcomes(passed=1)


def test_baseline_and_configuration_apply(project, monkeypatch, capsys):
    from qa_core.cli import main

    monkeypatch.chdir(project.path)
    assert main(["check", "locales/bad.pairs", "--write-baseline", "tqa-baseline.json"]) == 0
    capsys.readouterr()
    project.makeini("[pytest]\ntqa_files = *.pairs\ntqa_baseline = tqa-baseline.json\n")
    result = project.runpytest("-p", "no:cacheprovider", "locales")
    result.assert_outcomes(passed=2, failed=1)  # bad.pairs is baselined; spacing.pairs is new
    (project.path / "tqa.toml").write_text('plugins = ["tests.plugins.tsv_reader"]\nignore = ["BAS005"]\n', encoding="utf-8")
    result = project.runpytest("-p", "no:cacheprovider", "locales")
    result.assert_outcomes(passed=3)
    assert json.loads((project.path / "tqa-baseline.json").read_text(encoding="utf-8"))["findings"]


def test_unreadable_file_fails_with_one_line(project):
    (project.path / "locales" / "broken.pairs").write_text("no tab on this line\n", encoding="utf-8")
    project.makeini("[pytest]\ntqa_files = broken.pairs\n")
    result = project.runpytest("-p", "no:cacheprovider", "locales")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*tqa: *broken.pairs:1:1: expected source<TAB>target*"])
