"""The reviewer's report (issue 16): the summary a reviewer reads first (coverage of
an aligned pair, critical and major findings grouped, counts by rule and file), the
same summary closing the text report, the alignment a saved JSON report carries for
the map and the reading view, bad saved reports refused, and the page itself in a
real browser (Debian's Chromium driven by Playwright; skipped when either is absent):
its script runs without errors, the summary and the map are there, a block of the map
leads to its text, j/k walk the findings, marks export as a baseline that the next
`tqa check` honours."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest

from tests.conftest import ROOT, make_report
from tests.external import axe_core, chromium
from qa_core.cli import main
from qa_core.report import Report, schema
from qa_core.reporters import overview
from qa_core.reporters.html import CSS
from qa_core.suppression import baseline_schema
from qa_core.testing import default_plugins

PLUGINS = default_plugins()
SOURCE = ROOT / "samples" / "joint-statement.vi.txt"
TARGET = ROOT / "samples" / "joint-statement.en.txt"
PAIR = ["--source-lang", "vi", "--target-lang", "en"]


def check_pair(tmp_path: Path, target: Path = TARGET, name: str = "pair.json") -> dict:
    out = tmp_path / name
    code = main(["check", "--source", str(SOURCE), "--target", str(target), *PAIR, "-f", "json", "-o", str(out)])
    assert code == 1
    return json.loads(out.read_text(encoding="utf-8"))


def half_translated(tmp_path: Path) -> Path:
    """The sample translation cut after its 18th line: the rest of the source has none."""
    lines = TARGET.read_text(encoding="utf-8").splitlines(keepends=True)
    cut = tmp_path / "joint-statement.cut.en.txt"
    cut.write_text("".join(lines[:18]), encoding="utf-8")
    return cut


def html_of(report: Report, **options) -> str:
    return PLUGINS.reporter("html")(options=options).render(report)


def text_of(report: Report) -> str:
    return PLUGINS.reporter("text")().render(report)


# ---------------------------------------------------------------------------
# The alignment in the JSON report
# ---------------------------------------------------------------------------


def test_aligned_pair_report_carries_every_link(tmp_path):
    data = check_pair(tmp_path)
    jsonschema.Draft202012Validator(schema()).validate(data)
    links = data["inputs"][0]["alignment"]
    assert len(links) == data["inputs"][0]["units"]
    kinds = [link["link"] for link in links]
    assert kinds.count("1-0") == 2 and kinds.count("0-1") == 3
    omitted = [link for link in links if link["link"] == "1-0"]
    assert [link["source"]["paragraphs"] for link in omitted] == [[13], [14]]
    assert omitted[0]["source"]["line"] == 34 and omitted[0]["target"] is None
    assert omitted[0]["source"]["text"].startswith("IV. KHẮC PHỤC HẬU QUẢ CHIẾN TRANH")
    # lines span the link: a paragraph over several lines ends where it ends
    several = next(link for link in links if link["source"] and link["source"]["end_line"] > link["source"]["line"])
    assert several["source"]["text"].count("\n") >= 1
    # source paragraphs are counted once each, all of them
    numbers = [n for link in links if link["source"] for n in link["source"]["paragraphs"]]
    assert numbers == list(range(1, len(numbers) + 1))


def test_other_inputs_carry_no_alignment(report):
    data = json.loads(report.to_json())
    assert "alignment" not in data["inputs"][0]


def test_a_malformed_alignment_is_refused(tmp_path):
    data = check_pair(tmp_path)
    data["inputs"][0]["alignment"][3]["source"]["chars"] = -1
    (tmp_path / "bad.json").write_text(json.dumps(data), encoding="utf-8")
    assert main(["report", str(tmp_path / "bad.json"), "-f", "html"]) == 2


# ---------------------------------------------------------------------------
# The summary (shared by the HTML and the text report)
# ---------------------------------------------------------------------------


def test_coverage_of_the_sample_pair(tmp_path):
    report = Report.from_dict(check_pair(tmp_path))
    (cover,) = overview.coverage(report)
    assert (cover.omitted_paragraphs, cover.source_paragraphs, cover.runs) == (2, 17, 1)
    assert cover.added_paragraphs == 3 and cover.stops_after_target_line is None
    words = sum(link["source"]["words"] for link in report.inputs[0].alignment if link["link"] == "1-0")
    assert cover.omitted_words == words and cover.source_words == report.inputs[0].source_words
    assert cover.sentence() == (
        f"2 of 17 source paragraphs — {round(100 * words / cover.source_words)} % of the source's words — have no "
        "translation; 3 target paragraphs have no source."
    )


def test_coverage_when_the_translation_stops(tmp_path):
    report = Report.from_dict(check_pair(tmp_path, half_translated(tmp_path)))
    (cover,) = overview.coverage(report)
    assert cover.stops_after_target_line == 18
    assert cover.omitted_paragraphs >= 8 and cover.words_percent > 40
    assert "; the translation stops after target line 18" in cover.sentence()
    text = text_of(report)
    assert f"Coverage of {SOURCE} -> " in text
    closing = text.rstrip("\n").splitlines()
    assert any(line.startswith("Coverage of") and "the translation stops after target line 18" in line for line in closing)


def test_coverage_without_the_alignment_falls_back_on_the_findings(tmp_path):
    data = check_pair(tmp_path, half_translated(tmp_path))
    del data["inputs"][0]["alignment"]  # a report of an older tqa
    report = Report.from_dict(data)
    (cover,) = overview.coverage(report)
    assert not cover.from_alignment
    runs = [f for f in report.findings if f.rule_id == "OMI001"]
    assert cover.runs == len(runs)
    assert cover.omitted_paragraphs == sum(f.data.get("count", 1) if not isinstance(f.data.get("paragraphs"), int)
                                           else f.data["paragraphs"] for f in runs)
    last = next(f for f in runs if f.data.get("before_target_line") is None)
    stops = last.data.get("stops_after_target_line", last.data["after_target_line"])
    assert cover.stops_after_target_line == stops
    assert f"the translation stops after target line {stops}" in cover.sentence()
    # and the page still renders, without a map
    page = html_of(report)
    assert 'class="pairmap"' not in page and f"stops after target line {stops}" in page


def test_coverage_reads_the_omission_plugins_data_contract(tmp_path):
    """The keys the omission plugin's reworked OMI001 carries win over older ones."""
    data = check_pair(tmp_path)
    del data["inputs"][0]["alignment"]
    run = next(f for f in data["findings"] if f["rule_id"] == "OMI001")
    run["data"].update({"paragraphs": 42, "words": 300, "source_paragraphs_total": 70, "source_words_total": 500,
                        "first_paragraph": 13, "last_paragraph": 54, "headings": [], "stops_after_target_line": 69})
    (cover,) = overview.coverage(Report.from_dict(data))
    assert cover.sentence() == ("42 of 70 source paragraphs — 60 % of the source's words — have no translation; "
                                "the translation stops after target line 69.")


