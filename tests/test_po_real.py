"""The PO reader on real files: the same entries as translate-toolkit's parser (msgctxt,
msgid, plurals, msgstr, flags, comments, references, obsolete entries left out, the
header apart), line numbers that point at the keywords, and locations from the lines the
reader hands over identical to locations read from the file.

Real files: the PO files of ../shared/data (skipped when absent), the PO files of this
repository's tests, and every PO file under the folder named by TQA_REAL_PO when set
(for a bench machine with more real files)."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import unquote_plus

import pytest

from qa_core.formats import ReadOptions
from qa_core.readers.po import PoLocator, PoReader
from tests.conftest import SHARED

ROOT = Path(__file__).resolve().parents[1]


def _files() -> list[Path]:
    found = sorted((SHARED / "po-vi-samples").rglob("*.po")) if (SHARED / "po-vi-samples").exists() else []
    found += sorted((ROOT / "tests" / "data").glob("*.po"))
    extra = os.environ.get("TQA_REAL_PO")
    if extra:
        found += sorted(Path(extra).rglob("*.po"))
    return found


FILES = _files()


_TOOLKIT = str.maketrans({"\a": "a", "\b": "b", "\f": "f", "\v": "v"})


def _as_toolkit(text: str) -> str:
    """Our text as translate-toolkit's parser gives it: it reads the escapes `\\a`,
    `\\b`, `\\f`, `\\v` as plain letters (gettext and C read control characters, as we
    do; glibc's and bash's catalogs use `\\v` and `\\a`)."""
    return text.translate(_TOOLKIT)


def _ids(paths):
    return [path.name for path in paths]


def _ours(path: Path):
    """Per entry (in order): what translate-toolkit also gives, from our units."""
    reader = PoReader(str(path), ReadOptions())
    entries: dict[str, dict] = {}
    for unit in reader.units():
        key = unit.id.rsplit("[", 1)[0] if unit.get("plural-form") is not None else unit.id
        entry = entries.setdefault(key, {"msgstr": [], "unit": unit})
        entry["msgstr"].append(unit.target.text if unit.target is not None else "")
    return reader, entries


@pytest.mark.parametrize("path", FILES, ids=_ids(FILES))
def test_the_same_entries_as_translate_toolkit(path):
    from translate.storage import pypo

    store = pypo.pofile.parsefile(str(path))
    theirs = [u for u in store.units if not u.isheader() and not u.isobsolete()]
    _, ours = _ours(path)
    assert len(ours) == len(theirs), "one entry per translate-toolkit unit"
    for (key, entry), unit in zip(ours.items(), theirs):
        mine = entry["unit"]
        context = unit.getcontext() or None
        source = unit.source
        plural = unit.hasplural()
        msgid = source.strings[0] if plural else str(source)
        assert _as_toolkit(key) == (msgid if context is None else f"{context}\x04{msgid}")
        assert mine.get("msgctxt") == context
        if plural:
            assert mine.get("plural-count") == str(len(unit.target.strings))
            assert [_as_toolkit(t) for t in entry["msgstr"]] == [str(s) for s in unit.target.strings]
        else:
            assert _as_toolkit(mine.source.text) == msgid
            assert [_as_toolkit(t) for t in entry["msgstr"]] == [str(unit.target)]
        flags = [f.strip() for f in unit.typecomments for f in f[2:].strip().split(",") if f.strip()] if unit.typecomments else []
        assert (mine.get("flags") or "") == ", ".join(flags)
        assert mine.fuzzy == unit.isfuzzy()
        # translate-toolkit reads references as URL-quoted ("mklost+found.c" becomes "mklost found.c"); gettext does not
        assert [unquote_plus(r) for r in (mine.get("references") or "").split()] == unit.getlocations()
        developer = [n.text for n in mine.notes if n.category == "developer"]
        assert "\n".join(developer) == unit.getnotes("developer")
        translator = [n.text for n in mine.notes if n.category == "translator"]
        assert [t for t in translator if t.strip()] == [t for t in unit.getnotes("translator").split("\n") if t.strip()]


@pytest.mark.parametrize("path", FILES, ids=_ids(FILES))
def test_line_numbers_point_at_the_keywords(path):
    reader, entries = _ours(path)
    lines = path.read_bytes().decode(reader.encoding).split("\n")
    for entry in entries.values():
        segment = entry["unit"].segments[0]
        assert lines[segment.source_line - 1].lstrip("\ufeff").startswith("msgid")
        assert lines[segment.target_line - 1].startswith("msgstr")


def _spans(length: int):
    yield 0, length
    yield 0, 0
    yield length, length
    step = max(1, length // 7)
    for start in range(0, length, step):
        yield start, min(length, start + 3)


@pytest.mark.parametrize("path", FILES, ids=_ids(FILES))
def test_locations_from_the_handed_lines_are_the_file_s(path):
    reader = PoReader(str(path), ReadOptions())
    fast = reader.locator
    slow = PoLocator(str(path), reader.encoding, reader.line_cap)  # nothing handed over: reads the file
    compared = 0
    for unit in reader.units():
        for side in ("source", "target"):
            content = unit.source if side == "source" else unit.target
            if content is None:
                continue
            for start, end in _spans(len(content.text)):
                assert fast.locate(unit, side, start, end) == slow.locate(unit, side, start, end), (unit.id, side, start, end)
                compared += 1
    assert compared
