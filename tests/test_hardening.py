"""Regression cases of the fuzzing and fault-injection runs (issues 15, 22, 23, 24):
every hostile or broken input gets one line naming the file and place and exit 2 (or
a clean run), never a traceback; limits refuse before the work; quadratic paths are
linear (the work is counted, not timed). The inputs in tests/fuzz/regressions were
written for these tests; the fuzzing suite (tests/fuzz) is seeded with them too."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from qa_core.cli import main

ROOT = Path(__file__).resolve().parents[1]
CASES = Path(__file__).resolve().parent / "fuzz" / "regressions"
DATA = Path(__file__).resolve().parent / "data"


def _run(capsys, args):
    code = main(args)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _line(err: str) -> str:
    assert "Traceback" not in err
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    return lines[0]


# (file in tests/fuzz/regressions, how it is read, what the one line says)
REGRESSIONS = [
    ("docx-no-body.docx", "document", "!word/document.xml:1: not a Word document: <w:document> has no <w:body>"),
    ("docx-other-root.docx", "document", "the root element is <notes>, expected <w:document>"),
    ("docx-malformed.docx", "document", "!word/document.xml:3:23: malformed XML: Opening and ending tag mismatch"),
    ("docx-entity.docx", "document", "refused: the DOCTYPE declares entities ('co')"),
    ("html-entity.html", "document", ":1: refused: the DOCTYPE declares entities ('co')"),
    ("tbx-bad-bytes.tbx", "glossary", "cannot decode the file in its declared encoding"),
    ("tbx-utf7-entity.tbx", "glossary", ":2: refused: the DOCTYPE declares entities ('co')"),
    ("tsv-utf16be-truncated.tsv", "glossary", ":3: cannot be read as UTF-16"),
    ("po-utf16-header-no-bom.po", "check", ":3: the header declares charset 'UTF-16', but the file is not UTF-16"),
    ("po-cp1251-mutated.po", "check", ":9:18: cannot decode as cp1251: byte 0x98"),
    ("ts-empty-numerus.ts", "check", ":5: translate-toolkit cannot read unit 'Main%n file(s)' as ts"),
    ("ts-entity-comment.ts", "check", ":3: refused: the DOCTYPE declares entities ('co')"),
    ("xliff-entity-comment.xlf", "check", ":3: refused: the DOCTYPE declares entities ('co')"),
    ("xliff-undeclared-entity.xlf", "check", ":3:147: refused: a reference to the entity '&co;'"),
    ("tmx-parameter-entity.tmx", "check", ":2: refused: the DOCTYPE declares entities ('ext')"),
    # found by the fuzzing suite's long run
    ("docx-bad-deflate.docx", "document", "![Content_Types].xml: damaged package member: Error -3 while decompressing data"),
    ("yaml-nul.yaml", "glossary", ": invalid YAML: unacceptable character #x0000: special characters are not allowed in"),
    ("toml-huge-integer.toml", "config", ": invalid TOML: Exceeds the limit (4300 digits) for integer string conversion"),
]


@pytest.mark.parametrize("name, how, expected", REGRESSIONS, ids=[r[0] for r in REGRESSIONS])
def test_regression_input_is_one_line_exit_2(name, how, expected, tmp_path, capsys):
    path = tmp_path / name
    shutil.copy(CASES / name, path)
    before = path.read_bytes()
    if how == "document":
        args = ["check", "--target-only", str(path), "--target-lang", "de", "-q"]
    elif how == "glossary":
        args = ["glossary", str(path)]
    elif how == "config":
        args = ["check", str(DATA / "joint_statement.xlf"), "--config", str(path), "-q"]
    else:
        args = ["check", str(path), "-q"]
    code, _out, err = _run(capsys, args)
    assert code == 2
    line = _line(err)
    assert line.startswith(f"tqa: {path}")
    assert expected in line
    assert path.read_bytes() == before


def test_every_regression_input_has_a_case():
    clean = {"md-front-matter-spaces.md"}  # read cleanly (it was a hang): its own test below
    assert {p.name for p in CASES.iterdir()} == {r[0] for r in REGRESSIONS} | clean


# ---------------------------------------------------------------------------
# saved reports (tqa report)
# ---------------------------------------------------------------------------


@pytest.fixture()
def saved_report(tmp_path):
    shutil.copy(DATA / "joint_statement.xlf", tmp_path / "app.xlf")
    out = tmp_path / "r.json"
    assert main(["check", str(tmp_path / "app.xlf"), "-f", "json", "-o", str(out), "--fail-on", "never", "-q"]) == 0
    return out


def test_report_with_a_lone_surrogate_is_refused(saved_report, capsys):
    data = json.loads(saved_report.read_text(encoding="utf-8"))
    data["findings"][0]["message"] = "broken \ud800 text"
    saved_report.write_text(json.dumps(data), encoding="utf-8")  # ensure_ascii writes the escape
    code, _out, err = _run(capsys, ["report", str(saved_report), "-f", "text"])
    assert code == 2
    assert "the string at findings/0/message holds a lone surrogate" in _line(err)


def test_sarif_of_a_finding_whose_rule_is_not_listed(saved_report, capsys):
    data = json.loads(saved_report.read_text(encoding="utf-8"))
    data["findings"][0]["rule_id"] = "TQA002"
    data["rules"].pop("TQA002", None)
    saved_report.write_text(json.dumps(data), encoding="utf-8")
    code, out, err = _run(capsys, ["report", str(saved_report), "-f", "sarif"])
    assert code in (0, 1), err
    sarif = json.loads(out)
    ids = [r["id"] for r in sarif["runs"][0]["tool"]["driver"]["rules"]]
    assert "TQA002" in ids


# ---------------------------------------------------------------------------
# limits
# ---------------------------------------------------------------------------


def _bomb(path: Path, megabytes: int) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w", force_zip64=True) as member:
            chunk = b" " * (1 << 20)
            for _ in range(megabytes):
                member.write(chunk)


def test_a_decompression_bomb_is_refused_before_inflating(tmp_path, capsys):
    path = tmp_path / "bomb.docx"
    _bomb(path, 40)
    code, _out, err = _run(capsys, ["check", "--target-only", str(path), "--target-lang", "en", "--limit", "archive_size=16M"])
    assert code == 2
    assert "refused: the package inflates to more than 16.0 MiB (possible decompression bomb)" in _line(err)
    code, _out, err = _run(capsys, ["check", "--target-only", str(path), "--target-lang", "en", "--limit", "archive_size=1G"])
    assert code == 2
    assert "member 'word/document.xml' inflates" in _line(err) and "--limit archive_ratio=N" in err


def test_limits_refuse_too_many_members(tmp_path, capsys):
    path = tmp_path / "many.docx"
    with zipfile.ZipFile(path, "w") as archive:
        for index in range(30):
            archive.writestr(f"m{index}.xml", "<a/>")
    code, _out, err = _run(capsys, ["check", "--target-only", str(path), "--target-lang", "en", "--limit", "archive_entries=20"])
    assert code == 2 and "holds 30 members, more than the limit of 20" in _line(err)


def test_a_bad_limit_is_a_usage_error(capsys):
    code, _out, err = _run(capsys, ["check", "x.po", "--limit", "nonsense=3"])
    assert code == 2 and "'--limit' must be NAME=VALUE" in _line(err)


def _po(path: Path, source: str, target: str) -> None:
    path.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        f'msgid "{source}"\nmsgstr "{target}"\n',
        encoding="utf-8",
    )


def test_a_unit_over_the_character_limit_is_a_tqa003_finding(tmp_path, capsys):
    path = tmp_path / "big.po"
    _po(path, "Total", "1,000.50 " * 200)
    code, out, err = _run(capsys, ["check", str(path), "-f", "json", "--limit", "unit_chars=1000", "--fail-on", "never"])
    assert code == 0, err
    findings = json.loads(out)["findings"]
    assert [f["rule_id"] for f in findings] == ["TQA003"]
    assert "over the limit 'unit_chars' of 1,000" in findings[0]["message"]


# ---------------------------------------------------------------------------
# quadratic paths, made linear: counted, not timed
# ---------------------------------------------------------------------------


def test_many_findings_in_one_po_unit_map_the_string_once(tmp_path, open_doc):
    from qa_core.check import CheckContext
    from qa_core.config import Config
    from qa_core.engine import Engine
    from qa_core.findings import Span

    path = tmp_path / "numbers.po"
    _po(path, "Total", "1,000.50 " * 8000)
    document = open_doc(path)
    unit = [u for u in document.units() if u.id != ""][-1]
    locator = document.locator
    for index in range(0, 8000 * 9, 9):
        document.locate(unit, "target", index, index + 8)
        document.locate(unit, "source", 0, 5)
    assert locator.scans == 2  # each string mapped once, not 16,000 times
    assert isinstance(CheckContext(document, Engine(), Config()).location(unit, None, Span(0, 8)).target.line, int)


def test_ten_thousand_placeholders_are_claimed_by_bisection():
    from qa_core import text

    calls = 0
    real = text.bisect.bisect_right

    def counting(*args):
        nonlocal calls
        calls += 1
        return real(*args)

    text.bisect.bisect_right = counting
    try:
        found = text.placeholders("%s " * 10_000)
    finally:
        text.bisect.bisect_right = real
    assert len(found) == 10_000
    assert calls <= 2 * 10_000


def test_ten_thousand_changed_placeholders_finish(tmp_path, capsys):
    """10k %s -> %d in one unit took 17 s (quadratic pairing); now it is one pass, and the
    10,000 identical type changes of one unit are one finding (one per problem)."""
    path = tmp_path / "printf.po"
    _po(path, "%s " * 10_000, "%d " * 10_000)
    code, out, err = _run(capsys, ["check", str(path), "--select", "BAS003", "--statistics"])
    assert code in (0, 1), err
    assert "1 finding(s)" in out and "critical" in out


def test_a_tbx_whose_doctype_never_closes_is_parsed_once(tmp_path, capsys):
    path = tmp_path / "open.tbx"
    path.write_text('<?xml version="1.0"?>\n<!DOCTYPE martif [\n' + "<!-- x -->\n" * 400_000, encoding="utf-8")
    code, _out, err = _run(capsys, ["glossary", str(path)])
    assert code == 2
    assert "not well-formed XML" in _line(err)


def test_a_long_single_line_po_unit_is_read_whole(tmp_path, open_doc):
    """A line longer than the reader's block is joined once (it was re-joined at every
    block: quadratic on a 1 GB single-line unit)."""
    from qa_core.readers import po

    path = tmp_path / "long.po"
    _po(path, "x", "y" * (4 * po._BLOCK + 17))
    units = list(open_doc(path).units())
    assert len(units[-1].target.text) == 4 * po._BLOCK + 17


HANG_GUARD = 300  # seconds: a hang guard for the subprocess, not a speed assertion


def test_a_million_inline_codes_in_one_xliff_unit(tmp_path):
    path = tmp_path / "ph.xlf"
    codes = "".join(f'<ph id="p{n}"/>' for n in range(200_000))
    path.write_text(
        '<?xml version="1.0"?>\n<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en" trgLang="de">'
        f'<file id="f"><unit id="u"><segment><source>a{codes}</source><target>b{codes}</target></segment></unit></file></xliff>\n',
        encoding="utf-8",
    )
    result = subprocess.run(
        [sys.executable, "-m", "qa_core.cli", "check", str(path), "-f", "json", "--fail-on", "never"],
        capture_output=True, text=True, timeout=HANG_GUARD, cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    findings = json.loads(result.stdout)["findings"]
    assert [f["rule_id"] for f in findings] == ["TQA003"]
    assert "200,000 inline codes" in findings[0]["message"]


def test_front_matter_with_a_long_run_of_spaces_is_read_in_one_pass(open_doc):
    """'title: A<40,000 spaces>B' took 25 s (a lazy group before trailing spaces
    backtracked quadratically; found by the fuzzing suite). Counted: one match call."""
    from qa_core.documents import markdown, read_document

    calls = 0
    real = markdown._FRONT_KEY

    class Counting:
        def match(self, text):
            nonlocal calls
            calls += 1
            return real.match(text)

    markdown._FRONT_KEY = Counting()
    try:
        document = read_document(str(CASES / "md-front-matter-spaces.md"))
    finally:
        markdown._FRONT_KEY = real
    assert document.paragraphs[0].text.startswith("A ") and document.paragraphs[0].text.endswith("B")
    assert calls == 1


def test_numbers_of_a_table_sized_unit_are_matched_in_one_pass(monkeypatch):
    """Thousands of quantities in one unit: pairwise matching would take time growing with
    the product of the counts; values are matched by equality instead (no pairwise test)."""
    from tqa_plugins.numbers import matching
    from qa_core.quantities import extract

    calls = []
    real = matching._same
    monkeypatch.setattr(matching, "_same", lambda *a: calls.append(1) or real(*a))
    source = extract("Total " + "1,000.50 " * 2000, "en")
    target = extract("Tổng " + "1.000,50 " * 1999 + "7", "vi")
    issues = matching.compare(source, target)
    assert not calls
    assert 1 <= len(issues) <= 3  # the one changed amount, not thousands


# ---------------------------------------------------------------------------
# input_bytes, codes capped in the readers
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("command", [
    ["check", "{path}"],
    ["check", "--target-only", "{path}", "--target-lang", "en"],
])
def test_an_input_over_input_bytes_is_refused_before_it_is_read(tmp_path, capsys, monkeypatch, command):
    path = tmp_path / "big.po"
    _po(path, "Total", "x" * 5000)
    opened = []
    real_open = open

    def spy(file, *args, **kwargs):
        if str(file) == str(path):
            opened.append(file)
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr("builtins.open", spy)
    args = [part.replace("{path}", str(path)) for part in command]
    code, _out, err = _run(capsys, args + ["--limit", "input_bytes=4k"])
    line = _line(err)
    assert code == 2 and str(path) in line
    assert f"the file is {path.stat().st_size:,} bytes, over the limit 'input_bytes' of 4,096 bytes" in line
    assert "--limit input_bytes=N" in line
    assert opened == []  # refused from its size, nothing read


def test_input_bytes_raised_or_off_reads_the_file(tmp_path, capsys):
    path = tmp_path / "big.po"
    _po(path, "Total", "Summe " * 1000)
    for limit in ("input_bytes=1M", "input_bytes=0"):
        code, _out, err = _run(capsys, ["check", str(path), "--limit", limit, "--fail-on", "never"])
        assert code == 0, err


def _xliff(version: str, source: str, target: str) -> str:
    if version == "2":
        return ('<?xml version="1.0"?>\n<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en" trgLang="de">'
                f'<file id="f"><unit id="u"><segment><source>{source}</source><target>{target}</target></segment></unit></file></xliff>\n')
    return ('<?xml version="1.0"?>\n<xliff xmlns="urn:oasis:names:tc:xliff:document:1.2" version="1.2"><file original="f" '
            'source-language="en" target-language="de" datatype="plaintext"><body><trans-unit id="u">'
            f'<source>{source}</source><target>{target}</target></trans-unit></body></file></xliff>\n')


@pytest.mark.parametrize("version,code", [("2", '<ph id="p{n}"/>'), ("1.2", '<x id="p{n}"/>')])
def test_the_readers_build_no_codes_past_the_cap_and_the_unit_is_still_tqa003(tmp_path, capsys, open_doc, monkeypatch, version, code):
    """A side with more than twice `unit_codes` codes is trimmed by the reader and its
    codes are counted, not built (the unit is not checked), so a unit of a million
    codes costs no Python objects; the count in TQA003 stays exact."""
    path = tmp_path / "codes.xlf"
    codes = "".join(code.format(n=n) for n in range(500))
    path.write_text(_xliff(version, "a" + codes, "b" + codes), encoding="utf-8")
    monkeypatch.setenv("TQA_LIMITS", "unit_codes=100")
    unit = next(u for u in open_doc(path).units() if u.id == "u")
    assert unit.source.codes == () and unit.source.omitted_codes == 500
    assert unit.target.codes == () and unit.target.omitted_codes == 500
    code_, out, err = _run(capsys, ["check", str(path), "-f", "json", "--fail-on", "never"])
    assert code_ == 0, err
    findings = json.loads(out)["findings"]
    assert [f["rule_id"] for f in findings] == ["TQA003"]
    assert "has 500 inline codes, over the limit 'unit_codes' of 100" in findings[0]["message"]


@pytest.mark.parametrize("version,code", [("2", '<ph id="p{n}"/>'), ("1.2", '<x id="p{n}"/>')])
def test_a_unit_within_the_code_limit_is_read_whole_and_checked(tmp_path, capsys, open_doc, monkeypatch, version, code):
    path = tmp_path / "codes.xlf"
    codes = "".join(code.format(n=n) for n in range(100))
    path.write_text(_xliff(version, "a" + codes, "b" + codes), encoding="utf-8")
    monkeypatch.setenv("TQA_LIMITS", "unit_codes=100")
    unit = next(u for u in open_doc(path).units() if u.id == "u")
    assert len(unit.source.codes) == 100 and unit.source.omitted_codes == 0
    code_, out, err = _run(capsys, ["check", str(path), "-f", "json", "--fail-on", "never"])
    assert code_ == 0, err
    assert "TQA003" not in [f["rule_id"] for f in json.loads(out)["findings"]]


@pytest.mark.parametrize("version,code,per,reader", [
    ("2", '<ph id="p{n}"/>x', 1, "xliff2"),
    ("2", '<pc id="c{n}">y<ph id="p{n}"/></pc>x', 3, "xliff2"),
    ("1.2", '<x id="p{n}"/>x', 1, "xliff1"),
    ("1.2", '<g id="g{n}">y<x id="p{n}"/></g>x', 3, "xliff1"),
])
def test_the_readers_tree_holds_no_code_elements_past_the_cap(tmp_path, open_doc, monkeypatch, version, code, per, reader):
    """Past twice `unit_codes`, code elements are removed from the parsed tree as soon as
    they end (1M <ph/> were a 640-MiB tree): the element the reader turns into content
    holds at most the cap, and the count stays exact."""
    path = tmp_path / "codes.xlf"
    codes = "".join(code.format(n=n) for n in range(500))
    path.write_text(_xliff(version, "a" + codes, "b" + codes), encoding="utf-8")
    monkeypatch.setenv("TQA_LIMITS", "unit_codes=50")
    sizes = []
    if reader == "xliff2":
        from qa_core.readers.xliff2 import Xliff2Reader as owner
        name = "_content"
    else:
        from qa_core.readers.xliff1 import Xliff1Reader as owner
        name = "_content"
    real = getattr(owner, name)

    def spy(self, element, *args):
        sizes.append(sum(1 for _ in element.iter()) - 1)
        return real(self, element, *args)

    monkeypatch.setattr(owner, name, spy)
    unit = next(u for u in open_doc(path).units() if u.id == "u")
    assert sizes and max(sizes) <= 100 + 2  # the cap (2 x 50), and one pair left open
    for side in (unit.source, unit.target):
        assert len(side.codes) + side.omitted_codes == 500 * per


# ---------------------------------------------------------------------------
# limits in the configuration file
# ---------------------------------------------------------------------------


def _project(tmp_path: Path, limits: str) -> Path:
    (tmp_path / "pyproject.toml").write_text(f'[tool.tqa]\nfail-on = "never"\n{limits}\n', encoding="utf-8")
    path = tmp_path / "big.po"
    _po(path, "Total", "Summe " * 300)
    return path


def _rules(out: str) -> list[str]:
    return [f["rule_id"] for f in json.loads(out)["findings"]]


def test_limits_in_the_configuration_file_apply(tmp_path, capsys, monkeypatch):
    path = _project(tmp_path, 'limits = {unit-chars = "1k"}')
    monkeypatch.chdir(tmp_path)
    code, out, err = _run(capsys, ["check", "big.po", "-f", "json"])
    assert code == 0, err
    assert _rules(out) == ["TQA003"]
    # the same with a [tool.tqa.limits] table and the --limit spelling of the name
    (tmp_path / "pyproject.toml").write_text('[tool.tqa]\nfail-on = "never"\n\n[tool.tqa.limits]\nunit_chars = 1000\n', encoding="utf-8")
    code, out, err = _run(capsys, ["check", str(path), "-f", "json"])
    assert _rules(out) == ["TQA003"]
    import os
    assert "TQA_LIMITS" not in os.environ  # for this command only


def test_the_command_line_and_the_environment_beat_the_file(tmp_path, capsys, monkeypatch):
    _project(tmp_path, 'limits = {unit-chars = "1k"}')
    monkeypatch.chdir(tmp_path)
    code, out, err = _run(capsys, ["check", "big.po", "-f", "json", "--limit", "unit_chars=1M"])
    assert "TQA003" not in _rules(out)
    monkeypatch.setenv("TQA_LIMITS", "unit_chars=0")
    code, out, err = _run(capsys, ["check", "big.po", "-f", "json"])
    assert "TQA003" not in _rules(out)


def test_input_bytes_from_the_file_names_the_input(tmp_path, capsys, monkeypatch):
    _project(tmp_path, "limits = {input-bytes = 1000}")
    monkeypatch.chdir(tmp_path)
    code, _out, err = _run(capsys, ["check", "big.po"])
    line = _line(err)
    assert code == 2 and "big.po: refused: the file is" in line and "'input_bytes' of 1,000 bytes" in line


@pytest.mark.parametrize("limits,line,says", [
    ('limits = {unit-chars = "lots"}', 3, "'limits.unit-chars' must be a whole number (0: no limit), with k, M or G for sizes (got 'lots')"),
    ("limits = {unit-chars = -1}", 3, "'limits.unit-chars' must be a whole number"),
    ("\n[tool.tqa.limits]\nunit-chars = 5\nbogus = 3", 6, "unknown key 'limits.bogus' (known here: archive-entries, archive-ratio, archive-size, input-bytes,"),
    ('limits = "5M"', 3, "'limits' must be of type object"),
])
def test_a_bad_limit_in_the_file_names_key_and_line(tmp_path, capsys, monkeypatch, limits, line, says):
    _project(tmp_path, limits)
    monkeypatch.chdir(tmp_path)
    code, _out, err = _run(capsys, ["check", "big.po"])
    text = _line(err)
    assert code == 2 and f"pyproject.toml:{line}: " in text and says in text


def test_every_limit_can_be_set_in_the_file():
    from dataclasses import fields

    from qa_core.config import CORE_KEYS
    from qa_core.limits import Limits

    names = {f.name for f in fields(Limits)}
    assert set(CORE_KEYS["limits"]["properties"]) == names | {n.replace("_", "-") for n in names}


def test_a_unit_read_in_part_is_never_written_back(tmp_path, capsys, monkeypatch):
    """Write-back rewrites units from what was read: a unit whose codes past the cap were
    not kept is refused, naming the setting, and no output is left."""
    path = tmp_path / "codes.xlf"
    codes = "".join(f'<ph id="p{n}"/>x' for n in range(300))
    path.write_text(_xliff("2", "a" + codes, "b" + codes), encoding="utf-8")
    report = tmp_path / "r.json"
    code, _out, err = _run(capsys, ["check", str(path), "-f", "json", "-o", str(report), "--fail-on", "never", "--limit", "unit_codes=100"])
    assert code == 0, err
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    monkeypatch.setenv("TQA_LIMITS", "unit_codes=100")
    code, _out, err = _run(capsys, ["report", str(report), "-f", "xliff", "--output-dir", str(out_dir)])
    line = _line(err)
    assert code == 2 and "unit 'u' has more inline codes than were read" in line and "--limit unit_codes=N" in line
    assert not any(out_dir.iterdir())  # nothing written, no temporary left
    monkeypatch.setenv("TQA_LIMITS", "unit_codes=1000")
    code, _out, err = _run(capsys, ["report", str(report), "-f", "xliff", "--output-dir", str(out_dir)])
    assert code == 0, err
    assert (out_dir / "codes.xlf").read_text(encoding="utf-8").count("<ph ") == 600


# ---------------------------------------------------------------------------
# huge units: work per chunk of input, not per code or character (issue 24)
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("version,code", [("2", '<ph id="p{n}"/>'), ("1.2", '<x id="p{n}"/>'), ("2", '<pc id="c{n}"><ph id="p{n}"/></pc>')])
def test_trimming_a_unit_of_many_codes_is_work_per_chunk(tmp_path, open_doc, monkeypatch, version, code):
    """1M <ph/> a side took 4M Python calls (one per parser event); the trimmer now runs
    once per 64-KiB chunk of input and counts and removes with XPath and slice deletion.
    Counted: calls per chunk, never per code; the count stays exact."""
    from qa_core.readers import _xml

    codes = 30_000
    path = tmp_path / "codes.xlf"
    path.write_text(_xliff(version, "a" + "".join(code.format(n=n) for n in range(codes)), "b"), encoding="utf-8")
    monkeypatch.setenv("TQA_LIMITS", "unit_codes=100")
    calls = {"prune": 0, "_count": 0}
    for name in calls:
        real = getattr(_xml.CodeTrimmer, name)

        def counting(self, *args, _real=real, _name=name):
            calls[_name] += 1
            return _real(self, *args)

        monkeypatch.setattr(_xml.CodeTrimmer, name, counting)
    unit = next(u for u in open_doc(path).units() if u.id == "u")
    chunks = path.stat().st_size // _xml.CHUNK + 1
    assert calls["prune"] <= chunks
    assert calls["_count"] <= 8 * chunks  # a few XPath counts per chunk, never one per code
    per = 3 if "<pc" in code else 1
    assert unit.source.codes == () and unit.source.omitted_codes == codes * per
    assert unit.target.omitted_codes == 0 and unit.target.text == "b"


def test_a_code_pair_over_many_chunks_is_trimmed_inside(tmp_path, open_doc, monkeypatch):
    """A <pc> holding 20,000 codes spans many chunks: it stays open while its complete
    children past the cap are removed, and nothing is counted twice."""
    from qa_core.readers import xliff2

    inner = "".join(f'<ph id="p{n}"/>x' for n in range(20_000))
    path = tmp_path / "nested.xlf"
    path.write_text(_xliff("2", f'a<pc id="c">{inner}</pc><ph id="z"/>', "b"), encoding="utf-8")
    monkeypatch.setenv("TQA_LIMITS", "unit_codes=50")
    sizes = []
    real = xliff2.Xliff2Reader._content

    def spy(self, element, *args):
        sizes.append(sum(1 for _ in element.iter()) - 1)
        return real(self, element, *args)

    monkeypatch.setattr(xliff2.Xliff2Reader, "_content", spy)
    unit = next(u for u in open_doc(path).units() if u.id == "u")
    assert unit.source.omitted_codes == 20_000 + 2 + 1 and unit.source.codes == ()
    assert max(sizes) == 0  # nothing of the side over the cap is left in the tree


def test_segments_over_the_code_cap_in_xliff12_are_read_and_tqa003(tmp_path, capsys, monkeypatch):
    """A <seg-source> whose <mrk mtype="seg"> hold more codes than the cap: the segment
    markers are no codes (not counted), the unit is read and reported, not refused."""
    segs = "".join(f'<mrk mtype="seg" mid="{m}">' + "".join(f'<x id="{m}-{n}"/>' for n in range(100)) + "</mrk>" for m in range(50))
    body = ('<?xml version="1.0"?>\n<xliff xmlns="urn:oasis:names:tc:xliff:document:1.2" version="1.2"><file original="f" '
            'source-language="en" target-language="de" datatype="plaintext"><body><trans-unit id="u">'
            f'<source>a</source><seg-source>{segs}</seg-source><target>{segs}</target></trans-unit></body></file></xliff>\n')
    path = tmp_path / "segs.xlf"
    path.write_text(body, encoding="utf-8")
    code, out, err = _run(capsys, ["check", str(path), "-f", "json", "--fail-on", "never", "--limit", "unit_codes=100"])
    assert code == 0, err
    findings = json.loads(out)["findings"]
    assert [f["rule_id"] for f in findings] == ["TQA003"]
    assert "has 5,000 inline codes" in findings[0]["message"]


@pytest.mark.parametrize("field", ["msgstr", "msgid"])
def test_a_po_line_over_the_character_cap_is_read_past_not_kept(tmp_path, capsys, open_doc, monkeypatch, field):
    """A 1-GB single-line PO string was decoded, split, stripped and unescaped whole
    (651 MiB at 100 MB). A line of more than 4 x unit_chars bytes is a string over the
    limit whatever its encoding: its start is kept, the rest counted, not held."""
    from qa_core.readers import po

    big = "wörd " * (po._BLOCK // 3)  # longer than the reader's block, so its end comes in a later one
    path = tmp_path / "line.po"
    source, target = (big, "x") if field == "msgid" else ("x", big)
    _po(path, source, target)
    with open(path, "a", encoding="utf-8") as out:
        out.write('\nmsgid "after %s"\nmsgstr "danach"\n')
    monkeypatch.setenv("TQA_LIMITS", "unit_chars=1000")
    document = open_doc(path)
    units = [u for u in document.units() if u.id]
    side = units[0].source if field == "msgid" else units[0].target
    cap = 4 * 1000 + 64
    assert side.omitted_chars and len(side.text) <= cap  # only the start is kept
    assert len(side.text) + side.omitted_chars == len(big)  # counted as written
    assert units[1].source.text == "after %s" and units[1].target.text == "danach"  # the next entry is read
    code, out, err = _run(capsys, ["check", str(path), "-f", "json", "--fail-on", "never"])
    assert code == 0, err
    findings = json.loads(out)["findings"]
    assert [f["rule_id"] for f in findings] == ["TQA003", "BAS003"]
    assert f"has {len(big):,} characters, over the limit 'unit_chars' of 1,000: it was not read whole nor checked" in findings[0]["message"]
    assert findings[0]["location"]["source"]["line"] == 5 and findings[0]["location"]["source"]["column"] == 8
    document.locate(units[0], "source", 0, 0)
    cached = document.locator.lines._cached
    assert cached and max(len(raw) for raw in cached) <= cap  # the locator does not hold the line either
