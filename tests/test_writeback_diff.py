"""Issue 20: XLIFF write-back that diffs cleanly. The written file is the input's own
bytes with only what tqa adds: XLIFF 1.2 gets `<note from="tqa">` lines (removing them
gives the input back, byte for byte), XLIFF 2 gets ITS issues inside the `<source>`/
`<target>` lines that have findings and `xmlns:its`/`its:version` on the root. Run on the
samples and on real files of ../shared/data (skipped when absent)."""

from __future__ import annotations

import difflib
import re
from pathlib import Path

import pytest

from qa_core.cli import main
from tests.conftest import shared

ROOT = Path(__file__).resolve().parents[1]
NOTE = re.compile(r'(?:\r?\n[ \t]*)?<note from="tqa"[^>]*>[^<]*</note>')


def write_back(path: Path, out: Path, capsys) -> None:
    code = main(["--no-entry-points", "check", "--isolated", str(path), "-f", "xliff", "-o", str(out), "-q", "--fail-on", "never"])
    err = capsys.readouterr().err
    assert code == 0, err


def assert_only_additions(original: bytes, written: bytes) -> int:
    """The differences are tqa's: returns how many lines carry them."""
    text, new = original.decode("utf-8"), written.decode("utf-8")
    if "urn:oasis:names:tc:xliff:document:2" in text:
        from qa_core.writeback_patch import _elements, _masked

        masked = _masked(text)
        allowed = set()
        for name in ("xliff", "source", "target"):
            for start, tag_end, end, _ in _elements(masked, name):
                first = text.count("\n", 0, start)
                last = text.count("\n", 0, tag_end if name == "xliff" else end)
                allowed.update(range(first, last + 1))
        old_lines, new_lines = text.splitlines(), new.splitlines()
        changed = 0
        for op, a0, a1, b0, b1 in difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False).get_opcodes():
            if op == "equal":
                continue
            touched = range(a0, a1) if a1 > a0 else range(a0 - 1, a0 + 1)
            assert all(line in allowed for line in touched), (op, old_lines[a0:a1], new_lines[b0:b1])
            assert any("tqa-lqi" in line or "its:version" in line for line in new_lines[b0:b1]), new_lines[b0:b1]
            changed += max(b1 - b0, 1)
        return changed
    assert NOTE.sub("", new) == text
    return len(NOTE.findall(new))


SAMPLES = sorted((ROOT / "samples").glob("*.xlf"))


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
def test_samples_write_back_changes_only_what_tqa_adds(path, tmp_path, capsys):
    out = tmp_path / "out.xlf"
    write_back(path, out, capsys)
    changed = assert_only_additions(path.read_bytes(), out.read_bytes())
    assert changed > 0
    # written again over its own output: the same bytes (old issues replaced, not added)
    again = tmp_path / "again.xlf"
    write_back(out, again, capsys)
    assert again.read_bytes() == out.read_bytes()


REAL = [
    ("symfony-xliff12", "validator/Resources/translations/validators.vi.xlf"),
    ("symfony-xliff12", "validator/Resources/translations/validators.de.xlf"),
    ("symfony-xliff12", "security-core/Resources/translations/security.ru.xlf"),
    ("okapi-testdata", "okapi/filters/xliff/src/test/resources/test2_es.xlf"),
    ("okapi-testdata", "okapi/filters/xliff/src/test/resources/SF-12-Test02.xlf"),
    ("okapi-testdata", "okapi/filters/xliff/src/test/resources/MQ-12-Test01.xlf"),
    ("xliff2-oasis-testsuite", "xliff-21/test-suite/core/valid/everything-core.xlf"),
]


@pytest.mark.shared_data
@pytest.mark.parametrize("folder, name", REAL, ids=lambda v: v.split("/")[-1])
def test_real_files_write_back_changes_only_what_tqa_adds(folder, name, tmp_path, capsys):
    path = shared(folder) / name
    if not path.exists():
        pytest.skip(f"{path} is absent")
    out = tmp_path / "out.xlf"
    write_back(path, out, capsys)
    assert_only_additions(path.read_bytes(), out.read_bytes())


@pytest.mark.shared_data
def test_loop_xcode_xliff_writes_back_cleanly(tmp_path, capsys):
    files = sorted(shared("loop-ios-xliff-vi").rglob("*.xliff"))
    if not files:
        pytest.skip("no .xliff file in loop-ios-xliff-vi")
    out = tmp_path / "out.xliff"
    write_back(files[0], out, capsys)
    assert assert_only_additions(files[0].read_bytes(), out.read_bytes()) > 0
