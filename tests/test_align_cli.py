"""`tqa align` and `tqa check --source/--target/--target-only` end to end, on the
worked sample and on bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from lxml import etree

from qa_core.cli import main

ROOT = Path(__file__).resolve().parents[1]
SRC = str(ROOT / "samples" / "joint-statement.vi.txt")
TGT = str(ROOT / "samples" / "joint-statement.en.txt")
LANGS = ["--source-lang", "vi", "--target-lang", "en"]
X = "{urn:oasis:names:tc:xliff:document:2.0}"
M = "{urn:oasis:names:tc:xliff:metadata:2.0}"


def run(args, capsys):
    code = main(["--no-entry-points"] + args)
    out, err = capsys.readouterr()
    return code, out, err


def test_align_writes_xliff_with_link_metadata(tmp_path, capsys):
    out = tmp_path / "out.xlf"
    code, _, err = run(["align", SRC, TGT, *LANGS, "-o", str(out)], capsys)
    assert code == 0, err
    root = etree.parse(str(out)).getroot()
    assert root.get("version") == "2.1" and root.get("srcLang") == "vi" and root.get("trgLang") == "en"
    units = root.findall(f".//{X}unit")
    meta = [{m.get("type"): m.text for m in unit.iter(f"{M}meta")} for unit in units]
    links = [m["align:link"] for m in meta]
    assert links.count("1-0") == 2 and links.count("0-1") == 3 and "1-2" in links and "2-1" in links
    # nothing dropped: every paragraph of both files is in some unit
    src_paragraphs = sum(len(m.get("align:source-paragraphs", "").split(",")) for m in meta if m.get("align:source-paragraphs"))
    tgt_paragraphs = sum(len(m.get("align:target-paragraphs", "").split(",")) for m in meta if m.get("align:target-paragraphs"))
    assert (src_paragraphs, tgt_paragraphs) == (17, 18)
    omitted = [u for u, m in zip(units, meta) if m["align:link"] == "1-0"]
    assert all(u.find(f".//{X}target") is None for u in omitted)
    added = [u for u, m in zip(units, meta) if m["align:link"] == "0-1"]
    assert all((u.find(f".//{X}source").text or "") == "" for u in added)
    assert all(0 <= float(m["align:confidence"]) <= 1 for m in meta)
    assert "written to" in err


def test_check_source_target_findings_carry_both_files(tmp_path, capsys):
    report = tmp_path / "r.json"
    code, _, err = run(["check", "--isolated", "--source", SRC, "--target", TGT, *LANGS, "--format", "json", "-o", str(report)], capsys)
    assert code == 1, err
    data = json.loads(report.read_text(encoding="utf-8"))
    assert not [f for f in data["findings"] if f["rule_id"] == "BAS001"]  # the omission is OMI001's, once
    omissions = [f for f in data["findings"] if f["rule_id"] == "OMI001"]
    assert len(omissions) == 1
    assert omissions[0]["location"]["source"]["line"] == 34
    assert omissions[0]["data"]["source_lines"] == [34, 36]
    assert omissions[0]["location"]["source"]["path"].endswith("joint-statement.vi.txt")


def test_findings_on_linked_units_point_into_both_documents(tmp_path, capsys):
    src = tmp_path / "s.txt"
    tgt = tmp_path / "t.txt"
    src.write_text("Tiêu đề của văn bản\n\nXin chào {name}, hai bên hợp tác.\n", encoding="utf-8")
    tgt.write_text("Title of the document\n\n\n  Hello, the two sides cooperate.\n", encoding="utf-8")
    report = tmp_path / "r.json"
    code, _, err = run(["check", "--isolated", "--source", str(src), "--target", str(tgt), *LANGS, "--format", "json", "-o", str(report)], capsys)
    assert code == 1, err
    finding = next(f for f in json.loads(report.read_text(encoding="utf-8"))["findings"] if f["rule_id"] == "BAS003")
    source, target = finding["location"]["source"], finding["location"]["target"]
    assert source["path"].endswith("s.txt") and (source["line"], source["column"]) == (3, 10)
    assert target["path"].endswith("t.txt") and (target["line"], target["column"]) == (4, 3)


def test_target_only(tmp_path, capsys):
    doc = tmp_path / "t.txt"
    doc.write_text("The two sides cooperate.\n\nThe two sides cooperate  \n", encoding="utf-8")
    code, out, err = run(["check", "--isolated", "--target-only", str(doc), "--target-lang", "en"], capsys)
    assert code == 0, err + out
    assert "2 unit(s)" in out


def test_align_prints_links_without_output(capsys):
    code, out, _ = run(["align", SRC, TGT, *LANGS], capsys)
    assert code == 0
    assert "1-0" in out and "(nothing in the target)" in out


@pytest.mark.parametrize(
    "setup, expected",
    [
        (lambda d: (d / "empty.txt").write_bytes(b""), "the document is empty"),
        (lambda d: (d / "empty.txt").write_bytes(b"\x00\x01\x02binary"), "binary data"),
        (lambda d: (d / "empty.txt").write_bytes(b"H\xe0 N\xf4i\n"), "not UTF-8 text"),
    ],
)
def test_bad_target_is_one_line_exit_2(tmp_path, capsys, setup, expected):
    setup(tmp_path)
    out = tmp_path / "out.xlf"
    code, _, err = run(["align", SRC, str(tmp_path / "empty.txt"), *LANGS, "-o", str(out)], capsys)
    assert code == 2
    assert expected in err and len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert not out.exists()


def test_usage_errors(capsys):
    code, _, err = run(["align", SRC, TGT], capsys)
    assert code == 2 and "--source-lang" in err
    code, _, err = run(["check", "--isolated", "--source", SRC, *LANGS], capsys)
    assert code == 2 and "--source and --target go together" in err
    code, _, err = run(["align", SRC, SRC, *LANGS], capsys)
    assert code == 2 and "same file" in err


def test_declared_language_mismatch_is_reported(tmp_path, capsys):
    code, _, err = run(["align", TGT, SRC, *LANGS], capsys)
    assert code == 0
    assert "looks English (en), not Vietnamese (vi)" in err
    report = tmp_path / "r.json"
    run(["check", "--isolated", "--source", TGT, "--target", SRC, *LANGS, "--format", "json", "-o", str(report)], capsys)
    warnings = [f for f in json.loads(report.read_text(encoding="utf-8"))["findings"] if f["rule_id"] == "TQA002"]
    assert len(warnings) == 2


def test_document_option_choices_agree_with_the_readers_and_aligner():
    """`tqa check` lists these choices without importing the readers and the aligner."""
    from qa_core.align import command, document
    from qa_core.documents import FORMATS

    assert command.FORMATS == FORMATS
    assert command.LEVELS == document.LEVELS
