"""Exact positions: the line and column (code points, 1-based; end exclusive) of a
span of a unit's plain text in the raw file, over markup, references and CDATA."""

import re

import pytest

from tests.conftest import DATA


def raw_place(path, needle, occurrence=0):
    text = path.read_text(encoding="utf-8")
    offset = -1
    for _ in range(occurrence + 1):
        offset = text.index(needle, offset + 1)
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, column


CASES = [
    # file, unit id, side, text to find in the unit, raw text in the file (when it differs), occurrence in the file
    ("joint_statement.xlf", "grant", "target", "VND 2 million", None, 0),
    ("joint_statement.xlf", "grant", "target", "supported", None, 0),  # after &amp;
    ("joint_statement.xlf", "grant", "target", "Fulbright Vietnam program", None, 0),  # inside CDATA
    ("joint_statement.xlf", "grant", "source", "tại Việt Nam", None, 0),  # second segment, after the ignorable
    ("joint_statement.xlf", "title", "target", "Strategic", None, 0),
    ("joint_statement_12.xlf", "2", "target", "2 triệu USD", None, 0),  # after a <bpt> whose data is not text
    ("joint_statement_12.xlf", "3", "target", "Chương trình Fulbright", None, 0),  # after <ph> data, inside <mrk>
    ("joint_statement.sdlxliff", "a1", "target", "20 năm", None, 0),  # second seg mrk, all on one line
    ("joint_statement.sdlxliff", "a1", "source", "They noted", None, 1),  # the seg-source, not the <source>
    ("joint_statement.tmx", "jetp", "target", "Chuyển đổi", None, 0),
    ("joint_statement.tmx", "2", "source", "seed grant", None, 0),
    ("joint_statement_vi.po", "An initial grant of US$%d million", "target", "triệu VND", None, 0),
    (
        "joint_statement_vi.po",
        'Both sides welcomed the "Fulbright Program" in Vietnam.\n',
        "target",
        "Chương trình",
        None,
        0,
    ),
    (
        "joint_statement_vi.po",
        'Both sides welcomed the "Fulbright Program" in Vietnam.\n',
        "target",
        "tại Việt Nam",
        None,
        0,
    ),
]


@pytest.mark.parametrize("name, unit_id, side, needle, raw, occurrence", CASES)
def test_exact_line_and_column(open_doc, name, unit_id, side, needle, raw, occurrence):
    path = DATA / name
    document = open_doc(path)
    unit = next(u for u in document.units() if u.id == unit_id)
    text = (unit.source if side == "source" else unit.target).text
    start = text.index(needle)
    position = document.locate(unit, side, start, start + len(needle))
    line, column = raw_place(path, raw or needle, occurrence)
    assert (position.line, position.column) == (line, column)
    assert (position.end_line, position.end_column) == (line, column + len(raw or needle))


def test_empty_span_is_a_point(open_doc):
    path = DATA / "joint_statement.xlf"
    document = open_doc(path)
    unit = next(u for u in document.units() if u.id == "sea")
    position = document.locate(unit, "target", 5, 5)
    line, column = raw_place(path, "Sea</target>")
    assert (position.line, position.column, position.end_line, position.end_column) == (line, column, line, column)


def test_many_findings_in_a_big_file_stay_cheap(open_doc, tmp_path):
    """The work, not the time: 200 places in a 20,000-line file read the file once for
    the sparse index and a few checkpoints' worth of lines per place, not the file
    again from the top for each place (which would be ~2 million lines)."""
    path = tmp_path / "big.xlf"
    with open(path, "w", encoding="utf-8") as out:
        out.write(
            '<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en" trgLang="vi"><file id="f">\n'
        )
        out.writelines(
            f'<unit id="u{n}"><segment><source>Text &amp; {n}</source><target>Văn bản &amp; {n}</target></segment></unit>\n'
            for n in range(20000)
        )
        out.write("</file></xliff>\n")
    document = open_doc(path)
    checked = 0
    for unit in document.units():
        if int(unit.id[1:]) % 100 == 0:
            position = document.locate(unit, "target", 10, len(unit.target.text))
            number = int(unit.id[1:])
            raw = f'<unit id="u{number}"><segment><source>Text &amp; {number}</source><target>Văn bản &amp; {number}'
            expected = raw.rindex("&amp; ") + len("&amp; ") + 1
            assert (position.line, position.column) == (number + 2, expected)
            assert (position.end_line, position.end_column) == (number + 2, len(raw) + 1)
            checked += 1
    assert checked == 200
    lines = document.locator.lines
    assert lines.lines_read <= 20_003 + 200 * 2 * 256


