"""Every output path of every command: regular files replaced atomically, links kept,
pipes and devices written through, '-' is stdout, inputs never overwritten (their bytes
are compared after every command), one-line errors naming the path the user gave."""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from qa_core.cli import main
from qa_core.files import OutputError, output_file, pending_temporaries, write_output

DATA = Path(__file__).resolve().parent / "data"
ROOT = Path(__file__).resolve().parents[1]


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture()
def work(tmp_path):
    shutil.copy(DATA / "joint_statement.xlf", tmp_path / "app.xlf")
    shutil.copy(DATA / "joint_statement_vi.po", tmp_path / "app.po")
    shutil.copy(ROOT / "samples" / "joint-statement.en.txt", tmp_path / "src.txt")
    shutil.copy(ROOT / "samples" / "joint-statement.vi.txt", tmp_path / "tgt.txt")
    assert main(["check", str(tmp_path / "app.xlf"), "-f", "json", "-o", str(tmp_path / "r.json"), "--fail-on", "never", "-q"]) == 0
    return tmp_path


def _one_line(err: str) -> str:
    lines = [line for line in err.splitlines() if line.strip()]
    assert lines, "no message"
    assert "Traceback" not in err
    return lines[-1]


# ---------------------------------------------------------------------------
# inputs are never overwritten, by any output of any command
# ---------------------------------------------------------------------------


def _commands(w: Path):
    xlf, po, rep = str(w / "app.xlf"), str(w / "app.po"), str(w / "r.json")
    link = w / "link.xlf"
    if not link.exists():
        link.symlink_to(w / "app.xlf")
    return [
        (["check", xlf, "-o", xlf], "app.xlf"),
        (["check", xlf, "-o", str(link)], "app.xlf"),
        (["check", xlf, "--report", f"sarif={xlf}"], "app.xlf"),
        (["check", xlf, "--report", f"html={link}"], "app.xlf"),
        (["check", xlf, "--write-baseline", xlf], "app.xlf"),
        (["check", str(w), "-o", po], "app.po"),
        (["check", "--source", str(w / "src.txt"), "--target", str(w / "tgt.txt"), "--source-lang", "en", "--target-lang", "vi", "-o", str(w / "tgt.txt")], "tgt.txt"),
        (["report", rep, "-f", "html", "-o", rep], "r.json"),
        (["report", rep, "-f", "text", "--report", f"html={xlf}"], "app.xlf"),
        (["report", rep, "-f", "sarif", "-o", str(link)], "app.xlf"),
        (["report", rep, "-f", "xliff", "-o", xlf], "app.xlf"),
        (["report", rep, "-f", "xliff", "--output-dir", str(w)], "app.xlf"),
        (["convert", po, "-o", po], "app.po"),
        (["convert", xlf, "-o", str(link)], "app.xlf"),
        (["align", str(w / "src.txt"), str(w / "tgt.txt"), "--source-lang", "en", "--target-lang", "vi", "-o", str(w / "src.txt")], "src.txt"),
    ]


@pytest.mark.parametrize("index", range(15))
def test_no_command_overwrites_an_input(work, index, capsys):
    args, victim = _commands(work)[index]
    before = {p.name: _digest(p) for p in work.iterdir() if p.is_file() and not p.is_symlink()}
    code = main(args)
    err = capsys.readouterr().err
    assert code == 2, err
    assert "never overwrites" in _one_line(err)
    after = {p.name: _digest(p) for p in work.iterdir() if p.is_file() and not p.is_symlink()}
    assert after == before
    assert (work / "link.xlf").is_symlink()
    assert not list(work.glob(".tqa-*"))


def test_two_outputs_that_are_one_file_are_refused(work, capsys):
    out = work / "out.json"
    assert main(["check", str(work / "app.xlf"), "-o", str(out), "--report", f"sarif={out}"]) == 2
    assert "same file" in _one_line(capsys.readouterr().err)
    assert not out.exists()


# ---------------------------------------------------------------------------
# what kind of path the output is
# ---------------------------------------------------------------------------


def test_a_symlinked_output_keeps_its_link(work):
    real = work / "reports" / "real.json"
    real.parent.mkdir()
    real.write_text("old")
    link = work / "latest.json"
    link.symlink_to(real)
    assert main(["check", str(work / "app.xlf"), "-f", "json", "-o", str(link), "--fail-on", "never", "-q"]) == 0
    assert link.is_symlink()
    assert real.read_text().startswith("{")


def test_a_pipe_is_written_through(work):
    fifo = work / "fifo"
    os.mkfifo(fifo)
    reader = subprocess.Popen(["cat", str(fifo)], stdout=subprocess.PIPE)
    try:
        assert main(["check", str(work / "app.xlf"), "-f", "json", "-o", str(fifo), "--fail-on", "never", "-q"]) == 0
        out, _ = reader.communicate(timeout=60)
    finally:
        reader.kill()
    assert out.startswith(b"{")
    assert fifo.is_fifo()


