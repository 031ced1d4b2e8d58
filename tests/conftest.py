"""Shared fixtures: the project's own test files (tests/data), the third-party files
in ../shared/data (read in place, never copied; tests skip without them), and a report
with findings of several rules, severities and sides, built by running the real checks
over an in-memory document (so every reporter is tested on what `tqa check` produces,
not on hand-made findings)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from qa_core.config import Config, Layer
from qa_core.formats import ReadOptions
from qa_core.manager import load_plugins
from qa_core.model import Content, Document, File, Locator, Position, Segment, Unit, unit_text
from qa_core.report import Report
from qa_core.runner import InputSummary, RunResult, WORD, check_document, open_document
from qa_core.testing import default_plugins

DATA = Path(__file__).resolve().parent / "data"
@pytest.fixture(scope="session", autouse=True)
def _private_cache(tmp_path_factory):
    """tqa's on-disk cache (qa_core.cache) in a folder of this test session, not the
    user's ~/.cache/tqa: tests and the processes they start share it, nothing leaks."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TQA_CACHE_DIR", str(tmp_path_factory.mktemp("tqa-cache")))
        yield


SHARED = Path(os.environ.get("TQA_SHARED_DATA") or Path(__file__).resolve().parents[1].parent / "shared" / "data")
ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def plugins():
    return load_plugins(entry_points=False)


@pytest.fixture(scope="session")
def open_doc(plugins):
    def opener(path, format=None, **options):
        return open_document(str(path), plugins, ReadOptions(**options), format)

    return opener


def shared(*parts: str) -> Path:
    """A folder of ../shared/data, or a skip saying it is absent."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"shared data {path} is absent (set TQA_SHARED_DATA or put shared/ beside the repo)")
    return path


# (id, source, target): texts written for these tests, in the style of the 2023 Joint Statement
UNITS = [
    ("p1", "Hai nhà lãnh đạo nhất trí nâng cấp quan hệ lên Đối tác Chiến lược Toàn diện.",
     "The two leaders agreed to upgrade relations to a Comprehensive Strategic Partnership."),
    ("p2", "Hoa Kỳ cam kết khoản tài trợ ban đầu %d triệu USD.",
     "The United States committed an initial grant of VND 2 million."),
    ("p3", "Chương trình Fulbright tại Việt Nam", ""),
    ("p4", "Xin chào, {name}!", " Welcome, {name}!"),
    ("p5", "Peace Corps", "Peace Corps"),
    ("p6", "Tăng cường hợp tác <về> \"giáo dục\" & y tế: %1$s", "Strengthen cooperation in <education> & \"health\": %1$d"),
    ("p7", "%s đã ký %d hiệp định", "%d agreements signed by %s"),
    ("p8", "Hợp tác quốc phòng\nvà an ninh", "Defense and\nsecurity cooperation %s"),
]


class ColumnLocator(Locator):
    """Each unit on its own line (line = 10 × its number), source text starting at
    column 9 and target text at column 9 of the next line, as a reader would say."""

    def locate(self, unit: Unit, side, start: int, end: int) -> Position:
        number = int(unit.id[1:])
        line = 10 * number + (0 if side == "source" else 1)
        text = unit_text(unit, side)
        before = text[:start]
        inside = text[start:end]
        start_line = line + before.count("\n")
        column = (len(before) - before.rfind("\n") - 1 if "\n" in before else len(before) + 9)
        end_line = start_line + inside.count("\n")
        return Position(self.path, start_line, column, end_line if end_line != start_line else None, None)


def make_document(units=UNITS, path: str = "samples/joint-statement.xlf") -> Document:
    file = File("f1", original="joint-statement.docx", source_lang="vi", target_lang="en")
    made = [
        Unit(uid, (Segment(Content(src), Content(tgt) if tgt is not None else None, source_line=10 * int(uid[1:]), target_line=10 * int(uid[1:]) + 1),), file, line=10 * int(uid[1:]))
        for uid, src, tgt in units
    ]
    return Document(path, "xliff2", lambda: iter(made), "vi", "en", "2.1", locator=ColumnLocator(path))


def make_report(units=UNITS, path: str = "samples/joint-statement.xlf", fail_on: str = "minor", plugins=None) -> Report:
    plugins = plugins or default_plugins()
    # the basic plugin's rules only, so that the expected outputs do not move when
    # other plugins learn to see more in these texts
    config = Config(layers=[Layer("defaults", select=("BAS",))], fail_on=fail_on)
    document = make_document(units, path)
    result = check_document(document, plugins, config)
    run = RunResult([result.summary], sorted(result.findings, key=lambda f: f.sort_key()), [], 1694304000.0, 0.25)
    return Report.build(run, plugins, config, command=["check", path])


@pytest.fixture()
def report() -> Report:
    return make_report()


@pytest.fixture()
def in_tmp(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run_tqa(capsys, *args):
    """`tqa ARGS...` in this process without entry-point plugins: (exit code, stdout, stderr);
    argparse's usage errors (SystemExit) give their code too."""
    from qa_core.cli import main

    try:
        code = main(["--no-entry-points", *args])
    except SystemExit as exit:
        code = exit.code
    out, err = capsys.readouterr()
    return code, out, err
