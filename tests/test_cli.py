"""The command line end to end, through a test plugin that reads `.pairs` files."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from qa_core.cli import main

PLUGIN = ["--plugin", "tests.plugins.tsv_reader"]
ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def at_root(monkeypatch):
    monkeypatch.chdir(ROOT)
    monkeypatch.syspath_prepend(str(ROOT))


def write_pairs(tmp_path, lines, name="doc.pairs"):
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def run_cli(args, capsys):
    code = main(PLUGIN + ["--no-entry-points"] + args)
    out, err = capsys.readouterr()
    return code, out, err


def test_clean_file_exits_zero(tmp_path, capsys):
    path = write_pairs(tmp_path, ["Hai nước\tThe two countries"])
    code, out, err = run_cli(["check", "--isolated", str(path)], capsys)
    assert code == 0, err
    assert "No findings" in out


def test_findings_exit_one_and_fail_on(tmp_path, capsys):
    path = write_pairs(tmp_path, ["Hai nước\t-", "Xin chào %s\tHello"])
    code, out, _ = run_cli(["check", "--isolated", str(path)], capsys)
    assert code == 1
    assert "BAS001" in out and "BAS003" in out
    code, _, _ = run_cli(["check", "--isolated", "--fail-on", "critical", str(path)], capsys)
    assert code == 0


def test_json_report_validates_against_tqa_schema(tmp_path, capsys):
    path = write_pairs(tmp_path, ["Hai nước\t-", "Giá %d đồng\tPrice %s dong"])
    report = tmp_path / "r.json"
    code, _, _ = run_cli(["check", "--isolated", str(path), "--format", "json", "-o", str(report)], capsys)
    assert code == 1
    code, schema_text, _ = run_cli(["schema"], capsys)
    assert code == 0
    data = json.loads(report.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(json.loads(schema_text)).validate(data)
    assert data["summary"]["findings"] == len(data["findings"]) == 2
    finding = next(f for f in data["findings"] if f["rule_id"] == "BAS003")
    assert finding["severity"] == "critical"
    assert finding["location"]["target"]["line"] == 2
    assert finding["location"]["source"]["span"] == [4, 6]
    assert len(finding["fingerprint"]) == 32


def test_crashing_check_becomes_a_finding_and_the_run_goes_on(tmp_path, capsys):
    path = write_pairs(tmp_path, ["CRASH here\tx", "FLAG here\ty"])
    code, out, _ = run_cli(["check", "--isolated", "--select", "TQA001,TST001", str(path)], capsys)
    assert code == 1
    assert "TQA001" in out and "Check 'fragile' failed on unit 'l1': ZeroDivisionError: boom" in out
    assert "TST001" in out


def test_input_error_is_one_line_and_exit_two(tmp_path, capsys):
    path = write_pairs(tmp_path, ["no tab here"])
    report = tmp_path / "r.json"
    code, out, err = run_cli(["check", "--isolated", str(path), "-f", "json", "-o", str(report)], capsys)
    assert code == 2
    assert err.strip() == f"tqa: {path}:1:1: expected source<TAB>target"
    assert "Traceback" not in err
    assert not report.exists()


def test_missing_empty_folder_unknown(tmp_path, capsys):
    code, _, err = run_cli(["check", str(tmp_path / "nope.xlf")], capsys)
    assert code == 2 and "no such file" in err
    empty = tmp_path / "empty.pairs"
    empty.write_text("")
    code, _, err = run_cli(["check", str(empty)], capsys)
    assert code == 2 and "the file is empty" in err
    folder = tmp_path / "folder"
    folder.mkdir()
    (folder / "notes.bin").write_bytes(b"\x00\x01")
    code, _, err = run_cli(["check", str(folder)], capsys)
    assert code == 2 and "no supported files" in err
    code, _, err = run_cli(["check", str(folder / "notes.bin")], capsys)
    assert code == 2 and "unknown format; known formats:" in err and "pairs (.pairs)" in err


def test_folder_is_walked(tmp_path, capsys):
    folder = tmp_path / "repo"
    (folder / "sub").mkdir(parents=True)
    write_pairs(folder, ["Hai\t-"], "a.pairs")
    write_pairs(folder / "sub", ["Ba\t-"], "b.pairs")
    code, out, _ = run_cli(["check", "--isolated", "-f", "json", str(folder)], capsys)
    assert code == 1
    data = json.loads(out)
    assert len(data["inputs"]) == 2 and data["summary"]["findings"] == 2


def test_jobs_give_the_same_findings(tmp_path, capsys):
    for index in range(4):
        write_pairs(tmp_path, [f"Giá {index} %d\tPrice", "Hai\t-"], f"f{index}.pairs")
    # the basic plugin's rules only: the count below is theirs ("Giá 0" → "Price" is also a NUM001)
    _, serial, _ = run_cli(["check", "--isolated", "--select", "BAS", "-f", "json", str(tmp_path)], capsys)
    _, parallel, _ = run_cli(["check", "--isolated", "--select", "BAS", "-f", "json", "-j", "2", str(tmp_path)], capsys)
    strip = lambda d: [(f["fingerprint"], f["message"]) for f in json.loads(d)["findings"]]  # noqa: E731
    assert strip(serial) == strip(parallel) and len(strip(serial)) == 8


def test_usage_errors(tmp_path, capsys):
    path = write_pairs(tmp_path, ["Hai\tTwo"])
    code, _, err = run_cli(["check", "--isolated", "--select", "NOPE999", str(path)], capsys)
    assert code == 2 and "names no rule" in err
    code, _, err = run_cli(["check", "--isolated", "--set", "nocheck.x=1", str(path)], capsys)
    assert code == 2 and "names no loaded check" in err
    code, _, err = run_cli(["check", "--isolated", "-f", "yaml", str(path)], capsys)
    assert code == 2 and "'--format' must be one of" in err


def test_rule_and_rules_and_plugins(capsys):
    code, out, _ = run_cli(["rules"], capsys)
    assert code == 0 and "BAS003  placeholder-mismatch" in out
    code, out, _ = run_cli(["rule", "placeholder-mismatch"], capsys)
    assert code == 0 and "## What it checks" in out and "styles" in out
    code, out, _ = run_cli(["plugins"], capsys)
    assert code == 0 and "tqa_plugins.basic" in out and "tests.plugins.tsv_reader" in out


def test_console_script_runs_without_traceback(tmp_path):
    """The installed `tqa` entry point, as a user runs it."""
    result = subprocess.run(
        [sys.executable, "-m", "qa_core", "check", str(tmp_path / "missing.xlf")],
        capture_output=True, text=True, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert result.returncode == 2
    assert result.stderr.strip().startswith("tqa: ") and "Traceback" not in result.stderr
