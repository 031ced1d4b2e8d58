"""A third-party plugin that raises in any hook: one line naming the plugin and the
hook (exit 2) where the run cannot go on; where it can (an extra --report reporter,
process_findings, sentence splitting, anchors, similarity) it goes on and says so."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from qa_core.cli import main

DATA = Path(__file__).resolve().parent / "data"
ROOT = Path(__file__).resolve().parents[1]
PLUGIN = ["--plugin", "tests.plugins.hostile"]


@pytest.fixture()
def xlf(tmp_path):
    shutil.copy(DATA / "joint_statement.xlf", tmp_path / "app.xlf")
    return tmp_path / "app.xlf"


def _lines(err: str) -> list[str]:
    assert "Traceback" not in err
    return [line for line in err.splitlines() if line.strip()]


@pytest.mark.parametrize("hook", [
    "tqa_add_options", "tqa_configure", "tqa_register_checks", "tqa_register_reporters",
    "tqa_register_formats", "tqa_open_document",
])
def test_a_hook_the_run_needs_ends_it_with_one_line(hook, xlf, monkeypatch, capsys):
    monkeypatch.setenv("TQA_TEST_RAISE", hook)
    code = main(PLUGIN + ["check", str(xlf), "-q", "-o", str(xlf.parent / "r.txt")])
    err = capsys.readouterr().err
    assert code == 2
    lines = _lines(err)
    assert len(lines) == 1, err
    assert f"plugin 'tests.plugins.hostile' failed in {hook}: RuntimeError: boom in {hook} second line" in lines[0]
    assert not (xlf.parent / "r.txt").exists()


def test_a_glossary_loader_that_raises_names_the_file(xlf, monkeypatch, capsys):
    monkeypatch.setenv("TQA_TEST_RAISE", "tqa_load_glossary")
    glossary = xlf.parent / "g.csv"
    glossary.write_text("en,vi\nfile,tệp\n", encoding="utf-8")
    code = main(PLUGIN + ["glossary", str(glossary)])
    lines = _lines(capsys.readouterr().err)
    assert code == 2 and len(lines) == 1
    assert lines[0].startswith(f"tqa: {glossary}: plugin 'tests.plugins.hostile' failed in tqa_load_glossary")


def test_process_findings_that_raises_keeps_the_findings(xlf, monkeypatch, capsys):
    monkeypatch.setenv("TQA_TEST_RAISE", "tqa_process_findings")
    code = main(PLUGIN + ["check", str(xlf), "-f", "json", "--fail-on", "never"])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    findings = json.loads(captured.out)["findings"]
    tqa001 = [f for f in findings if f["rule_id"] == "TQA001"]
    assert len(tqa001) == 1 and "failed in tqa_process_findings" in tqa001[0]["message"]
    assert len(findings) > 1


def test_a_finding_outside_its_text_is_dropped_with_a_tqa001(xlf, monkeypatch, capsys):
    monkeypatch.setenv("TQA_TEST_RAISE", "bad_span")
    code = main(PLUGIN + ["check", str(xlf), "-f", "json", "--fail-on", "never"])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    findings = json.loads(captured.out)["findings"]
    assert not [f for f in findings if f["rule_id"] == "HST001"]
    dropped = [f for f in findings if f["rule_id"] == "TQA001"]
    assert dropped and all("(plugin tests.plugins.hostile) made a HST001 finding with a target span" in f["message"] for f in dropped)


def test_an_extra_reporter_that_raises_keeps_the_main_report(xlf, capsys):
    main_out, extra_out, third = xlf.parent / "r.json", xlf.parent / "r.broken", xlf.parent / "r.sarif"
    code = main(PLUGIN + ["check", str(xlf), "-f", "json", "-o", str(main_out), "--report", f"broken={extra_out}", "--report", f"sarif={third}", "-q"])
    lines = _lines(capsys.readouterr().err)
    assert code == 2
    assert len(lines) == 1
    assert "the 'broken' reporter (tests.plugins.hostile) failed in render: RuntimeError: cannot render at all" in lines[0]
    assert "(the main report was written)" in lines[0]
    assert json.loads(main_out.read_text(encoding="utf-8"))["findings"]
    assert third.exists() and not extra_out.exists()


@pytest.mark.parametrize("hook", ["tqa_split_sentences", "tqa_alignment_anchors", "tqa_similarity"])
def test_a_helper_hook_that_raises_is_done_without(hook, monkeypatch, capsys):
    monkeypatch.setenv("TQA_TEST_RAISE", hook)
    source, target = ROOT / "samples" / "joint-statement.en.txt", ROOT / "samples" / "joint-statement.vi.txt"
    code = main(PLUGIN + ["align", str(source), str(target), "--source-lang", "en", "--target-lang", "vi"])
    err = capsys.readouterr().err
    assert code == 0, err
    warnings = [line for line in _lines(err) if line.startswith("tqa: warning: plugin 'tests.plugins.hostile'")]
    assert len(warnings) == 1 and f"failed in {hook}" in warnings[0]