@pytest.mark.parametrize("block", [1 << 20, 1000, 7])
@pytest.mark.parametrize("cap", [0, 400])
def test_line_source_reads_the_lines_a_split_gives(tmp_path, monkeypatch, block, cap):
    """`LineSource.lines` (its index built a block at a time, a stretch between
    checkpoints read at once) gives the file's lines as `split` cuts them, with their
    line ends: a last line without one, empty lines, CR inside lines, lines longer than
    the cap (cut at it, as read line by line), index blocks that end inside a line."""
    import random

    from qa_core.readers import _xml

    monkeypatch.setattr(_xml, "_INDEX_BLOCK", block)
    rng = random.Random(3)
    texts = {
        "mixed": b"".join(b"y" * rng.choice([0, 1, 10, 300, 900]) + rng.choice([b"", b"\r"]) + b"\n" for _ in range(2000)),
        "no-last-end": b"".join(b"line %d\n" % n for n in range(255)) + b"last",
        "exactly-256": b"".join(b"line %d\n" % n for n in range(256)),
        "empty": b"",
        "only-ends": b"\n" * 1000,
    }
    for name, data in texts.items():
        path = tmp_path / name
        path.write_bytes(data)
        expected = [part + b"\n" for part in data.split(b"\n")[:-1]] + ([data.split(b"\n")[-1]] if not data.endswith(b"\n") and data else [])
        if cap:
            expected = [line if len(line) <= cap else line[:cap] for line in expected]
        expected = [line.decode() for line in expected]
        source = _xml.LineSource(str(path), "utf-8", cap)
        for first in [1, 2, 255, 256, 257, 600, len(expected), len(expected) + 3] + [rng.randrange(1, len(expected) + 2) for _ in range(20)]:
            for count in (1, 3, 300):
                assert source.lines(first, count) == expected[first - 1:first - 1 + count], (name, first, count)


@pytest.mark.parametrize("encoding", ["utf-8", "cp1252", "utf-16", "iso-2022-jp"])
@pytest.mark.parametrize("cap", [0, 5])
def test_line_source_text_is_its_lines_joined(tmp_path, encoding, cap):
    """`LineSource.text` (one decode of the raw lines where the codec allows it) is
    `"".join(lines(...))` (each line decoded alone): bad UTF-8 bytes at line ends and
    inside lines, a BOM, CR LF, a last line without a line end; codecs where decoding
    lines together could differ (UTF-16, a stateful one) and cut lines take the
    line-by-line way."""
    import random

    from qa_core.readers import _xml

    rng = random.Random(7)
    words = ["plain", "Việt Nam", "ḿ", "日本語", "€uro", "tab\there", "cr\r", ""]
    lines = [" ".join(rng.choice(words) for _ in range(rng.randrange(0, 6))) for _ in range(700)]
    text = "".join(line + rng.choice(["\n", "\r\n"]) for line in lines) + "last"
    data = text.encode(encoding, errors="replace")
    if encoding == "utf-8":
        data = codecs_bom() + data
        broken = bytearray(data)
        for at in rng.sample(range(len(broken)), 40):
            broken[at] = rng.choice([0xC3, 0xE1, 0x80, 0xFF])  # lead bytes cut by a line end, stray continuations
        data = bytes(broken)
    path = tmp_path / "f.txt"
    path.write_bytes(data)
    source = _xml.LineSource(str(path), encoding, cap)
    other = _xml.LineSource(str(path), encoding, cap)
    for first in [1, 2, 63, 64, 255, 256, 257, 690, 702, 705] + [rng.randrange(1, 710) for _ in range(30)]:
        for count in (1, 2, 64, 300):
            assert source.text(first, count) == "".join(other.lines(first, count)), (encoding, cap, first, count)


def codecs_bom() -> bytes:
    import codecs

    return codecs.BOM_UTF8


def test_offsets_array_is_content_offsets(tmp_path):
    """The XML locator's `_offsets_array` gives the code points' raw offsets that
    `content_offsets` yields, for every <source>/<target> of the XLIFF files of the
    tests and samples (inline codes, opaque code data, references, CDATA, line ends)."""
    from array import array
    from pathlib import Path

    from qa_core.readers import _xml
    from qa_core.readers.xliff1 import OPAQUE

    root = Path(__file__).resolve().parents[1]
    paths = sorted(p for folder in ("tests", "samples") for p in (root / folder).rglob("*.xlf"))
    assert paths
    checked = 0
    for path in paths:
        try:
            lines = _xml.LineSource(str(path), _xml.declared_encoding(str(path)))
            window = _xml._Window(lines, 1)
            while window.more():
                pass
        except (OSError, LookupError):
            continue
        for match in re.finditer(r"<(?:\w+:)?(?:source|target|seg-source)[\s>]", window.text):
            tag = _xml._START_TAG.match(window.text, match.start())
            if tag is None or tag.group(3):
                continue
            for single in (frozenset(), frozenset({"x"})):
                expected = array("q", _xml.content_offsets(_xml._Tokens(window, tag.end()), OPAQUE, single))
                got = _xml._offsets_array(_xml._Tokens(window, tag.end()), OPAQUE, single)
                assert got == expected, (path.name, match.start())
            checked += 1
    assert checked > 100
