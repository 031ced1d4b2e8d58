"""The markup plugin end to end, and its scanners on hostile input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tqa_plugins.markup.scan import (
    bbcode_tags,
    code_spans,
    confirmed_names,
    entities,
    markdown_links,
    markdown_references,
    scan_tags,
)

PO = '''msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Language: vi\\n"

#. (itstool) path: page/p
msgid "Click <gui>Save</gui> to keep the <link xref=\\"files\\">file</link>."
msgstr "Bấm <gui>Lưu</gui> để giữ <link xref=\\"tep\\">tệp</link>."

msgid "Welcome <b>back</b>"
msgstr "Chào mừng <b>trở lại</b><script>x()</script>"

msgid "usage: git add <file>"
msgstr "cách dùng: git add <tệp>"
'''


def test_a_po_file_with_markup(tmp_path: Path):
    path = tmp_path / "help.vi.po"
    path.write_text(PO, encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "qa_core", "check", str(path), "--select", "MKP", "-f", "json",
                           "--source-lang", "en"], capture_output=True, text=True)
    assert done.returncode == 1, done.stderr
    findings = json.loads(done.stdout)["findings"]
    by_rule = {f["rule_id"]: f for f in findings}
    assert set(by_rule) == {"MKP003", "MKP005"}
    xref = by_rule["MKP003"]["location"]["target"]
    assert xref["line"] == 8 and xref["text"] == '<link xref="tep">'
    assert by_rule["MKP005"]["severity"] == "critical"
    assert by_rule["MKP005"]["location"]["target"]["line"] == 11


@pytest.mark.parametrize(
    "text",
    [
        "<a" * 50_000,
        "<a " + " " * 100_000,
        '<a x="' + "y" * 100_000,
        "</" * 50_000,
        "<a b" * 25_000,
        "[x](" * 25_000,
        "`" * 100_000,
        "` a " * 25_000,
        "&a" * 50_000,
        "[url=" + "a" * 100_000,
        "][" * 50_000,
    ],
    ids=lambda text: repr(text[:6]),
)
def test_scanners_read_hostile_text_in_one_pass(text):
    """Long runs of tag starts, quotes, brackets and backticks: each scanner reads a
    candidate at most MAX_TAG characters, so these finish at once; a backtracking
    pattern would not finish the suite."""
    tags, broken = scan_tags(text)
    assert len(tags) + len(broken) <= text.count("<")
    for scan in (markdown_links, code_spans, bbcode_tags, entities, markdown_references):
        scan(text)


def test_evidence_of_markup():
    tags, _ = scan_tags("git add <file> then <b>x</b>, <br>, <img src='a.png'>, <x/>, <name>")
    assert confirmed_names(tags) == {"b", "br", "img", "x"}