def test_dash_is_stdout(work, capfd):
    assert main(["check", str(work / "app.xlf"), "-f", "json", "-o", "-", "--fail-on", "never", "-q"]) == 0
    assert capfd.readouterr().out.startswith("{")
    assert not (work / "-").exists()


def test_convert_to_stdout(work, capfd):
    assert main(["convert", str(work / "app.po"), "-o", "-"]) == 0
    assert capfd.readouterr().out.startswith("<?xml")


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full on this system")
def test_a_full_device_is_a_clear_error_and_stays_a_device(work, capsys):
    assert main(["check", str(work / "app.xlf"), "-f", "json", "-o", "/dev/full", "-q"]) == 2
    line = _one_line(capsys.readouterr().err)
    assert line.startswith("tqa: /dev/full: cannot write: no space left")
    assert Path("/dev/full").is_char_device()


def test_a_folder_is_named(work, capsys):
    assert main(["check", str(work / "app.xlf"), "-o", str(work), "-q"]) == 2
    assert _one_line(capsys.readouterr().err) == f"tqa: {work}: is a folder: give a file name for the output"


def test_a_missing_folder_is_named(work, capsys):
    out = work / "nowhere" / "r.json"
    assert main(["check", str(work / "app.xlf"), "-o", str(out), "-q"]) == 2
    line = _one_line(capsys.readouterr().err)
    assert line.startswith(f"tqa: {out}: cannot write here: the folder does not exist")


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root writes anywhere")
def test_a_read_only_folder_names_the_file_not_the_temporary(work, capsys):
    folder = work / "ro"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        assert main(["check", str(work / "app.xlf"), "-o", str(folder / "r.json"), "-q"]) == 2
    finally:
        folder.chmod(0o755)
    line = _one_line(capsys.readouterr().err)
    assert line.startswith(f"tqa: {folder / 'r.json'}: cannot write: permission denied")
    assert ".part" not in line


def test_a_write_error_leaves_nothing_behind(tmp_path):
    target = tmp_path / "r.json"
    target.write_text("old")

    class Boom(Exception):
        pass

    with pytest.raises(Boom):
        with output_file(str(target)) as out:
            out.write(b"half")
            assert pending_temporaries()
            raise Boom()
    assert target.read_text() == "old"
    assert not list(tmp_path.glob(".tqa-*"))
    assert not pending_temporaries()


def test_the_mode_of_a_replaced_file_is_kept(tmp_path):
    target = tmp_path / "r.json"
    target.write_text("old")
    target.chmod(0o640)
    write_output(str(target), "new")
    assert target.read_text() == "new"
    assert (target.stat().st_mode & 0o777) == 0o640


def test_output_error_is_one_line():
    error = OutputError("x.json", "cannot write: no space left on the device")
    assert str(error) == "x.json: cannot write: no space left on the device"


# ---------------------------------------------------------------------------
# signals and concurrent writers
# ---------------------------------------------------------------------------

_SLOW_WRITER = """
import sys, time
from qa_core.files import output_file
with output_file(sys.argv[1]) as out:
    out.write(b"partial")
    out.flush()
    print("ready", flush=True)
    time.sleep(60)
"""


@pytest.mark.parametrize("signame", ["SIGTERM", "SIGHUP"])
def test_a_signal_removes_the_temporary(tmp_path, signame):
    target = tmp_path / "r.json"
    child = subprocess.Popen([sys.executable, "-c", _SLOW_WRITER, str(target)], stdout=subprocess.PIPE, cwd=ROOT)
    try:
        assert child.stdout.readline().strip() == b"ready"
        assert list(tmp_path.glob(".tqa-*.part"))
        child.send_signal(getattr(signal, signame))
        code = child.wait(timeout=60)
    finally:
        child.kill()
    assert code == -getattr(signal, signame)
    assert not list(tmp_path.glob(".tqa-*"))
    assert not target.exists()


_RACER = """
import sys
from qa_core.files import write_output
for i in range(40):
    write_output(sys.argv[1], sys.argv[2] * 200_000)
"""


def test_two_writers_of_one_output_leave_one_whole_report(tmp_path):
    target = tmp_path / "r.txt"
    children = [subprocess.Popen([sys.executable, "-c", _RACER, str(target), letter], cwd=ROOT) for letter in "ab"]
    seen = set()
    while any(c.poll() is None for c in children):
        if target.exists():
            data = target.read_bytes()
            seen.add((len(data), len(set(data))))
        time.sleep(0.001)
    assert all(c.wait(timeout=60) == 0 for c in children)
    data = target.read_bytes()
    assert len(data) == 200_000 and len(set(data)) == 1
    assert all(item == (200_000, 1) for item in seen)
    assert not list(tmp_path.glob(".tqa-*"))
