"""Runs that end early end cleanly: Ctrl-C and SIGTERM under -j stop the workers at
once (exit 130 / 143, no traceback, no report), workers die with their parent, a
plugin that exits or kills its process is exit 2 naming the plugin and the file, and
a check that never returns becomes a TQA001 finding under the time limit.

These tests run `tqa` as a subprocess and wait with generous timeouts; they assert
what happened, never how long it took."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
WAIT = 120  # seconds: a ceiling for a loaded machine, not a speed requirement

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")


def _env(marks: Path) -> dict:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")])
    env["TQA_TEST_MARKS"] = str(marks)
    return env


def _corpus(folder: Path, files: int, marker: str | None, units: int = 50) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for number in range(files):
        lines = [f"Câu số {number}.{index}\tSentence {number}.{index}" for index in range(units)]
        if marker:
            lines.insert(units // 2, f"{marker} {number}\t{marker} {number}")
        (folder / f"part{number}.pairs").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def _tqa(args, marks: Path, **kwargs):
    command = [sys.executable, "-m", "qa_core", "check", "--isolated", "--plugin", "tests.plugins.tsv_reader", "--plugin", "tests.plugins.misbehaving", *args]
    return subprocess.Popen(command, cwd=ROOT, env=_env(marks), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kwargs)


def _wait_for_marks(marks: Path, count: int, process) -> list[int]:
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        if marks.exists():
            pids = sorted({int(line.split()[0]) for line in marks.read_text().splitlines() if line.strip()})
            if len(pids) >= count:
                return pids
        if process.poll() is not None:
            out, err = process.communicate()
            pytest.fail(f"tqa ended before its workers were busy: {process.returncode} {err}")
        time.sleep(0.05)
    process.kill()
    pytest.fail("the workers never started checking")


def _gone(pid: int) -> bool:
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        try:  # a zombie of ours counts as gone
            with open(f"/proc/{pid}/stat") as handle:
                if handle.read().split(")")[-1].split()[0] == "Z":
                    return True
        except OSError:
            return True
        time.sleep(0.05)
    return False


@pytest.mark.parametrize(("signum", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_signal_under_jobs_stops_workers_and_writes_nothing(tmp_path, signum, code):
    if signum == signal.SIGINT and signal.getsignal(signal.SIGINT) == signal.SIG_IGN:
        # started as a background job of a non-interactive shell (`cmd &`): SIGINT is
        # ignored from the start and tqa, its child, inherits that, as POSIX says it must
        pytest.skip("SIGINT is ignored in this process (a background job), so in tqa's too")
    marks = tmp_path / "marks"
    corpus = _corpus(tmp_path / "in", 4, "SLEEP")
    output = tmp_path / "out.json"
    # a new session: SIGINT goes to the whole group, as a terminal's Ctrl-C does
    process = _tqa(["-j", "2", "--time-limit", "0", "-f", "json", "-o", str(output), str(corpus)], marks, start_new_session=True)
    workers = _wait_for_marks(marks, 2, process)
    if signum == signal.SIGINT:
        os.killpg(process.pid, signum)
    else:
        process.send_signal(signum)  # CI runners signal the main process
    try:
        _, err = process.communicate(timeout=WAIT)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)  # leave no tqa behind a failing test
        raise
    assert process.returncode == code, err
    assert "Traceback" not in err and err.strip().count("\n") == 0, err
    assert not output.exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".tqa-")]
    assert all(_gone(pid) for pid in workers)


def test_workers_die_with_their_parent(tmp_path):
    marks = tmp_path / "marks"
    corpus = _corpus(tmp_path / "in", 2, "SLEEP")
    process = _tqa(["-j", "2", "--time-limit", "0", str(corpus)], marks)
    workers = _wait_for_marks(marks, 2, process)
    process.kill()  # SIGKILL: the parent has no chance to clean up
    process.communicate(timeout=WAIT)
    assert all(_gone(pid) for pid in workers)


@pytest.mark.parametrize("jobs", ["1", "2"])
@pytest.mark.parametrize("marker", ["EXIT", "OSEXIT", "KILL"])
def test_a_plugin_that_ends_its_process_is_exit_2_naming_plugin_and_file(tmp_path, marker, jobs):
    if marker != "EXIT" and jobs == "1":
        pytest.skip("os._exit or a kill in the only process ends tqa itself")
    corpus = _corpus(tmp_path / "in", 3, None)
    (corpus / "part1.pairs").write_text(f"Một\tOne\n{marker} here\t{marker} here\n", encoding="utf-8")
    output = tmp_path / "out.json"
    process = _tqa(["-j", jobs, "-f", "json", "-o", str(output), str(corpus)], tmp_path / "marks")
    _, err = process.communicate(timeout=WAIT)
    assert process.returncode == 2, err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in err, err
    assert "part1.pairs" in lines[0] and "'hostile'" in lines[0] and "tests.plugins.misbehaving" in lines[0], err
    assert not output.exists()


@pytest.mark.parametrize("jobs", ["1", "2"])
@pytest.mark.parametrize("marker", ["HANG", "SLEEP"])
def test_a_stuck_check_becomes_tqa001_under_the_time_limit(tmp_path, marker, jobs):
    corpus = _corpus(tmp_path / "in", 2, None, units=3)
    (corpus / "part1.pairs").write_text(f"Một\tOne\n{marker} here\t{marker} here\nHai\tTwo\n", encoding="utf-8")
    process = _tqa(["-j", jobs, "--time-limit", "0.5", "--select", "TQA,TST", "-f", "json", str(corpus)], tmp_path / "marks")
    out, err = process.communicate(timeout=WAIT)
    assert process.returncode == 1, err
    findings = json.loads(out)["findings"]
    stuck = [f for f in findings if f["rule_id"] == "TQA001"]
    assert len(stuck) == 1, findings
    assert "'hostile'" in stuck[0]["message"] and "time limit" in stuck[0]["message"]
    assert stuck[0]["location"]["unit_id"] == "l2" and stuck[0]["location"]["file"].endswith("part1.pairs")
    assert len(json.loads(out)["inputs"]) == 2  # the run went on past the stuck unit


def test_jobs_values(tmp_path):
    corpus = _corpus(tmp_path / "in", 2, None, units=2)
    for value in ("0", "auto", "3"):
        process = _tqa(["-j", value, "--select", "TQA", str(corpus)], tmp_path / "marks")
        _, err = process.communicate(timeout=WAIT)
        assert process.returncode == 0, (value, err)
    for value in ("-1", "many"):
        process = _tqa(["-j", value, str(corpus)], tmp_path / "marks")
        _, err = process.communicate(timeout=WAIT)
        assert process.returncode == 2 and "'--jobs' must be a number of worker processes, or 0 or 'auto'" in err, err


@pytest.mark.parametrize("marker", ["EXIT", "OSEXIT"])
def test_a_plugin_that_ends_its_process_in_a_split_file_is_exit_2(tmp_path, marker):
    """One file over `SPLIT_BYTES` is shared by the parent and a worker: whichever of
    them meets the unit, the run ends the same way (an `os._exit` in the parent's share
    ends tqa itself, as with -j 1, so that case is left out)."""
    corpus = _corpus(tmp_path / "in", 1, None, units=40_000)
    path = corpus / "part0.pairs"
    assert path.stat().st_size >= (1 << 20)
    with path.open("a", encoding="utf-8") as handle:
        handle.write(f"{marker} here\t{marker} here\n")
    output = tmp_path / "out.json"
    process = _tqa(["-j", "2", "--select", "TQA,TST", "-f", "json", "-o", str(output), str(path)], tmp_path / "marks")
    _, err = process.communicate(timeout=WAIT)
    if marker == "OSEXIT" and process.returncode != 2:
        # the parent's share met it: tqa itself ended, with the plugin's own exit status (0),
        # as with -j 1; nothing was written half-way
        assert not output.exists()
        return
    assert process.returncode == 2, err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in err, err
    assert "part0.pairs" in lines[0] and "'hostile'" in lines[0] and "tests.plugins.misbehaving" in lines[0], err
    assert not output.exists()
