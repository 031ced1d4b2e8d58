"""Instructions of the same task in a plain thread and in a Dask worker, by callgrind:
whether a worker makes the checks themselves do more work.

The task is `qa_core.cluster._check_file` on FILE, run once to warm up and once measured;
callgrind client requests from the task's own thread zero the counters before the
measured run and dump them after it (a tiny library built here with gcc from valgrind's
`callgrind.h`). `thread`: a `threading.Thread` of a plain process under valgrind.
`dask`: a scheduler (native) and one worker (`dask worker --no-nanny` under valgrind,
with the environment a nanny gives its worker: `MALLOC_TRIM_THRESHOLD_=65536`), the task
submitted by a client. Prints the measured thread's instructions for each. Slow (about
3-4 minutes each for 2,000 PO units): use a small file.

    python bench/dask_callgrind.py SMALL.po
"""

from __future__ import annotations

import ctypes
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HERE = Path(__file__).resolve().parent
REQUESTS = """#include <valgrind/callgrind.h>
void cg_zero(void) { CALLGRIND_ZERO_STATS; }
void cg_dump(const char *label) { CALLGRIND_DUMP_STATS_AT(label); }
"""


def _setup():
    from qa_core.config import load_config
    from qa_core.formats import ReadOptions
    from qa_core.manager import load_plugins

    plugins = load_plugins([])
    config = load_config(plugins.checks, isolated=True, cli={"jobs": 1})
    return config, ReadOptions(source_lang=config.source_lang, target_lang=config.target_lang)


def measured(path: str, config, options, library: str, label: str) -> int:
    """The task: a warm-up run, then one between a zeroing and a dump of the counters."""
    from qa_core import cluster

    requests = ctypes.CDLL(library)
    cluster._check_file(path, (), (), config, options, None, gather=False)
    requests.cg_zero()
    result = cluster._check_file(path, (), (), config, options, None, gather=False)
    requests.cg_dump(label.encode())
    return len(result.findings)


def _instructions(out: Path, label: str) -> int:
    """The `summary:` of the dump made by the client request labelled `label`."""
    for dump in out.parent.glob(out.name + "*"):
        text = dump.read_text(errors="replace")
        if f"Client Request: {label}" in text:
            return int(re.search(r"^summary: (\d+)", text, re.M).group(1))
    raise SystemExit(f"no callgrind dump for {label} in {out.parent}")


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] == "--thread":  # the child run under valgrind
        import threading

        config, options = _setup()
        found: list = []
        worker = threading.Thread(target=lambda: found.append(measured(argv[1], config, options, argv[2], "thread")))
        worker.start()
        worker.join()
        print(json.dumps(found))
        return 0
    if len(argv) != 1:
        raise SystemExit(__doc__)
    path = str(Path(argv[0]).resolve())
    venv_bin = Path(sys.executable).parent
    env = dict(os.environ, PYTHONPATH=f"{ROOT}{os.pathsep}{HERE}")
    with tempfile.TemporaryDirectory() as scratch:
        scratch = Path(scratch)
        (scratch / "requests.c").write_text(REQUESTS)
        library = scratch / "librequests.so"
        subprocess.run(["gcc", "-O1", "-shared", "-fPIC", "-o", str(library), str(scratch / "requests.c")], check=True)
        grind = ["valgrind", "--tool=callgrind", "--separate-threads=yes"]
        figures = {}
        out = scratch / "thread.out"
        subprocess.run(grind + [f"--callgrind-out-file={out}.%p", sys.executable, __file__, "--thread", path, str(library)],
                       check=True, capture_output=True, env=env, cwd=scratch)
        figures["thread"] = _instructions(out, "thread")
        out = scratch / "dask.out"
        schedfile = scratch / "scheduler.json"
        scheduler = subprocess.Popen([str(venv_bin / "dask"), "scheduler", "--scheduler-file", str(schedfile), "--port", "0",
                                      "--dashboard-address", ":0"], env=env, cwd=scratch, stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL)
        worker = None
        try:
            while not schedfile.exists():
                time.sleep(0.2)
            command = [f"--callgrind-out-file={out}.%p", sys.executable, "-m", "distributed.cli.dask_worker",
                       "--scheduler-file", str(schedfile), "--nthreads", "1", "--no-nanny", "--no-dashboard"]
            worker = subprocess.Popen(grind + command, env=dict(env, MALLOC_TRIM_THRESHOLD_="65536"), cwd=scratch,
                                      stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            sys.path.insert(0, str(HERE))
            import dask_callgrind
            from distributed import Client

            config, options = _setup()
            with Client(scheduler_file=str(schedfile)) as client:
                client.wait_for_workers(1, timeout=600)
                client.submit(dask_callgrind.measured, path, config, options, str(library), "dask", pure=False).result()
            figures["dask"] = _instructions(out, "dask")
        finally:
            for process in (worker, scheduler):
                if process is not None:
                    process.send_signal(signal.SIGTERM)
                    process.wait(timeout=120)
    print(f"instructions of the measured task's thread ({Path(path).name}):")
    for mode, count in figures.items():
        print(f"{mode:<7} {count:>15,} ({count / figures['thread'] - 1:+.1%} against the plain thread)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
