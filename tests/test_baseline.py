"""Baselines end to end: write one, then later runs fail only on new findings and
report stale entries; --no-suppress audits everything; broken baselines are input
errors. Uses the `.pairs` test reader (tests/plugins/tsv_reader.py)."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from qa_core.cli import main
from qa_core.suppression import baseline_schema

ROOT = Path(__file__).resolve().parents[1]
PLUGIN = ["--plugin", "tests.plugins.tsv_reader", "--no-entry-points"]


@pytest.fixture()
def work(tmp_path, monkeypatch):
    """Run in a temporary folder (paths in fingerprints are relative to it), with the
    test plugin importable."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.syspath_prepend(str(ROOT))
    return tmp_path


def pairs(path: Path, lines: list[str]) -> None:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def tqa(capsys, *args):
    code = main(PLUGIN + list(args))
    out, err = capsys.readouterr()
    return code, out, err


OLD = ["Hai nước\t-", "Xin chào %s\tHello", "Giá %d đồng\tGiá %s đồng"]


def test_write_then_only_new_findings_fail(work, capsys):
    pairs(work / "doc.pairs", OLD)
    code, out, err = tqa(capsys, "check", "--isolated", "doc.pairs", "--write-baseline", "tqa-baseline.json")
    assert code == 0, err
    assert "wrote 3 finding(s) to the baseline tqa-baseline.json" in err
    data = json.loads((work / "tqa-baseline.json").read_text(encoding="utf-8"))
    jsonschema.validate(data, baseline_schema())
    assert [(e["rule"], e["unit"], e["file"]) for e in data["findings"]] == [
        ("BAS001", "l1", "doc.pairs"), ("BAS003", "l2", "doc.pairs"), ("BAS003", "l3", "doc.pairs")]
    assert all(e["message"] for e in data["findings"])

    code, out, err = tqa(capsys, "check", "--isolated", "doc.pairs", "--baseline", "tqa-baseline.json")
    assert code == 0, out
    assert "No findings" in out

    # a new problem in another line counts; the baselined ones stay hidden
    pairs(work / "doc.pairs", OLD + ["Tổng %d văn bản\tTotal documents"])
    code, out, err = tqa(capsys, "check", "--isolated", "doc.pairs", "--baseline", "tqa-baseline.json", "--format", "json")
    assert code == 1
    report = json.loads(out)
    assert [(f["rule_id"], f["location"]["unit_id"]) for f in report["findings"]] == [("BAS003", "l4")]

    # --no-suppress shows everything again
    code, out, err = tqa(capsys, "check", "--isolated", "doc.pairs", "--baseline", "tqa-baseline.json", "--no-suppress", "--statistics")
    assert code == 1
    assert out.startswith("3  BAS003")


def test_fixed_problems_become_stale_entries(work, capsys):
    pairs(work / "doc.pairs", OLD)
    assert tqa(capsys, "check", "--isolated", "doc.pairs", "--write-baseline", "b.json")[0] == 0
    pairs(work / "doc.pairs", ["Hai nước\tThe two countries", "Xin chào %s\tHello %s", "Giá %d đồng\tGiá %s đồng"])
    code, out, err = tqa(capsys, "check", "--isolated", "doc.pairs", "--baseline", "b.json", "--format", "json")
    assert code == 0  # stale entries are info: they never fail a run
    findings = json.loads(out)["findings"]
    assert sorted((f["rule_id"], f["severity"], f["location"]["unit_id"]) for f in findings) == [
        ("TQA011", "info", "l1"), ("TQA011", "info", "l2")]
    assert "rewrite the baseline with --write-baseline" in findings[0]["message"]
    # rewriting drops them
    assert tqa(capsys, "check", "--isolated", "doc.pairs", "--baseline", "b.json", "--write-baseline", "b.json")[0] == 0
    assert len(json.loads((work / "b.json").read_text(encoding="utf-8"))["findings"]) == 1
    code, out, _ = tqa(capsys, "check", "--isolated", "doc.pairs", "--baseline", "b.json")
    assert code == 0 and "No findings" in out


def test_baseline_counts_findings_that_share_a_fingerprint(work):
    """Two findings with one fingerprint (same rule, unit and matched text): a
    baseline that saw one of them hides only one."""
    from qa_core.config import Config
    from qa_core.findings import Finding, Location, SideLocation, Span
    from qa_core.model import Document
    from qa_core.rules import Severity
    from qa_core.suppression import apply, write_baseline

    def finding():
        side = SideLocation("doc.xlf", 3, 5, span=Span(4, 6), text="%d")
        return Finding("BAS003", "placeholder-mismatch", Severity.MAJOR, "Design and markup/Markup tag",
                       "Placeholder '%d' in the target is not in the source.", Location("doc.xlf", "u1", target=side))

    assert finding().fingerprint == finding().fingerprint
    write_baseline("b.json", [finding()], "0")
    document = Document("doc.xlf", "test", lambda: iter(()))
    config = Config()
    config.checks["suppression"] = {"baseline": "b.json"}
    assert apply(document, [finding()], config) == []
    assert apply(document, [finding(), finding()], config) == [finding()]
    write_baseline("b.json", [finding(), finding()], "0")
    assert json.loads((work / "b.json").read_text(encoding="utf-8"))["findings"][0]["count"] == 2
    config = Config()
    config.checks["suppression"] = {"baseline": "b.json"}
    left = apply(document, [finding()], config)
    assert [f.rule_id for f in left] == ["TQA011"] and "(1 of 2 no longer occur)" in left[0].message


