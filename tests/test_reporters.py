"""Every report format, rendered from the same findings: SARIF (schema and GitHub's
rules, by the SARIF Multitool), JUnit XML, GitHub annotations, statistics, HTML
(its page in a browser: tests/test_html_report.py) and `tqa report` on a saved report."""

from __future__ import annotations

import json
import subprocess

import jsonschema
import pytest
from lxml import etree

from tests.conftest import make_report
from tests.external import chromium, sarif_multitool, sarif_package
from qa_core.cli import main
from qa_core.report import Report
from qa_core.reporters.github import annotation, escape_data, escape_property
from qa_core.reporters.html import HtmlReporter, Scorecard
from qa_core.reporters.junit import JUnitReporter, xml_text
from qa_core.reporters.sarif import SarifReporter
from qa_core.rules import Severity
from qa_core.errors import UsageError
from qa_core.testing import default_plugins

PLUGINS = default_plugins()
FORMATS = ["text", "json", "sarif", "junit", "github", "statistics", "html"]


def render(name: str, report: Report, **options) -> str:
    out = PLUGINS.reporter(name)(options=options).render(report)
    return out.decode("utf-8") if isinstance(out, bytes) else out


def reloaded(report: Report) -> Report:
    return Report.from_dict(json.loads(report.to_json()))


@pytest.mark.parametrize("name", FORMATS)
def test_saved_report_renders_the_same(name, report):
    """`tqa report saved.json --format X` gives what `tqa check --format X` gave."""
    assert render(name, reloaded(report)) == render(name, report)


def test_every_ci_format_is_registered():
    assert set(FORMATS) <= set(PLUGINS.reporters)


# ---------------------------------------------------------------------------
# SARIF
# ---------------------------------------------------------------------------


def sarif_of(report: Report) -> dict:
    return json.loads(render("sarif", report))


def test_sarif_valid_against_the_sarif_2_1_0_schema(report):
    folder, why = sarif_package()
    if folder is None:
        pytest.skip(why)
    schema = json.loads((folder / "sarif-2.1.0.json").read_text(encoding="utf-8"))
    validator_class = jsonschema.validators.validator_for(schema)
    validator = validator_class(schema, format_checker=validator_class.FORMAT_CHECKER)
    for log in (sarif_of(report), sarif_of(make_report(units=[("p1", "Xin chào", "Hello")]))):
        errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(log)]
        assert not errors, errors[:5]


def test_sarif_schema_check_can_fail():
    folder, why = sarif_package()
    if folder is None:
        pytest.skip(why)
    schema = json.loads((folder / "sarif-2.1.0.json").read_text(encoding="utf-8"))
    log = sarif_of(make_report())
    log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] = 0
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validators.validator_for(schema)(schema).validate(log)


