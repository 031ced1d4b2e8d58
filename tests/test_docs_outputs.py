"""Documented outputs are regenerated from the samples, so docs cannot drift (issue 20:
docs/ci.md said 36 findings when the samples gave 35).

A fenced block right after `<!-- output: ARGS -->` in a docs page is what `tqa ARGS`
prints, run from the project root with `--isolated`; `| head N` keeps the first N lines;
the word `findings.json` stands for a JSON report of `tqa check samples`. Sentences with
figures are marked `<!-- figures: NAME -->...<!-- /figures -->` and rebuilt by FIGURES below.

    python tests/test_docs_outputs.py        # rewrites the blocks and figures of DOCS
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOCS = [ROOT / "docs" / "ci.md"]
BLOCK = re.compile(r"(<!-- output: (?P<args>.+?) -->\n```[^\n]*\n)(?P<body>.*?)(\n```)", re.DOTALL)
FIGURES = re.compile(r"(<!-- figures: (?P<name>[\w-]+) -->)(?P<body>.*?)(<!-- /figures -->)", re.DOTALL)


def tqa(args: list[str]) -> tuple[int, str, str]:
    from qa_core.cli import main

    out, err = io.StringIO(), io.StringIO()
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main([args[0], "--isolated", "--no-entry-points", *args[1:]] if args[0] == "check" else ["--no-entry-points", *args])
    finally:
        os.chdir(cwd)
    return code, out.getvalue(), err.getvalue()


def _report(folder: str) -> str:
    path = os.path.join(folder, "findings.json")
    if not os.path.exists(path):
        tqa(["check", "samples", "-q", "-f", "json", "-o", path])
    return path


def output(args: str, folder: str) -> str:
    command, _, head = args.partition("| head ")
    words = [_report(folder) if word == "findings.json" else word for word in command.split()]
    _, out, _ = tqa(words)
    lines = out.rstrip("\n").splitlines()
    return "\n".join(lines[: int(head)] if head else lines)


def figures(name: str, folder: str) -> str:
    summary = json.loads(Path(_report(folder)).read_text(encoding="utf-8"))["summary"]
    severity = summary["by_severity"]
    if name == "scorecard":
        penalty = 25 * severity.get("critical", 0) + 5 * severity.get("major", 0) + severity.get("minor", 0)
        normed = penalty * 1000 / summary["source_words"]
        return (f"On the samples ({summary['source_words']} source words; {severity.get('critical', 0)} critical, "
                f"{severity.get('major', 0)} major, {severity.get('minor', 0)} minor, {severity.get('info', 0)} info findings) the penalty\n"
                f"is {penalty}, {normed:.2f} per 1,000 words: {'FAIL' if normed > 10 else 'PASS'} at the default threshold.")
    if name == "baseline":
        return (f"\n```\n$ tqa check samples --write-baseline tqa-baseline.json --quiet > /dev/null\n"
                f"tqa: wrote {summary['findings']} finding(s) to the baseline tqa-baseline.json\n"
                f"$ tqa check samples --baseline tqa-baseline.json\n"
                f"No findings in {summary['files']} file(s), {summary['units']} unit(s).\n```\n")
    raise KeyError(name)


def rebuilt(text: str, folder: str) -> str:
    text = BLOCK.sub(lambda m: m.group(1) + output(m.group("args"), folder) + m.group(4), text)
    return FIGURES.sub(lambda m: m.group(1) + figures(m.group("name"), folder) + m.group(4), text)


def test_documented_outputs_are_what_the_samples_give():
    with tempfile.TemporaryDirectory() as folder:
        for page in DOCS:
            text = page.read_text(encoding="utf-8")
            assert BLOCK.search(text) or FIGURES.search(text), f"{page.name} has no generated block"
            assert rebuilt(text, folder) == text, f"{page.relative_to(ROOT)} drifted: python tests/test_docs_outputs.py rewrites it"


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    with tempfile.TemporaryDirectory() as folder:
        for page in DOCS:
            page.write_text(rebuilt(page.read_text(encoding="utf-8"), folder), encoding="utf-8")
            print(f"wrote {page.relative_to(ROOT)}")