def test_repeated_findings_are_one_group_with_a_count():
    units = [(f"p{n}", "Hoa Kỳ cam kết %d triệu USD.", "The United States pledged %s million USD.") for n in range(1, 6)]
    report = make_report(units)
    groups = overview.groups(report.findings)
    bas = [g for g in groups if g.first.rule_id == "BAS003"]
    assert len(bas) == 1 and bas[0].count == 5
    page = html_of(report)
    assert '<span class="times">×5</span>' in page and "5 places" in page
    text = text_of(report)
    assert re.search(r"BAS003\s+x5\s", text)


def test_text_report_closes_with_the_summary(tmp_path):
    report = Report.from_dict(check_pair(tmp_path))
    lines = text_of(report).rstrip("\n").splitlines()
    assert lines[-1].startswith("7 finding(s) (1 critical, 3 major, 3 minor)")
    closing = "\n".join(lines[-8:])
    assert "Coverage of" in closing and "2 of 17 source paragraphs" in closing
    assert "Critical and major findings (4 group(s)):" in closing
    assert re.search(r"critical\s+NUM005", closing) and re.search(r"major\s+OMI001\s+2 paragraphs", closing)


def test_worst_files_first(tmp_path):
    code = main(["check", str(ROOT / "samples"), "-f", "json", "-o", str(tmp_path / "all.json")])
    assert code == 1
    report = Report.from_dict(json.loads((tmp_path / "all.json").read_text(encoding="utf-8")))
    files = overview.by_file(report, {"info": 0, "minor": 1, "major": 5, "critical": 25})
    rates = [f.normed for f in files if f.normed is not None]
    assert rates == sorted(rates, reverse=True)
    assert "Worst files: " + files[0].path in text_of(report)
    page = html_of(report)
    assert "By file, the worst first" in page
    assert page.index(files[0].path, page.index("By file")) < page.index(files[1].path, page.index("By file"))


