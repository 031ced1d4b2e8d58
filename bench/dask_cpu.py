"""Where a Dask worker's CPU goes: the same check of one file as a task in a plain process
and in a Dask worker, with the CPU of each thread.

Each mode runs in a fresh child process, loads the plugins, checks the file once to warm
up (the plugins' first-use work, compiled patterns) and then once measured, as the task
of a single-file `--dask local:1` run (`qa_core.cluster._check_file`):

- `main`: in the main thread of a plain process (as `tqa check -j 1` does);
- `thread`: in a `threading.Thread` of a plain process (what a worker's thread adds);
- `dask`: in the worker of a local cluster of one worker started with Dask's defaults;
- `tqa`: in the worker of the local cluster tqa starts (`cluster.start_local_cluster`,
  `LOCAL_CLUSTER_CONFIG`).

Printed per run: the CPU of the thread that ran the task, of the process's other threads
while it ran (for Dask, the worker's event loop and its periodic work), of the calling
process (for Dask, the scheduler and the client, which share it), the process's
voluntary context switches while it ran (a thread giving up the GIL to another waits for
it: about the hand-overs), and the cyclic collector's collections. The modes are
interleaved round by round; the minimum of each column is printed at the end. CPU time
grows with the machine's load (two cores shared), so compare the minimums, and the
other threads' CPU, which is small either way, as a share of the task's.

    python bench/dask_cpu.py /tmp/c20k.po --modes thread,dask,tqa --rounds 2
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _threads() -> dict[str, float]:
    """CPU seconds of each thread of this process (by name where Python knows it)."""
    import threading

    names = {thread.native_id: thread.name for thread in threading.enumerate()}
    tick = os.sysconf("SC_CLK_TCK")
    cpu = {}
    for tid in os.listdir("/proc/self/task"):
        try:
            fields = Path(f"/proc/self/task/{tid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        cpu[names.get(int(tid), tid)] = (int(fields[11]) + int(fields[12])) / tick
    return cpu


def task(path: str, config, options) -> dict:
    """The measured task: `_check_file` on `path` after a warm-up run, in whatever thread
    runs it; the CPU of each thread of the process meanwhile."""
    import gc
    import resource
    import threading

    from qa_core import cluster

    cluster._check_file(path, (), (), config, options, None, gather=False)
    before, usage = _threads(), resource.getrusage(resource.RUSAGE_SELF)
    collections = [g["collections"] for g in gc.get_stats()]
    mine = time.thread_time()
    result = cluster._check_file(path, (), (), config, options, None, gather=False)
    mine = time.thread_time() - mine
    after, usage_after = _threads(), resource.getrusage(resource.RUSAGE_SELF)
    me = threading.current_thread().name
    others = sum(cpu - before.get(name, 0.0) for name, cpu in after.items() if name != me)
    return dict(task=mine, others=others, switches=usage_after.ru_nvcsw - usage.ru_nvcsw,
                gc=[g["collections"] - c for g, c in zip(gc.get_stats(), collections)],
                findings=len(result.findings), gc_threshold=gc.get_threshold(), switch_interval=sys.getswitchinterval())


def child(mode: str, path: str) -> dict:
    import threading

    from qa_core.config import load_config
    from qa_core.formats import ReadOptions
    from qa_core.manager import load_plugins

    plugins = load_plugins([])
    config = load_config(plugins.checks, isolated=True, cli={"jobs": 1})
    options = ReadOptions(source_lang=config.source_lang, target_lang=config.target_lang)
    if mode == "main":
        return dict(task(path, config, options), caller=0.0)
    if mode == "thread":
        out: dict = {}
        worker = threading.Thread(target=lambda: out.update(task(path, config, options)))
        worker.start()
        worker.join()
        return dict(out, caller=0.0)
    import logging

    from distributed import Client, LocalCluster

    from qa_core.cluster import local_cluster_options, start_local_cluster

    if mode == "dask":
        cluster = LocalCluster(**local_cluster_options(1), silence_logs=logging.CRITICAL)
    else:
        cluster = start_local_cluster(1)
    with cluster, Client(cluster) as client:
        client.wait_for_workers(1)
        caller = time.process_time()
        out = client.submit(task, path, config, options, pure=False).result()
        return dict(out, caller=time.process_time() - caller)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("file", type=Path)
    parser.add_argument("--modes", default="main,thread,dask,tqa", help="main, thread, dask, tqa (default: all four)")
    parser.add_argument("--rounds", type=int, default=1, help="rounds of all the modes, interleaved (default 1)")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(child(args.child, str(args.file))))
        return 0
    modes = args.modes.split(",")
    print(f"machine: {os.cpu_count()} cores; CPU seconds; 'others' = the process's other threads while the task ran, "
          f"'caller' = the scheduler and the client (Dask)")
    header = (f"{'mode':<7} {'round':>5} {'load':>5} {'task':>7} {'others':>7} {'others %':>8} {'caller':>7} "
              f"{'switches':>8} {'gc collections':>15} findings")
    print(header)
    print("-" * len(header))
    rows: dict[str, list[dict]] = {mode: [] for mode in modes}
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    for number in range(1, args.rounds + 1):
        for mode in modes:
            load = os.getloadavg()[0]
            done = subprocess.run([sys.executable, str(Path(__file__).resolve()), str(args.file.resolve()), "--child", mode],
                                  capture_output=True, text=True, cwd="/", env=env)
            if done.returncode:
                raise SystemExit(f"{mode} failed: {done.stderr.strip()[-800:]}")
            row = json.loads(done.stdout.strip().splitlines()[-1])
            rows[mode].append(row)
            print(f"{mode:<7} {number:>5} {load:>5.1f} {row['task']:>7.2f} {row['others']:>7.2f} "
                  f"{row['others'] / row['task'] * 100:>7.1f}% {row['caller']:>7.2f} {row['switches']:>8} "
                  f"{str(row['gc']):>15} {row['findings']}")
            sys.stdout.flush()
    print("minimums:")
    for mode, done in rows.items():
        print(f"{mode:<7} task {min(r['task'] for r in done):.2f}  others {min(r['others'] for r in done):.2f}  "
              f"caller {min(r['caller'] for r in done):.2f}  switches {min(r['switches'] for r in done)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
