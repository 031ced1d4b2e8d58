"""How long each report format takes, and how big it is, for a run with many findings;
and what in-file suppressions cost the run.

Builds an in-memory document of N units written for this benchmark (every third unit
has a placeholder slip, every fifth an empty target, every seventh a suppression note),
runs the built-in checks once, then renders every format from the same report. With
Playwright and Chromium installed it then opens the HTML report in headless Chromium
and prints what a reviewer waits for: the page ready (parsed, script run, first page
of findings drawn), a filter change, j to the next finding, the DOM size.

    python bench/reports_bench.py [N]     (default 20000 units)
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from qa_core.config import Config, Layer  # noqa: E402
from qa_core.model import Content, Document, File, Note, Segment, Unit  # noqa: E402
from qa_core.report import Report  # noqa: E402
from qa_core.runner import RunResult, check_document  # noqa: E402
from qa_core.testing import default_plugins  # noqa: E402

SOURCE = "Hoa Kỳ cam kết hỗ trợ %d triệu USD cho chương trình đào tạo kỹ sư bán dẫn tại Việt Nam, đợt %s."
TARGET = "The United States pledged %d million USD for the semiconductor engineer training programme in Vietnam, round %s."
SLIP = "The United States pledged VND 2 million for the semiconductor engineer training programme in Vietnam, round %s."


def document(n: int, notes: bool) -> Document:
    file = File("f1", source_lang="vi", target_lang="en")

    def units():
        for i in range(1, n + 1):
            target = SLIP if i % 3 == 0 else ("" if i % 5 == 0 else TARGET)
            note = (Note("tqa: ignore BAS003 -- amount checked by the desk"),) if notes and i % 7 == 0 else ()
            yield Unit(f"u{i}", (Segment(Content(SOURCE), Content(target), source_line=i * 4, target_line=i * 4 + 1),), file, notes=note, line=i * 4)

    return Document("bench.xlf", "bench", units, "vi", "en", "2.1")


def run(n: int, notes: bool):
    plugins = default_plugins()
    config = Config(layers=[Layer("defaults", select=("ALL",))])
    started = time.perf_counter()
    result = check_document(document(n, notes), plugins, config)
    elapsed = time.perf_counter() - started
    return plugins, config, result, elapsed


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 20000
    _, _, _, plain = run(n, notes=False)
    plugins, config, result, with_notes = run(n, notes=True)
    print(f"units: {n}; check without suppression notes {plain:.2f} s, with a note in every 7th unit {with_notes:.2f} s")
    report = Report.build(RunResult([result.summary], result.findings, [], time.time(), with_notes), plugins, config)
    print(f"findings: {len(report.findings)} (after suppressions)")
    print(f"{'format':<11} {'seconds':>8} {'size':>10}")
    page = None
    for name in ("text", "json", "sarif", "junit", "github", "statistics", "html"):
        started = time.perf_counter()
        out = plugins.reporter(name)().render(report)
        took = time.perf_counter() - started
        size = len(out if isinstance(out, bytes) else out.encode("utf-8"))
        print(f"{name:<11} {took:>8.2f} {size / 1e6:>8.1f} MB")
        if name == "html":
            page = out
    bare = Report(report.tool_version, report.plugins, report.inputs,
                  [f.__class__(**{k: getattr(f, k) for k in ("rule_id", "rule_name", "severity", "category", "message", "location", "suggestion", "data")}) for f in report.findings],
                  report.rules, started="2023-09-10T00:00:00+00:00")
    print(f"json without the unit text of each finding ('context'): {len(bare.to_json().encode('utf-8')) / 1e6:.1f} MB")
    browse(page, len(report.findings))


def browse(page: str, findings: int) -> None:
    """The HTML report in headless Chromium: milliseconds until it is ready, for a
    filter change and for j, and how many elements the document holds."""
    import shutil
    import tempfile

    binary = shutil.which("chromium") or shutil.which("chromium-browser")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        print("browser: skipped (pip install playwright; it drives the installed chromium)")
        return
    if binary is None:
        print("browser: skipped (no chromium on PATH; Debian: apt-get install chromium)")
        return
    flags = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
             "--disable-sync", "--no-first-run"]
    with tempfile.TemporaryDirectory() as folder, sync_playwright() as p:
        path = Path(folder) / "report.html"
        path.write_text(page, encoding="utf-8")
        browser = p.chromium.launch(executable_path=binary, args=flags)
        tab = browser.new_page()
        started = time.perf_counter()
        tab.goto(path.as_uri())
        tab.wait_for_selector("body[data-ready='1']", timeout=120_000)
        wall = time.perf_counter() - started
        ready = int(tab.get_attribute("body", "data-ready-ms"))
        nodes = tab.evaluate("document.getElementsByTagName('*').length")
        shown = tab.locator("#rows li.finding").count()
        flt = tab.evaluate("() => {const t = performance.now(); document.querySelector('#filters input[name=severity]').click();"
                           " return performance.now() - t}")
        back = tab.evaluate("() => {const t = performance.now(); document.querySelector('#filters input[name=severity]').click();"
                            " return performance.now() - t}")
        step = tab.evaluate("() => {const t = performance.now(); for (let i = 0; i < 60; i++)"
                            " document.dispatchEvent(new KeyboardEvent('keydown', {key: 'j'})); return (performance.now() - t) / 60}")
        browser.close()
    print(f"browser (headless Chromium, {findings} findings): ready in {ready} ms after navigation start "
          f"({wall:.1f} s wall clock with the browser's own start); {nodes} elements, {shown} findings drawn on the first page; "
          f"a severity filter off/on {flt:.0f}/{back:.0f} ms; j to the next finding {step:.1f} ms on average over 60 presses")


if __name__ == "__main__":
    main()