# ---------------------------------------------------------------------------
# Bad saved reports
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("edit, place", [
    (lambda d: d.update(schema_version="2.0"), "schema_version"),
    (lambda d: d["findings"][2].update(severity="blocker"), "findings/2/severity"),
    (lambda d: d["findings"][0]["location"].pop("file"), "findings/0/location"),
    (lambda d: d["inputs"][0]["alignment"][0].update(link=7), "inputs/0/alignment/0/link"),
])
def test_tqa_report_refuses_a_hand_edited_report(tmp_path, capsys, edit, place):
    data = check_pair(tmp_path)
    edit(data)
    bad = tmp_path / "edited.json"
    bad.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "out.html"
    assert main(["report", str(bad), "-f", "html", "-o", str(out)]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and len(err) < 400, err
    assert str(bad) in err and place in err and "Traceback" not in err
    assert not out.exists()


def test_a_report_of_another_version_says_so(tmp_path, capsys):
    data = check_pair(tmp_path)
    data["schema_version"] = "2.0"
    data["tool"]["version"] = "9.1.0"
    (tmp_path / "new.json").write_text(json.dumps(data), encoding="utf-8")
    assert main(["report", str(tmp_path / "new.json"), "-f", "html"]) == 2
    err = capsys.readouterr().err
    assert "schema_version is '2.0' (written by tqa 9.1.0)" in err


# ---------------------------------------------------------------------------
# Accessibility: contrast of the colours that carry text
# ---------------------------------------------------------------------------


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def test_severity_colours_pass_wcag_aa_on_white():
    """Badges are white on the severity colour, labels the colour on white: 4.5:1 at least."""
    variables = dict(re.findall(r"--([a-z]+):(#[0-9a-f]{6})", CSS))
    for name in ("critical", "major", "minor", "info", "ok", "muted", "fg"):
        ratio = (1.05) / (_luminance(variables[name]) + 0.05)
        assert ratio >= 4.5, f"--{name} {variables[name]}: contrast {ratio:.2f}"


# ---------------------------------------------------------------------------
# In a real browser
# ---------------------------------------------------------------------------


FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--no-first-run", "--disable-quic"]


@pytest.fixture(scope="module")
def browser():
    binary = chromium()
    if binary is None:
        pytest.skip("Chromium is not installed (Debian package 'chromium'; or set TQA_CHROMIUM)")
    playwright = pytest.importorskip("playwright.sync_api", reason="Playwright for Python is not installed (pip install -e '.[test]')")
    with playwright.sync_playwright() as p:
        launched = p.chromium.launch(executable_path=binary, args=FLAGS)
        yield launched
        launched.close()


@pytest.fixture()
def open_page(browser, tmp_path):
    contexts = []

    def opener(html: str, query: str = "", name: str = "report.html"):
        path = tmp_path / name
        path.write_text(html, encoding="utf-8")
        context = browser.new_context(accept_downloads=True, viewport={"width": 1300, "height": 900})
        contexts.append(context)
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        requests: list[str] = []
        page.on("request", lambda r: requests.append(r.url))
        page.goto(path.as_uri() + query)
        page.wait_for_selector("body[data-ready='1']")
        page.errors, page.requests = errors, requests
        return page

    yield opener
    for context in contexts:
        context.close()


def _current(page) -> int:
    return int(page.eval_on_selector("li.finding.current", "e => e.dataset.i"))


def test_pair_page_in_chromium(open_page, tmp_path):
    data = check_pair(tmp_path, half_translated(tmp_path))
    report = Report.from_dict(data)
    page = open_page(html_of(report))
    assert page.errors == []
    assert all(url.startswith("file://") for url in page.requests), page.requests
    # the summary leads: the coverage sentence, then the grouped critical and major findings
    cover = page.inner_text("#coverage-0 .cover-text")
    assert "have no translation" in cover and "the translation stops after target line 18" in cover
    assert page.locator("#summary").bounding_box()["y"] < page.locator("#review").bounding_box()["y"]
    assert page.locator("ol.cards li.card").count() == len(overview.groups(report.findings))
    assert page.is_visible("#scorecard #verdict")
    # the map: one block per side of each link, the omitted ones marked
    links = report.inputs[0].alignment
    assert page.locator("svg.pairmap rect.omitted").count() == sum(1 for link in links if link["link"] == "1-0")
    assert page.locator("svg.pairmap rect.added").count() == sum(1 for link in links if link["link"] == "0-1")
    assert page.locator("svg.pairmap circle.dot").count() >= 1
    # clicking an omitted block shows that paragraph in the reading view
    omitted = page.locator("svg.pairmap rect.omitted").last
    row = int(page.locator("svg.pairmap a:has(rect.omitted)").last.get_attribute("data-row"))
    omitted.click()
    article = page.locator(f"#row-{row}")
    assert article.is_visible()
    assert "no translation" in article.inner_text()
    assert page.evaluate("document.activeElement.id") == f"row-{row}"
    # the whole document is there side by side: every link, paged
    assert page.locator("#rows article.row").count() == min(len(links), 50)


def test_keyboard_marks_and_export(open_page, tmp_path):
    data = check_pair(tmp_path)
    report = Report.from_dict(data)
    page = open_page(html_of(report))
    page.keyboard.press("j")
    first = _current(page)
    page.keyboard.press("j")
    second = _current(page)
    assert second != first
    page.keyboard.press("k")
    assert _current(page) == first
    # the j/k order is the reading order
    order = page.evaluate("[...document.querySelectorAll('#rows li.finding')].map(e => +e.dataset.i)")
    assert order.index(second) == order.index(first) + 1
    # accept the current one with the keyboard, write the reason
    page.keyboard.press("a")
    reason = page.locator(f"#f{first} input.reason")
    assert reason.is_visible()
    reason.fill("The client keeps this wording")
    page.keyboard.press("Escape")
    # mark another as a false alarm with the mouse
    page.locator(f"#f{second} button[data-s='false-alarm']").click()
    page.locator(f"#f{second} input.reason").fill("not a real omission")
    assert page.get_attribute("body", "data-marked") == "2"
    assert page.get_attribute(f"#f{second} button[data-s='false-alarm']", "aria-pressed") == "true"
    # the review filter
    page.select_option("#status", "open")
    assert page.get_attribute("body", "data-shown") == str(len(report.findings) - 2)
    page.select_option("#status", "all")
    # export: a baseline file, downloaded, valid, with the reasons
    with page.expect_download() as download:
        page.click("#export")
    saved = tmp_path / "tqa-baseline.json"
    download.value.save_as(saved)
    baseline = json.loads(saved.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(baseline_schema()).validate(baseline)
    by_print = {e["fingerprint"]: e for e in baseline["findings"]}
    assert by_print[report.findings[first].fingerprint]["reason"] == "The client keeps this wording"
    assert by_print[report.findings[first].fingerprint]["review"] == "accepted"
    assert by_print[report.findings[second].fingerprint]["review"] == "false-alarm"
    assert page.errors == []
    # the next run honours it: the two marked findings are gone, the others stay
    out = tmp_path / "next.json"
    main(["check", "--source", str(SOURCE), "--target", str(TARGET), *PAIR, "--baseline", str(saved), "-f", "json", "-o", str(out)])
    after = json.loads(out.read_text(encoding="utf-8"))
    left = {f["fingerprint"] for f in after["findings"]}
    assert report.findings[first].fingerprint not in left and report.findings[second].fingerprint not in left
    assert len(after["findings"]) == len(report.findings) - 2
    # marks survive a reload (kept in this browser only) and load back from the baseline
    page.reload()
    page.wait_for_selector("body[data-ready='1']")
    assert page.get_attribute("body", "data-marked") == "2"
    page.click("#clear")
    assert page.get_attribute("body", "data-marked") == "0"
    page.set_input_files("#import", str(saved))
    page.locator("body[data-marked='2']").wait_for(state="attached")


def test_bilingual_file_page_filters_and_escapes(open_page, report):
    page = open_page(html_of(report), "?severity=critical")
    assert page.errors == []
    assert page.inner_text("#shown").startswith("Showing 2 of 6 finding(s)")
    assert [a.get_attribute("data-unit") for a in page.locator("#rows article.row").all()] == ["p6", "p7"]
    # the text of a unit shows as text, its span marked
    p6 = page.locator("article[data-unit='p6']")
    assert "Strengthen cooperation in <education> & \"health\": %1$d" in p6.locator(".side.target .text").inner_text()
    assert p6.locator(".side.target mark").all_inner_texts() == ["%1$d"]
    assert p6.locator(".side.target .text").get_attribute("lang") == "en"
    assert page.inner_text("#verdict") == "FAIL"  # the scorecard covers the whole run
    page = open_page(html_of(report), "?rule=BAS001,BAS005&q=fulbright", name="r2.html")
    assert page.inner_text("#shown").startswith("Showing 1 of 6 finding(s)")
    # a card of the summary leads to its finding, whatever the filters
    page.locator("ol.cards a.msg").first.click()
    assert page.locator("li.finding.current").count() == 1
    assert page.inner_text("#shown").startswith("Showing 6 of 6")


def test_overlapping_spans_and_gaps(open_page):
    """Two findings over one stretch of text split it where they begin and end; the
    piece both cover carries both and the worse colour; an empty span is a caret."""
    units = [("p1", "Hoa Kỳ cam kết %1$s và %2$d triệu USD.", "The United States pledged %2$d million USD")]
    report = make_report(units)
    page = open_page(html_of(report))
    marks = page.locator("#rows mark.hl")
    assert marks.count() >= 1
    for mark in marks.all():
        ids = mark.get_attribute("data-f").split()
        severities = {report.findings[int(i)].severity.value for i in ids}
        worst = min(severities, key=["critical", "major", "minor", "info"].index)
        assert f"sev-{worst}" in mark.get_attribute("class")


def test_paging_keeps_20k_findings_usable(open_page):
    """Only a page of units is in the document at a time; j walks across pages."""
    units = [(f"p{n}", "Hoa Kỳ cam kết %d triệu USD.", "The United States pledged %s million USD.") for n in range(1, 131)]
    report = make_report(units)
    page = open_page(html_of(report))
    assert page.locator("#rows article.row").count() == 50
    assert page.inner_text(".pager span") == "Page 1 of 3"
    last = int(page.locator("#rows li.finding").last.get_attribute("data-i"))
    page.locator(f"#f{last}").click()
    page.keyboard.press("j")
    assert page.inner_text(".pager span") == "Page 2 of 3"
    assert page.locator("li.finding.current").count() == 1
    page.keyboard.press("k")
    assert page.inner_text(".pager span") == "Page 1 of 3" and _current(page) == last


def test_print_stylesheet(open_page, tmp_path):
    data = check_pair(tmp_path)
    page = open_page(html_of(Report.from_dict(data)))
    page.emulate_media(media="print")
    assert not page.is_visible("#filters") and not page.is_visible("#toolbar")
    assert page.is_visible("#summary") and page.is_visible("svg.pairmap")
    pdf = page.pdf(format="A4")
    assert pdf[:5] == b"%PDF-" and len(pdf) > 10_000


def test_saved_pair_report_renders_the_same_page(tmp_path):
    """`tqa report saved.json -f html` draws what `tqa check -f html` drew: the map and
    the whole-document view come from the alignment the JSON report keeps."""
    html = tmp_path / "direct.html"
    main(["check", "--source", str(SOURCE), "--target", str(TARGET), *PAIR, "-f", "html", "-o", str(html),
          "--report", f"json={tmp_path / 'saved.json'}"])
    assert main(["report", str(tmp_path / "saved.json"), "-f", "html", "-o", str(tmp_path / "again.html")]) == 1
    direct, again = html.read_text(encoding="utf-8"), (tmp_path / "again.html").read_text(encoding="utf-8")
    assert again == direct
    assert direct.count('<rect class="omitted"') == 2 and '"k":"1-0"' in direct


def test_every_paragraph_of_an_omitted_run_leads_to_its_finding(open_page, tmp_path):
    report = Report.from_dict(check_pair(tmp_path, half_translated(tmp_path)))
    page = open_page(html_of(report))
    runs = page.locator("#rows article.k-omitted a.run")
    assert runs.count() >= 5
    target = int(runs.last.get_attribute("data-run"))
    assert report.findings[target].rule_id == "OMI001"
    runs.last.click()
    assert _current(page) == target
    assert page.errors == []



@pytest.mark.parametrize("kind", ["pair", "files"])
def test_axe_finds_no_accessibility_violation(open_page, tmp_path, kind):
    """Deque's axe-core rules (WCAG 2.1 A and AA, best practices) inside the page."""
    script, why = axe_core()
    if script is None:
        pytest.skip(why)
    if kind == "pair":
        report = Report.from_dict(check_pair(tmp_path, half_translated(tmp_path)))
    else:
        report = make_report()
    page = open_page(html_of(report))
    page.keyboard.press("j")
    page.keyboard.press("a")  # a mark, its reason field shown
    page.add_script_tag(path=str(script))
    result = page.evaluate("() => axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21aa', 'best-practice']})")
    problems = [f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes'][:3]]}" for v in result["violations"]]
    assert problems == []
    assert page.errors == []


def test_clean_run_and_file_level_findings(open_page, tmp_path):
    clean = make_report([("p1", "Hai bên nhất trí.", "The two sides agreed.")])
    assert clean.findings == []
    page = open_page(html_of(clean))
    assert page.errors == []
    assert "No critical or major findings." in page.inner_text("#summary")
    assert page.inner_text("#rows") == "No findings."
    # a stale baseline entry is a finding about the file, with no unit and no text
    baseline = tmp_path / "old-baseline.json"
    baseline.write_text(json.dumps({"tool": "tqa", "version": 1, "findings": [
        {"fingerprint": "0" * 32, "rule": "BAS003", "file": str(SOURCE), "unit": None, "message": "gone"}]}), encoding="utf-8")
    out = tmp_path / "stale.json"
    main(["check", "--source", str(SOURCE), "--target", str(TARGET), *PAIR, "--baseline", str(baseline), "-f", "json", "-o", str(out)])
    report = Report.from_dict(json.loads(out.read_text(encoding="utf-8")))
    stale = [i for i, f in enumerate(report.findings) if f.rule_id == "TQA011"]
    assert stale
    page = open_page(html_of(report), "?rule=TQA011", name="stale.html")
    assert page.errors == []
    item = page.locator(f"#f{stale[0]}")
    assert "matches no finding any more" in item.inner_text()
    assert item.locator("button.mark").count() == 0  # tqa never baselines TQA011
