"""1 → 2 workers: `tqa check -j N` against `tqa check --dask` on a local Dask cluster of N
worker processes, the CPU each spends, and whether the findings are the same.

For each input (a file or a folder) and each mode, runs `tqa check INPUT ... -f json` in
a child process (as bench/jobs.py does) and prints its wall time and CPU time: for `-j N`
the child's own and its worker processes'; for `dask:N` the child's (the Dask client,
which also sorts the findings and writes the report), the workers' (each asked its
`time.process_time()` before and after through `client.run`) and the scheduler's (it
runs in this process). `busiest` is the CPU of the busiest process: on an idle machine
with a core for each, the run's wall time is about that (plus the client's, for Dask);
for `-j N` it is the larger of the parent's and the workers' mean (N − 1 workers beside
a parent that checks a share of a split file, N otherwise; exact for `-j 2` on one file). A
Dask cluster is started fresh for each run (so its workers load the plugins, as `-j`
workers do) and its start-up is timed apart. `same` compares the
findings (fingerprints, in order) with the first mode's. The load average (1 min) is
printed on every row: on a shared machine wall time says little, read the CPU columns.

    python bench/cluster.py /work/data/final/tp/corpus-100000.po /work/data/po-real/heldout
    python bench/cluster.py FILE --modes j1,dask1,dask2 --repeat 2 --select BAS

Needs the dask extra (`pip install -e '.[dask]'`).
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from jobs import run_check  # noqa: E402  (runs the CLI, then writes its own rusage and its children's)


def _tqa(target: Path, mode_args: list[str], select: str | None, scratch: Path) -> dict:
    return run_check(target, mode_args, select, scratch / "report.json", scratch)


def _cpu() -> float:
    return time.process_time()


def _peak_kib() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def measure_jobs(target: Path, jobs: int, select: str | None, scratch: Path) -> dict:
    m = _tqa(target, ["-j", str(jobs)], select, scratch)
    # the parent checks a share of a split file beside N-1 workers, else N workers check
    # whole files and the parent only gathers (told apart by the parent's share of the CPU)
    shared = jobs > 1 and m["parent_cpu"] * (jobs - 1) > m["workers_cpu"] / 2
    busiest = max(m["parent_cpu"], m["workers_cpu"] / max(1, jobs - 1 if shared else jobs))
    m.update(client_cpu=m["parent_cpu"], scheduler_cpu=0.0, startup=0.0, worker_mib=m["workers_kib"] / 1024,
             busiest=busiest)
    return m


def measure_dask(target: Path, workers: int, select: str | None, scratch: Path) -> dict:
    from distributed import Client

    from qa_core.cluster import start_local_cluster

    wall, cpu = time.perf_counter(), _cpu()
    cluster = start_local_cluster(workers)  # as `tqa check --dask local:N` starts one
    client = Client(cluster)
    client.wait_for_workers(workers)
    startup = time.perf_counter() - wall
    try:
        before, mine = client.run(time.process_time), _cpu()
        m = _tqa(target, ["--dask", cluster.scheduler_address], select, scratch)
        after, scheduler = client.run(time.process_time), _cpu() - mine
        peaks = client.run(_peak_kib)
    finally:
        client.close()
        cluster.close()
    m.update(client_cpu=m["parent_cpu"], workers_cpu=sum(after[w] - before[w] for w in after), scheduler_cpu=scheduler,
             busiest=max(after[w] - before[w] for w in after),
             startup=startup, startup_cpu=mine - cpu, worker_mib=max(peaks.values()) / 1024)
    return m


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("inputs", nargs="+", type=Path, help="files or folders")
    parser.add_argument("--modes", default="j1,j2,dask1,dask2",
                        help="jN (-j N) and daskN (--dask on a local cluster of N workers), the first is the reference "
                             "(default j1,j2,dask1,dask2)")
    parser.add_argument("--select", action="append", metavar="RULES",
                        help="selections ('default' for the default rules; repeatable)")
    parser.add_argument("--repeat", type=int, default=1, help="rounds of all the modes, interleaved (default 1)")
    args = parser.parse_args(argv)
    modes = args.modes.split(",")
    for mode in modes:
        if not (mode[:1] == "j" and mode[1:].isdigit()) and not (mode[:4] == "dask" and mode[4:].isdigit()):
            parser.error(f"a mode is jN or daskN (got {mode!r})")
    selections = [None if s == "default" else s for s in (args.select or ["default"])]
    print(f"machine: {os.cpu_count()} cores; CPU s = the client's or parent's + the workers' + the scheduler's")
    header = (f"{'input':<20} {'select':<8} {'mode':<6} {'load':>5} {'wall s':>7} {'CPU s':>7} {'client':>7} {'workers':>7} "
              f"{'sched.':>6} {'busiest':>7} {'µs/unit':>7} {'start s':>7} {'wkr MiB':>7} {'findings':>8} same")
    print(header)
    print("-" * len(header))
    with tempfile.TemporaryDirectory() as scratch:
        for target in args.inputs:
            for select in selections:
                reference = None
                for _round in range(args.repeat):
                    for mode in modes:
                        load = os.getloadavg()[0]
                        if mode.startswith("dask"):
                            m = measure_dask(target, int(mode[4:]), select, Path(scratch))
                        else:
                            m = measure_jobs(target, int(mode[1:]), select, Path(scratch))
                        if reference is None:
                            reference = m["fingerprints"]
                        cpu = m["client_cpu"] + m["workers_cpu"] + m["scheduler_cpu"]
                        print(f"{target.name[:20]:<20} {select or 'default':<8} {mode:<6} {load:>5.1f} {m['wall']:>7.1f} {cpu:>7.1f} "
                              f"{m['client_cpu']:>7.1f} {m['workers_cpu']:>7.1f} {m['scheduler_cpu']:>6.1f} {m['busiest']:>7.1f} "
                              f"{cpu / max(1, m['units']) * 1e6:>7.0f} {m['startup']:>7.1f} {m['worker_mib']:>7.0f} "
                              f"{len(m['fingerprints']):>8} {'yes' if m['fingerprints'] == reference else 'NO'}")
                        sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
