"""Which files `tqa check -j N` shares out over the processes (`runner._splits`), and
that a run of several files spread over worker processes reports what one process does."""

from __future__ import annotations

import json

import pytest

from qa_core import runner
from qa_core.cli import main

MIB = 1 << 20


@pytest.fixture
def threshold(monkeypatch):
    monkeypatch.delenv("TQA_SPLIT_BYTES", raising=False)


def test_one_large_file_is_split(threshold):
    assert runner._splits("big.po", 3 * MIB, 3 * MIB, 2)


def test_a_large_file_among_others_of_its_size_goes_whole(threshold):
    # five files of ~1 MiB on two cores: whole files keep both busy, no share is needed
    assert not runner._splits("a.po", MIB + 1, 5 * MIB, 2)


def test_a_file_that_dominates_the_run_is_split(threshold):
    assert runner._splits("big.po", 8 * MIB, 9 * MIB, 2)


def test_small_files_and_resource_pairs_are_never_split(threshold):
    assert not runner._splits("small.po", MIB - 1, MIB - 1, 4)
    assert not runner._splits(object(), 5 * MIB, 5 * MIB, 4)


def test_threshold_zero_splits_every_file(monkeypatch):
    monkeypatch.setenv("TQA_SPLIT_BYTES", "0")
    assert runner._splits("a.po", 10, 10_000, 2)


def _po(path, count, seed):
    lines = ['msgid ""', 'msgstr ""', '"Content-Type: text/plain; charset=UTF-8\\n"', '"Language: vi\\n"', ""]
    for n in range(count):
        lines += [f'msgid "Delete {n + seed} files from the folder"', f'msgstr "Xoá {n + seed + (n % 7 == 0)} tệp khỏi thư mục  "', ""]
    path.write_text("\n".join(lines), encoding="utf-8")


def test_several_files_over_workers_report_what_one_process_does(tmp_path, capsys):
    paths = []
    for number, count in enumerate((5, 60, 20, 200)):  # not in order of size: dealt out largest first
        path = tmp_path / f"f{number}.po"
        _po(path, count, number * 1000)
        paths.append(str(path))
    reports = []
    for jobs in ("1", "3"):
        out = tmp_path / f"report-{jobs}.json"
        main(["check", "-j", jobs, "--isolated", "-f", "json", "-o", str(out), "--fail-on", "never", *paths])
        report = json.loads(out.read_text(encoding="utf-8"))
        report.pop("run")
        reports.append(report)
    assert reports[0]["findings"], "the files have defects: the comparison must see findings"
    assert reports[0] == reports[1]