def test_entries_of_unchecked_files_are_not_stale(work, capsys):
    pairs(work / "a.pairs", OLD)
    pairs(work / "b.pairs", ["Hai nước\t-"])
    assert tqa(capsys, "check", "--isolated", "a.pairs", "b.pairs", "--write-baseline", "base.json")[0] == 0
    code, out, _ = tqa(capsys, "check", "--isolated", "b.pairs", "--baseline", "base.json")
    assert code == 0 and "No findings" in out


def test_baseline_from_the_configuration_file(work, capsys):
    pairs(work / "doc.pairs", OLD)
    assert tqa(capsys, "check", "--isolated", "doc.pairs", "--write-baseline", "tqa-baseline.json")[0] == 0
    (work / "tqa.toml").write_text('[suppression]\nbaseline = "tqa-baseline.json"\n', encoding="utf-8")
    code, out, _ = tqa(capsys, "check", "doc.pairs")
    assert code == 0, out
    code, out, _ = tqa(capsys, "check", "doc.pairs", "--no-suppress")
    assert code == 1


@pytest.mark.parametrize(
    "content, message",
    [
        ("{not json", "the baseline is not JSON"),
        ('{"tool": "tqa", "version": 1, "findings": [{"rule": "BAS003"}]}', "not a tqa baseline at findings/0"),
        ('{"tool": "other", "version": 1, "findings": []}', "not a tqa baseline"),
    ],
)
def test_broken_baseline_is_an_input_error(work, capsys, content, message):
    pairs(work / "doc.pairs", OLD)
    (work / "b.json").write_text(content, encoding="utf-8")
    code, out, err = tqa(capsys, "check", "--isolated", "doc.pairs", "--baseline", "b.json", "-o", "out.txt")
    assert code == 2
    assert err.startswith("tqa: b.json") and message in err
    assert len(err.strip().splitlines()) == 1
    assert not (work / "out.txt").exists()


def test_missing_baseline(work, capsys):
    pairs(work / "doc.pairs", OLD)
    code, _, err = tqa(capsys, "check", "--isolated", "doc.pairs", "--baseline", "nope.json")
    assert code == 2 and "no such baseline file" in err


def test_baseline_with_jobs(work, capsys):
    for name in ("a", "b", "c"):
        pairs(work / f"{name}.pairs", OLD)
    assert tqa(capsys, "check", "--isolated", ".", "--write-baseline", "b.json")[0] == 0
    pairs(work / "c.pairs", OLD + ["Tổng %d\tTotal"])
    code, out, _ = tqa(capsys, "check", "--isolated", ".", "--baseline", "b.json", "-j", "2", "--format", "json")
    assert code == 1
    assert [(f["location"]["file"], f["location"]["unit_id"]) for f in json.loads(out)["findings"]] == [("c.pairs", "l4")]


def test_entries_of_rules_that_did_not_run_are_not_stale(work, capsys):
    """Issue 20: with BAS003 ignored (on the command line or in the configuration),
    its baseline entries match nothing but nothing was fixed either: no TQA011."""
    pairs(work / "doc.pairs", OLD)
    assert tqa(capsys, "check", "--isolated", "doc.pairs", "--write-baseline", "b.json")[0] == 0
    code, out, _ = tqa(capsys, "check", "--isolated", "doc.pairs", "--baseline", "b.json", "--ignore", "BAS003", "--format", "json")
    assert code == 0 and json.loads(out)["findings"] == [], out
    (work / "tqa.toml").write_text('ignore = ["BAS003"]\n[suppression]\nbaseline = "b.json"\n', encoding="utf-8")
    code, out, _ = tqa(capsys, "check", "doc.pairs", "--format", "json")
    assert code == 0 and json.loads(out)["findings"] == [], out
    # a rule that ran and no longer finds anything still makes its entry stale
    pairs(work / "doc.pairs", ["Hai nước\tThe two countries"] + OLD[1:])
    code, out, _ = tqa(capsys, "check", "doc.pairs", "--format", "json")
    assert [(f["rule_id"], f["data"]["rule"]) for f in json.loads(out)["findings"]] == [("TQA011", "BAS001")]