def _multitool(tool, path, tmp_path) -> list[dict]:
    out = tmp_path / "validation.sarif"
    proc = subprocess.run(
        [str(tool), "validate", str(path), "--output", str(out), "--json-schema", str(tool.parent / "sarif-2.1.0.json"),
         "--rule-kind", "Sarif;Gh", "--level", "Error;Warning", "--log", "ForceOverwrite"],
        capture_output=True, text=True, timeout=300, env={"DOTNET_SYSTEM_GLOBALIZATION_INVARIANT": "1", "PATH": "/usr/bin:/bin"},
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return json.loads(out.read_text(encoding="utf-8"))["runs"][0].get("results", [])


def test_sarif_passes_the_multitool_github_rules(report, tmp_path):
    """Microsoft's SARIF Multitool checks the SARIF rules and GitHub code scanning's
    ingestion rules (GH1001…): no error and no warning."""
    tool, why = sarif_multitool()
    if tool is None:
        pytest.skip(why)
    path = tmp_path / "tqa.sarif"
    path.write_text(render("sarif", report), encoding="utf-8")
    problems = _multitool(tool, path, tmp_path)
    assert problems == [], [(p["ruleId"], p["message"]) for p in problems]
    # and the validator does reject what GitHub would not take
    bad = sarif_of(report)
    bad["runs"][0]["results"][0]["locations"] = []
    path.write_text(json.dumps(bad), encoding="utf-8")
    assert any(p["ruleId"].startswith("GH") for p in _multitool(tool, path, tmp_path))


def test_sarif_rules_carry_help_and_mqm_category(report):
    log = sarif_of(report)
    driver = log["runs"][0]["tool"]["driver"]
    assert log["version"] == "2.1.0"
    assert driver["name"] == "tqa"
    rules = {r["id"]: r for r in driver["rules"]}
    assert set(rules) == {"BAS001", "BAS003", "BAS005"}
    bas003 = rules["BAS003"]
    assert bas003["help"]["markdown"].startswith("# BAS003 placeholder-mismatch")
    assert bas003["properties"]["mqmCategory"] == "Design and markup/Markup tag"
    assert "mqm/Design and markup/Markup tag" in bas003["properties"]["tags"]
    assert bas003["shortDescription"]["text"].startswith("A placeholder of the source")
    for result in log["runs"][0]["results"]:
        assert driver["rules"][result["ruleIndex"]]["id"] == result["ruleId"]


def test_sarif_regions_point_at_the_concerned_side(report):
    results = sarif_of(report)["runs"][0]["results"]
    by_unit = {r["properties"]["unitId"]: r for r in results}
    # p6: '%1$s' became '%1$d' - target line 61, column 59, four code points
    p6 = by_unit["p6"]
    region = p6["locations"][0]["physicalLocation"]["region"]
    assert region == {"startLine": 61, "startColumn": 59, "endColumn": 63, "snippet": {"text": "%1$d"}}
    assert p6["locations"][0]["physicalLocation"]["artifactLocation"] == {"uri": "samples/joint-statement.xlf", "uriBaseId": "%SRCROOT%", "index": 0}
    related = p6["relatedLocations"][0]["physicalLocation"]["region"]
    assert related["startLine"] == 60 and related["startColumn"] == 52 and related["snippet"]["text"] == "%1$s"
    assert p6["level"] == "error" and p6["properties"]["severity"] == "critical"
    # p8: only the target is concerned
    assert "relatedLocations" not in by_unit["p8"]
    assert by_unit["p8"]["properties"]["side"] == "target"
    assert sarif_of(report)["runs"][0]["columnKind"] == "unicodeCodePoints"


def test_sarif_fingerprints_and_levels_follow_fail_on():
    report = make_report(fail_on="critical")
    results = sarif_of(report)["runs"][0]["results"]
    levels = {r["properties"]["severity"]: r["level"] for r in results}
    assert levels == {"critical": "error", "major": "warning", "minor": "warning"}
    fingerprints = {f.fingerprint for f in report.findings}
    assert {r["partialFingerprints"]["tqaFingerprint/v1"] for r in results} == fingerprints


def test_sarif_with_no_findings_is_a_valid_empty_run():
    log = sarif_of(make_report(units=[("p1", "Xin chào", "Hello")]))
    assert log["runs"][0]["results"] == []
    assert log["runs"][0]["tool"]["driver"]["rules"] == []


# ---------------------------------------------------------------------------
# JUnit
# ---------------------------------------------------------------------------


def test_junit_structure(report):
    root = etree.fromstring(JUnitReporter().render(report))
    assert root.tag == "testsuites"
    assert root.get("tests") == "6" and root.get("failures") == "6"
    suite = root.find("testsuite")
    assert suite.get("name") == "samples/joint-statement.xlf"
    cases = suite.findall("testcase")
    assert len(cases) == 6
    first = cases[0]
    assert first.get("name") == "BAS003 placeholder-mismatch in unit p2"
    assert first.get("classname") == "samples/joint-statement.xlf"
    assert first.get("line") == "21"
    failure = first.find("failure")
    assert failure.get("message") == "Placeholder '%d' of the source is missing from the target."
    assert failure.get("type") == "BAS003 major"
    assert "target: samples/joint-statement.xlf:21:9" in failure.text
    props = {p.get("name"): p.get("value") for p in suite.find("properties")}
    assert props["source_lang"] == "vi" and props["units"] == "8"


def test_junit_findings_below_fail_on_pass():
    root = etree.fromstring(JUnitReporter().render(make_report(fail_on="critical")))
    suite = root.find("testsuite")
    assert suite.get("tests") == "6" and suite.get("failures") == "2"
    passing = [c for c in suite.findall("testcase") if c.find("failure") is None]
    assert len(passing) == 4
    assert all(c.find("system-out").text.startswith(("major (below", "minor (below")) for c in passing)


def test_junit_clean_file_is_one_passing_case():
    root = etree.fromstring(JUnitReporter().render(make_report(units=[("p1", "Xin chào", "Hello")])))
    cases = root.findall("testsuite/testcase")
    assert [c.get("name") for c in cases] == ["no findings"]
    assert root.get("tests") == "1" and root.get("failures") == "0"


def test_junit_survives_characters_xml_cannot_carry():
    report = make_report(units=[("p1", "Bấm\x07 %d", "Nhấn\x1b")])
    root = etree.fromstring(JUnitReporter().render(report))
    text = root.find("testsuite/testcase/failure").text
    assert "'Nhấn\\x1b'" in text
    assert xml_text("a\x07b\ufffe") == "a\\u0007b\\ufffe"


# ---------------------------------------------------------------------------
# GitHub annotations
# ---------------------------------------------------------------------------


def test_github_annotation_lines(report):
    lines = render("github", report).splitlines()
    assert lines == [
        "::error file=samples/joint-statement.xlf,line=21,endLine=21,col=9,endColumn=71,title=BAS003 placeholder-mismatch (major)::Placeholder '%25d' of the source is missing from the target. [unit p2]",
        "::error file=samples/joint-statement.xlf,line=31,endLine=31,col=9,title=BAS001 untranslated (major)::No translation: the target of 'Chương trình Fulbright tại Việt Nam' is empty. [unit p3]",
        "::error file=samples/joint-statement.xlf,line=41,endLine=41,col=9,endColumn=10,title=BAS005 boundary-whitespace (minor)::The source starts with no whitespace but the target starts with a space. [unit p4]",
        "::error file=samples/joint-statement.xlf,line=61,endLine=61,col=59,endColumn=63,title=BAS003 placeholder-mismatch (critical)::Placeholder '%251$s' became '%251$d' in the target: the argument type changes. [unit p6]",
        "::error file=samples/joint-statement.xlf,line=71,endLine=71,col=9,endColumn=11,title=BAS003 placeholder-mismatch (critical)::Unnumbered placeholders change order ('%25s' is now '%25d'); use numbered ones such as '%251$s' to reorder. [unit p7]",
        "::error file=samples/joint-statement.xlf,line=82,endLine=82,col=21,endColumn=23,title=BAS003 placeholder-mismatch (major)::Placeholder '%25s' in the target is not in the source. [unit p8]",
    ]


def test_github_commands_follow_fail_on():
    commands = [line.split(" ", 1)[0] for line in render("github", make_report(fail_on="critical")).splitlines()]
    assert commands == ["::warning", "::warning", "::warning", "::error", "::error", "::warning"]
    commands = [line.split(" ", 1)[0] for line in render("github", make_report(fail_on="never")).splitlines()]
    assert set(commands) == {"::warning"}


def test_github_escaping():
    assert escape_data("50% done\r\nnext") == "50%25 done%0D%0Anext"
    assert escape_property("a:b,c%") == "a%3Ab%2Cc%25"
    report = make_report(units=[("p1", "Hợp tác\nvà %s", "Cooperation,\nand: 100%")], path="dir,with:odd/x.xlf")
    line = annotation(report.findings[0], "minor")
    assert line.startswith("::error file=dir%2Cwith%3Aodd/x.xlf,line=11,")
    assert "\n" not in line


def test_github_severity_levels_info_is_a_notice():
    report = make_report()
    info = report.findings[0]
    object.__setattr__(info, "severity", Severity.INFO)
    assert annotation(info, "minor").startswith("::notice ")


# ---------------------------------------------------------------------------
# Statistics
# ---------------------------------------------------------------------------


def test_statistics(report):
    assert render("statistics", report) == (
        "4  BAS003  placeholder-mismatch  Design and markup/Markup tag  2 critical, 2 major\n"
        "1  BAS001  untranslated          Accuracy/Untranslated         1 major\n"
        "1  BAS005  boundary-whitespace   Design and markup/Layout      1 minor\n"
        "6 finding(s) of 3 rule(s) in 1 file(s).\n"
    )


# ---------------------------------------------------------------------------
# HTML
# ---------------------------------------------------------------------------


def test_html_scorecard_numbers(report):
    card = Scorecard.of(report.findings, 64, {"info": 0, "minor": 1, "major": 5, "critical": 25}, 10)
    assert card.penalty() == 2 * 25 + 3 * 5 + 1
    assert card.penalty("Design and markup/Markup tag") == 60
    assert card.normed == pytest.approx(66 * 1000 / 64)
    assert not card.passed
    page = render("html", report)
    assert 'id="penalty-total">66<' in page
    assert 'id="normed-penalty">1031.25<' in page
    assert 'id="verdict" class="fail">FAIL<' in page
    lenient = render("html", report, threshold=2000, weights={"critical": 10})
    assert 'id="verdict" class="pass">PASS<' in lenient
    assert 'id="penalty-total">36<' in lenient


def test_html_options_are_checked(report):
    with pytest.raises(UsageError, match="'threshold' must be a number"):
        render("html", report, threshold="high")
    with pytest.raises(UsageError, match="'weights' keys must be one of"):
        render("html", report, weights={"blocker": 100})


def test_html_is_self_contained_and_escaped(report):
    page = render("html", report)
    tree = etree.fromstring(page.encode("utf-8"), etree.HTMLParser())
    for element in tree.iter():
        for attr in ("src", "href"):
            value = element.get(attr)
            assert value is None or value.startswith("#"), f"{element.tag} {attr}={value}"
    assert tree.find(".//link") is None
    assert "default-src 'none'" in page
    # unit texts travel as JSON inside the page ('<' escaped), the script escapes them
    # when it renders (tests/test_html_report.py reads them back in a browser)
    assert "\\u003ceducation>" in page
    assert "<education>" not in page


# the page in a browser, its summary, map, reading view and review marks: tests/test_html_report.py


# ---------------------------------------------------------------------------
# tqa report (the command)
# ---------------------------------------------------------------------------


def test_tqa_report_command_renders_each_format(report, in_tmp, capsys):
    (in_tmp / "findings.json").write_text(report.to_json(), encoding="utf-8")
    for name in FORMATS:
        code = main(["report", "findings.json", "--format", name, "-o", f"out.{name}"])
        assert code == 1, name  # the saved run failed (findings at or above minor)
        written = (in_tmp / f"out.{name}").read_bytes().decode("utf-8")
        assert written == render(name, report), name
    assert main(["report", "findings.json", "--fail-on", "never", "-f", "statistics"]) == 0
    assert main(["report", "findings.json", "-f", "github", "--report", "sarif=x.sarif", "--report", "junit=x.xml", "-o", "x.txt"]) == 1
    assert json.loads((in_tmp / "x.sarif").read_text(encoding="utf-8"))["version"] == "2.1.0"
    etree.parse(str(in_tmp / "x.xml"))


def test_tqa_report_errors(in_tmp, capsys):
    (in_tmp / "bad.json").write_text('{"findings": []}', encoding="utf-8")
    assert main(["report", "bad.json"]) == 2
    assert "not a tqa report" in capsys.readouterr().err
    (in_tmp / "broken.json").write_text('{"findings": [', encoding="utf-8")
    assert main(["report", "broken.json"]) == 2
    assert "broken.json:1:" in capsys.readouterr().err
    (in_tmp / "ok.json").write_text(make_report().to_json(), encoding="utf-8")
    assert main(["report", "ok.json", "-f", "sarif", "--report-option", "threshold=3"]) == 2
    assert "not an option of sarif" in capsys.readouterr().err
    assert main(["report", "ok.json", "-f", "nope"]) == 2
    assert not (in_tmp / "out.html").exists()
