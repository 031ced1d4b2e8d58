"""Real third-party files, read in place from ../shared/data (never copied here).
Skipped, with the reason, when that folder is absent."""

from __future__ import annotations

from pathlib import Path

import pytest

from qa_core.errors import InputError
from qa_core.writers.xliff import write_xliff
from tests.conftest import shared

pytestmark = pytest.mark.shared_data

#: the data README says this "valid" 2.2 file is itself malformed upstream (an undeclared prefix)
KNOWN_MALFORMED = "Good-pgs_plural.xlf"


def oasis(kind: str) -> list[Path]:
    root = shared("xliff2-oasis-testsuite")
    return sorted(root.glob(f"*/test-suite/*/{kind}/*.xlf"))


def load(open_doc, path: Path, **options):
    document = open_doc(path, **options)
    units = list(document.units())
    return document, units


def test_every_oasis_valid_file_loads(open_doc):
    files = oasis("valid")
    assert len(files) == 120
    refused = []
    for path in files:
        try:
            load(open_doc, path)
        except InputError as error:
            refused.append((path.name, str(error)))
    assert [name for name, _ in refused] == [KNOWN_MALFORMED], refused


def test_oasis_invalid_files_load_or_are_refused_cleanly(open_doc, capsys):
    files = oasis("invalid")
    assert len(files) == 324
    refused, loaded, warned = [], 0, 0
    for path in files:
        try:
            document, _ = load(open_doc, path)
        except InputError as error:
            refused.append(f"{path.parent.parent.parent.parent.name}/{path.name}: {error.message}")
            continue
        loaded += 1
        warned += bool(document.warnings)
    with capsys.disabled():
        print(
            f"\nOASIS invalid: {len(files)} files, {len(refused)} refused, {loaded} loaded ({warned} with input warnings)"
        )
    # any other exception fails the test by itself; these are the unreadable ones (XML errors, unpaired codes)
    assert 10 <= len(refused) <= 40, refused


def test_every_oasis_valid_file_round_trips(open_doc, tmp_path):
    def key(unit):
        def content(c):
            return None if c is None else (c.text, tuple((x.kind, x.id, x.pos, x.data, x.attrs) for x in c.codes))

        return (
            unit.id,
            unit.name,
            unit.translate,
            unit.groups,
            unit.notes,
            tuple(
                (content(s.source), content(s.target), s.id, s.state, s.sub_state, s.ignorable) for s in unit.segments
            ),
        )

    checked = 0
    for path in oasis("valid"):
        if path.name == KNOWN_MALFORMED:
            continue
        version = "2.2" if "xliff-22" in path.parts else "2.1"
        document, units = load(open_doc, path)
        out = tmp_path / f"{checked}.xlf"
        write_xliff(document, str(out), version=version)
        _, again = load(open_doc, out)
        assert [key(u) for u in units] == [key(u) for u in again], path
        checked += 1
    assert checked == 119


def test_okapi_xliff_files_load(open_doc):
    root = shared("okapi-testdata")
    files = sorted(root.rglob("*.xlf"))
    assert len(files) >= 20
    formats = {}
    for path in files:
        document, units = load(open_doc, path)
        formats[path.name] = (document.format, len(units))
    assert formats["MQ-12-Test01.xlf"][0] == "mqxliff"
    assert formats["test2_es.xlf"][0] == "sdlxliff"


def test_symfony_and_loop_xliff_load(open_doc):
    files = sorted(shared("symfony-xliff12").rglob("*.xlf"))
    assert len(files) > 100
    for path in files:
        document, units = load(open_doc, path)
        assert units and document.source_lang == "en"
    document, units = load(open_doc, shared("loop-ios-xliff-vi") / "vi.xcloc" / "Localized Contents" / "vi.xliff")
    assert len(units) == 2378 and document.target_lang == "vi"
    assert sum(u.target is not None for u in units) == 900


def test_po_files_load(open_doc):
    files = sorted(shared("po-vi-samples").rglob("*.po*")) + sorted(shared("okapi-testdata").rglob("*.po*"))
    assert len(files) >= 15
    counts = {}
    for path in files:
        _, units = load(open_doc, path)
        counts[path.name] = len(units)
    assert counts["Test_DrupalRussianCP1251.po"] == 17


def test_tmx_files_load(open_doc):
    files = sorted(shared("okapi-testdata").rglob("*.tmx"))
    assert len(files) >= 15
    for path in files:
        load(open_doc, path)


def test_positions_on_real_files(open_doc):
    path = shared("loop-ios-xliff-vi") / "vi.xcloc" / "Localized Contents" / "vi.xliff"
    document = open_doc(path)
    lines = path.read_text(encoding="utf-8").split("\n")
    checked = 0
    for unit in document.units():
        if unit.target is None or len(unit.target.text) < 4 or "&" in unit.target.text or "\n" in unit.target.text:
            continue
        text = unit.target.text
        position = document.locate(unit, "target", 1, 4)
        raw = lines[position.line - 1]
        assert raw[position.column - 1 : position.end_column - 1] == text[1:4], unit.id
        checked += 1
    assert checked > 800


def test_real_xliff1_po_and_tmx_files_convert_to_xliff2_and_back(open_doc, tmp_path):
    def key(unit):
        def content(c):
            return None if c is None else (c.text, tuple((x.kind, x.data) for x in c.inline_codes))

        return tuple(
            (content(s.source), content(s.target), s.state, s.ignorable) for s in unit.segments
        ), unit.translate

    files = sorted(shared("okapi-testdata").rglob("*.xlf")) + sorted(shared("okapi-testdata").rglob("*.po"))
    files += sorted(shared("okapi-testdata").rglob("*.tmx")) + sorted(shared("symfony-xliff12").rglob("*.vi.xlf"))
    files += [shared("loop-ios-xliff-vi") / "vi.xcloc" / "Localized Contents" / "vi.xliff"]
    files += sorted(shared("po-vi-samples").rglob("*.po"))
    for number, path in enumerate(files):
        document, units = load(open_doc, path)
        out = tmp_path / f"{number}.xlf"
        write_xliff(document, str(out))
        _, again = load(open_doc, out)
        assert [key(u) for u in units] == [key(u) for u in again], path
