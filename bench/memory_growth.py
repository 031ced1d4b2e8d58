"""How `tqa check` memory grows with the units read: the slope per unit, per process.

Runs `tqa check FILE --quiet --isolated --fail-on never -f json -o OUT [ARGS...]` in a
child process and, every `--every` seconds, reads from /proc (Linux) each tqa process's
resident memory (VmRSS), its peak so far (VmHWM) and how far it has read FILE (the
position of its open file), then prints one line per sample, the growth per 1,000 units
between the first and last quarter of the input of each process, and the whole run's
peak RSS (`os.wait4`: the largest process of the tree, as bench/throughput.py reports).

    python bench/memory_growth.py bench/out/corpus-100000.po                 # every default check
    python bench/memory_growth.py corpus-1000000.po --every 30 -- -j 1       # arguments after -- go to tqa

Units are counted from the file's bytes (the units' share of the file read so far,
`runner.count_units`), so the slope is per unit read, not per unit checked: the two
differ by at most one 64 KiB block of the reader. A run stopped early (Ctrl-C, or
`--stop-at 0.5` for half the file) still prints the samples and slopes it has: memory
that grows with the units shows well before the end.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))
from _probe import split_passthrough  # noqa: E402


def _children(pid: int) -> list[int]:
    out: list[int] = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as handle:
                out.extend(int(x) for x in handle.read().split())
    except OSError:
        pass
    return out


def _tree(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        p = todo.pop()
        found.append(p)
        todo.extend(_children(p))
    return found


def _status(pid: int) -> dict[str, int]:
    values: dict[str, int] = {}
    try:
        with open(f"/proc/{pid}/status") as handle:
            for line in handle:
                key, _, rest = line.partition(":")
                if key in ("VmRSS", "VmHWM"):
                    values[key] = int(rest.split()[0])
    except OSError:
        pass
    return values


def _position(pid: int, path: str) -> int | None:
    """How far `pid` has read `path` (the offset of its open file), or None."""
    try:
        for fd in os.listdir(f"/proc/{pid}/fd"):
            try:
                if os.readlink(f"/proc/{pid}/fd/{fd}") == path:
                    with open(f"/proc/{pid}/fdinfo/{fd}") as handle:
                        for line in handle:
                            if line.startswith("pos:"):
                                return int(line.split()[1])
            except OSError:
                continue
    except OSError:
        pass
    return None


def main(argv: list[str] | None = None) -> int:
    argv, extra = split_passthrough(argv)
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("file", type=Path)
    parser.add_argument("--every", type=float, default=10.0, help="seconds between samples (default 10)")
    parser.add_argument("--stop-at", type=float, default=None, help="stop the run once this share of the file is read (0-1)")
    parser.add_argument("--output", type=Path, default=None, help="the JSON report (default: a temporary file)")
    args = parser.parse_args(argv)

    from qa_core.runner import count_units

    path = str(args.file.resolve())
    fmt = "po" if path.endswith((".po", ".pot")) else "xliff1"
    units = count_units(path, fmt) or 0
    size = os.path.getsize(path)
    scratch = tempfile.mkdtemp(prefix="tqa-memory-")
    out = args.output or Path(scratch) / "report.json"
    command = [sys.executable, "-m", "qa_core", "check", path, "--quiet", "--isolated", "--fail-on", "never",
               "-f", "json", "-o", str(out), *extra]
    print(f"file: {path} ({units:,} units, {size / 2**20:.1f} MiB); tqa args: {' '.join(extra) or '(default)'}")
    print(f"{'seconds':>8} {'pid':>7} {'read %':>7} {'units read':>11} {'RSS MiB':>8} {'peak MiB':>9}")
    started = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    samples: dict[int, list[tuple[float, int]]] = {}  # pid -> (units read, RSS KiB)
    peaks: dict[int, int] = {}
    furthest: dict[int, int] = {}
    stopped = False
    done = None  # (pid, status, rusage) once the child has ended
    try:
        while (done := os.wait4(child.pid, os.WNOHANG))[0] == 0:
            done = None
            for pid in _tree(child.pid):
                status = _status(pid)
                pos = _position(pid, path)
                if not status:
                    continue
                peaks[pid] = max(peaks.get(pid, 0), status.get("VmHWM", 0))
                reading = pos is not None
                # the furthest point read (a second pass over the file, say, does not count)
                pos = furthest[pid] = max(furthest.get(pid, 0), pos or 0)
                share = pos / size if size else 0.0
                read = share * units
                if reading:
                    samples.setdefault(pid, []).append((read, status.get("VmRSS", 0)))
                print(f"{time.perf_counter() - started:8.0f} {pid:7d} {100 * share:6.1f}% {read:11,.0f} "
                      f"{status.get('VmRSS', 0) / 1024:8.1f} {status.get('VmHWM', 0) / 1024:9.1f}")
                if args.stop_at is not None and pid == child.pid and share >= args.stop_at:
                    stopped = True
            sys.stdout.flush()
            if stopped:
                os.kill(child.pid, signal.SIGTERM)
                break
            time.sleep(args.every)
    except KeyboardInterrupt:
        os.kill(child.pid, signal.SIGTERM)
        stopped = True
    _pid, status, usage = done if done is not None else os.wait4(child.pid, 0)
    seconds = time.perf_counter() - started
    print()
    for pid, points in samples.items():
        points = [p for p in points if p[0] > 0]
        if len(points) < 4:
            continue
        quarter = max(1, len(points) // 4)
        first, last = points[:quarter], points[-quarter:]
        u0, r0 = sum(p[0] for p in first) / len(first), sum(p[1] for p in first) / len(first)
        u1, r1 = sum(p[0] for p in last) / len(last), sum(p[1] for p in last) / len(last)
        if u1 - u0 >= 1:
            role = "parent" if pid == child.pid else "worker"
            print(f"{role} {pid}: {(r1 - r0) * 1024 / (u1 - u0):,.0f} bytes of RSS per unit read "
                  f"({u0:,.0f} -> {u1:,.0f} units: {r0 / 1024:.0f} -> {r1 / 1024:.0f} MiB); peak seen {peaks[pid] / 1024:.0f} MiB")
    code = os.waitstatus_to_exitcode(status)
    ended = "stopped early" if stopped else f"exit code {code}"
    print(f"whole run: {seconds:.1f} s wall, peak RSS {usage.ru_maxrss / 1024:.0f} MiB (largest process), {ended}")
    if code not in (0, 1) and not stopped and child.stderr is not None:
        print(child.stderr.read().decode("utf-8", "replace").strip()[:500], file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
