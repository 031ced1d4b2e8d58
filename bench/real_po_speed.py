"""Speed on real PO files: `tqa check` (every default check) against `pofilter`, in CPU time.

Runs both tools on each file in turn, in child processes, one worker each
(`tqa check --jobs 1`), interleaved (tqa, pofilter, tqa, pofilter, ...) so that the load
of a shared machine falls on both alike, and prints per file and in total the units per
CPU second (user + system of the child) and the ratio tqa / pofilter. Units are the
entries of the file (what both tools read), translated or not. With --profile it then
times every check of tqa on the same files in this process and prints the costliest
checks (seconds of CPU in check_unit and check_document), to find a check that is slow
on real text.

With --wall it instead times the whole set at once, as a user runs it: `tqa check
FILE...` with its default `--jobs` (one process per core: files dealt out whole to
worker processes, a dominating one shared out) against `pofilter` on the same files
(pofilter is single-process: it has no option to use more cores), in wall-clock time,
interleaved, and prints the load average around each run (other work on the machine
takes cores from both alike). With --before TREE both modes also time an older tqa.

    python bench/real_po_speed.py [--data /work/data/po-real/tuning] [--repeat 1] [--profile]
    python bench/real_po_speed.py --wall [--repeat 3] [--before TREE]

With --first-use FILE it checks FILE twice in one fresh child process and prints, per
check, the CPU of the first run against the second: what the first units of a run cost
(models, word lists and tables loaded on first use), which a small file pays in full.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from _shared import keep_bytecode_caches  # noqa: E402

DEFAULT_DATA = Path(os.environ.get("TQA_REAL_PO", "/work/data/po-real")) / "tuning"


def cpu_of(command: list[str], env: dict | None = None) -> float:
    """CPU seconds (user + system) the command's process tree used."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False, env=env)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def tree_environment(tree: Path, shim: Path) -> dict:
    """The environment that makes `python -m qa_core` run the code of `tree`: its
    packages under their installed names (tqa_plugins is the folder plugins/), first on
    the path, ahead of this checkout's editable install."""
    packages = shim / "packages"  # not the working folder, which `python -m` puts first for every tqa
    packages.mkdir()
    for name, folder in (("qa_core", "qa_core"), ("tqa_plugins", "plugins"), ("tqa_glossary", "glossary")):
        if not (tree / folder).is_dir():
            raise SystemExit(f"{tree}: no {folder}/ folder (give the root of a tqa source tree)")
        (packages / name).symlink_to((tree / folder).resolve(), target_is_directory=True)
    return {**os.environ, "PYTHONPATH": str(packages)}


def units_of(path: Path) -> int:
    text = path.read_text(encoding="utf-8", errors="replace")
    return sum(1 for line in text.splitlines() if line.startswith("msgid ")) - 1  # minus the header


def time_checks(plugins, methods: tuple[str, ...], spent: dict[str, float]) -> list:
    """Wrap each check's `methods` so that their CPU time adds up in `spent` (by
    "Check.method"); returns (check, method, original) to put back."""
    originals = []
    for check in plugins.checks:
        for method in methods:
            original = getattr(check, method)
            originals.append((check, method, original))

            def timed(self, *args, _original=original, _name=f"{check.__name__}.{method}", **kwargs):
                clock = time.process_time()
                result = _original(self, *args, **kwargs)
                if result is not None and not isinstance(result, list):
                    result = list(result)  # generators do their work when consumed
                spent[_name] += time.process_time() - clock
                return result

            setattr(check, method, timed)
    return originals


def profile(paths: list[Path]) -> None:
    """CPU time per check, measured around each check's calls in one in-process run."""
    from qa_core.config import Config
    from qa_core.manager import load_plugins
    from qa_core.runner import run

    spent: dict[str, float] = defaultdict(float)
    plugins = load_plugins((), entry_points=False)
    originals = time_checks(plugins, ("check_unit", "check_document"), spent)
    from qa_core.model import Document

    located = [0.0, 0]
    locate = Document.locate

    def timed_locate(self, *args):
        clock = time.process_time()
        try:
            return locate(self, *args)
        finally:
            located[0] += time.process_time() - clock
            located[1] += 1

    Document.locate = timed_locate
    clock = time.process_time()
    try:
        result = run([str(p) for p in paths], plugins, Config(jobs=1), show_progress=False)
    finally:
        Document.locate = locate
        for check, method, original in originals:
            setattr(check, method, original)
    total = time.process_time() - clock
    print(f"\nprofile: {total:.1f} s CPU in one process; costliest checks:")
    for name, seconds in sorted(spent.items(), key=lambda kv: -kv[1])[:12]:
        print(f"  {name:48}{seconds:8.2f} s {100 * seconds / total:6.1f} %")
    print(f"  {'(all checks)':48}{sum(spent.values()):8.2f} s {100 * sum(spent.values()) / total:6.1f} %")
    engine(paths, plugins, result, total, located)


def engine(paths: list[Path], plugins, result, total: float, located: list) -> None:
    """What the run costs besides the checks' own work, measured apart in this process."""
    import io

    from qa_core.config import Config
    from qa_core.formats import ReadOptions
    from qa_core.report import Report
    from qa_core.runner import open_document, run

    clock = time.process_time()
    units = sum(1 for path in paths for _ in open_document(str(path), plugins, ReadOptions()).units())
    reading = time.process_time() - clock
    saved = [(check, check.check_unit, check.check_document) for check in plugins.checks]
    for check in plugins.checks:  # every check does nothing: what is left is reading and dispatch
        check.check_unit = lambda self, unit, ctx: ()
        check.check_document = lambda self, document, ctx: ()
    clock = time.process_time()
    try:
        run([str(p) for p in paths], plugins, Config(jobs=1), show_progress=False)
    finally:
        for check, check_unit, check_document in saved:
            check.check_unit, check.check_document = check_unit, check_document
    dispatch = time.process_time() - clock
    report = Report(tool_version="bench", plugins=[], inputs=result.inputs, findings=result.findings, rules={},
                    started="2026-01-01T00:00:00Z")
    clock = time.process_time()
    report.write_json(io.BytesIO())
    writing = time.process_time() - clock
    print(f"engine, measured apart ({units:,} units, {len(result.findings):,} findings):")
    print(f"  {'reading the files (units made)':48}{reading:8.2f} s {100 * reading / total:6.1f} %")
    print(f"  {'reading + dispatch to ~60 no-op checks':48}{dispatch:8.2f} s {100 * dispatch / total:6.1f} %")
    print(f"  {f'locating findings and places ({located[1]:,} calls)':48}{located[0]:8.2f} s {100 * located[0] / total:6.1f} %"
          "  (inside the checks' time)")
    print(f"  {'writing the JSON report':48}{writing:8.2f} s {100 * writing / total:6.1f} % (outside the run)")


def main() -> int:
    keep_bytecode_caches()
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="folder of PO files (default %(default)s)")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each tool per file")
    parser.add_argument("--profile", action="store_true", help="also time every check of tqa")
    parser.add_argument("--before", type=Path, metavar="TREE", help="also time the tqa of this source tree (older code)")
    parser.add_argument("--wall", action="store_true",
                        help="time all files at once in wall-clock time, tqa with its default --jobs, against pofilter")
    parser.add_argument("--first-use", type=Path, metavar="FILE", help="per check, a first run of FILE against a second")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.first_use is not None:
        if args.child:
            return first_use(args.first_use)
        return subprocess.run([sys.executable, __file__, "--child", "--first-use", str(args.first_use)]).returncode
    if args.wall:
        args.data = args.data.resolve()
        with tempfile.TemporaryDirectory() as shim:
            os.chdir(shim)
            before = tree_environment(args.before.resolve(), Path(shim)) if args.before is not None else None
            return wall(args, before)
    if args.before is not None:
        args.data, args.before = args.data.resolve(), args.before.resolve()
        with tempfile.TemporaryDirectory() as shim:
            os.chdir(shim)  # `python -m` puts the working folder first on the path: not a checkout's
            return compare(args, tree_environment(args.before, Path(shim)))
    paths = sorted(args.data.glob("*.po"))
    if not paths:
        print(f"{args.data}: no PO files", file=sys.stderr)
        return 2
    tqa = [str(Path(sys.executable).with_name("tqa")), "check", "--jobs", "1", "--format", "json", "--fail-on", "critical"]
    pofilter = [str(Path(sys.executable).with_name("pofilter")), "--progress=none", "--nofuzzy"]
    totals = {"tqa": 0.0, "pofilter": 0.0}
    all_units = 0
    print(f"{'file':28}{'units':>7}{'tqa s':>8}{'u/s':>8}{'pofilter s':>12}{'u/s':>8}{'ratio':>7}")
    for path in paths:
        units = units_of(path)
        all_units += units
        times = {"tqa": 0.0, "pofilter": 0.0}
        for _ in range(args.repeat):
            times["tqa"] += cpu_of(tqa + [str(path)])
            times["pofilter"] += cpu_of(pofilter + ["-i", str(path), "-o", os.devnull])
        for tool in times:
            times[tool] /= args.repeat
            totals[tool] += times[tool]
        print(f"{path.name:28}{units:>7}{times['tqa']:>8.2f}{units / times['tqa']:>8.0f}{times['pofilter']:>12.2f}"
              f"{units / times['pofilter']:>8.0f}{times['pofilter'] / times['tqa']:>7.2f}")
    print(f"{'all':28}{all_units:>7}{totals['tqa']:>8.2f}{all_units / totals['tqa']:>8.0f}{totals['pofilter']:>12.2f}"
          f"{all_units / totals['pofilter']:>8.0f}{totals['pofilter'] / totals['tqa']:>7.2f}")
    print("ratio = tqa's units/s over pofilter's (CPU time of each child, interleaved, so load hits both)")
    if args.profile:
        profile(paths)
    return 0


def compare(args, before_env: dict) -> int:
    """Per file: tqa of TREE (before), this tqa (after), pofilter, interleaved."""
    paths = sorted(args.data.glob("*.po"))
    which = "import qa_core, tqa_plugins; print(qa_core.__file__, tqa_plugins.__file__)"
    for label, env in (("before", before_env), ("after", None)):
        found = subprocess.run([sys.executable, "-c", which], env=env, capture_output=True, text=True).stdout.split()
        print(f"{label}: {' '.join(found)}")
    options = ["check", "--jobs", "1", "--format", "json", "--fail-on", "critical"]
    # each tqa its own cache folder: the numbers check's tables are keyed by its code, and
    # two versions sharing one folder (or other checkouts on the machine) rebuild them in turn
    after_env = {**os.environ, "TQA_CACHE_DIR": os.path.abspath("cache-after")}
    before_env = {**before_env, "TQA_CACHE_DIR": os.path.abspath("cache-before")}
    tools = {
        "before": ([sys.executable, "-m", "qa_core", *options], before_env),
        "after": ([sys.executable, "-m", "qa_core", *options], after_env),
        "pofilter": ([str(Path(sys.executable).with_name("pofilter")), "--progress=none", "--nofuzzy", "-o", os.devnull, "-i"], None),
    }
    for command, env in tools.values():  # bytecode caches written, models unpacked: no first-run costs timed
        cpu_of(command + [str(paths[0])], env)
    totals = dict.fromkeys(tools, 0.0)
    all_units = 0
    print(f"{'file':28}{'units':>7}" + "".join(f"{name + ' s':>12}{'u/s':>7}" for name in tools) + f"{'after/before':>14}{'after/pofilter':>16}")
    for path in paths:
        units = units_of(path)
        all_units += units
        times = dict.fromkeys(tools, 0.0)
        for _ in range(args.repeat):
            for name, (command, env) in tools.items():
                times[name] += cpu_of(command + [str(path)], env) / args.repeat
        for name in tools:
            totals[name] += times[name]
        print(f"{path.name:28}{units:>7}" + "".join(f"{times[n]:>12.2f}{units / times[n]:>7.0f}" for n in tools)
              + f"{times['before'] / times['after']:>14.2f}{times['pofilter'] / times['after']:>16.2f}")
    print(f"{'all':28}{all_units:>7}" + "".join(f"{totals[n]:>12.2f}{all_units / totals[n]:>7.0f}" for n in tools)
          + f"{totals['before'] / totals['after']:>14.2f}{totals['pofilter'] / totals['after']:>16.2f}")
    print("after/before and after/pofilter: units/s over units/s (CPU time of each child, interleaved)")
    return 0


def _cpu_by_process(root: int) -> dict[int, float]:
    """CPU seconds so far of `root` and of each of its child processes, from /proc."""
    tick = os.sysconf("SC_CLK_TCK")
    found: dict[int, float] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as handle:
                fields = handle.read().rsplit(b")", 1)[1].split()
        except OSError:
            continue
        pid, parent = int(entry), int(fields[1])
        if pid == root or parent == root:
            found[pid] = (int(fields[11]) + int(fields[12])) / tick  # utime + stime
    return found


def first_use(path: Path) -> int:
    """In this (fresh) process: CPU of each check on a first and a second run of `path`."""
    clock = time.process_time()
    from qa_core.config import Config
    from qa_core.manager import load_plugins
    from qa_core.runner import run

    plugins = load_plugins((), entry_points=False)
    loading = time.process_time() - clock
    spent: dict[str, float] = defaultdict(float)
    time_checks(plugins, ("__init__", "check_unit", "check_document"), spent)
    runs = []
    for _ in range(2):
        spent.clear()
        clock = time.process_time()
        run([str(path)], plugins, Config(jobs=1), show_progress=False)
        runs.append((time.process_time() - clock, dict(spent)))
    (first, by_check), (second, again) = runs
    print(f"{path.name}: imports and plugins {loading:.3f} s; first run {first:.3f} s, second {second:.3f} s "
          f"(first use costs {first - second:.3f} s)")
    for name in sorted(by_check, key=lambda n: again.get(n, 0.0) - by_check[n])[:8]:
        print(f"  {name:44} first {by_check[name]:.3f} s  second {again.get(name, 0.0):.3f} s")
    return 0


def wall_of(command: list[str], env: dict | None = None) -> tuple[float, float, float]:
    """Wall-clock seconds of the command, the CPU seconds of its process tree, and the
    CPU seconds of its busiest process (read from /proc every 0.1 s: what an idle
    machine with a core per process would take, about)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    clock = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    seen: dict[int, float] = {}
    while process.poll() is None:
        seen.update(_cpu_by_process(process.pid))
        time.sleep(0.1)
    seconds = time.perf_counter() - clock
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return seconds, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), max(seen.values(), default=0.0)


def wall(args, before_env: dict | None) -> int:
    """All files in one command per tool, wall-clock time, interleaved."""
    from qa_core.runner import effective_jobs

    paths = sorted(args.data.glob("*.po"))
    if not paths:
        print(f"{args.data}: no PO files", file=sys.stderr)
        return 2
    units = sum(units_of(path) for path in paths)
    inputs = Path("pofilter-in")  # pofilter reads a folder: one of links to exactly these files
    inputs.mkdir()
    for path in paths:
        (inputs / path.name).symlink_to(path)
    options = ["check", "--format", "json", "--fail-on", "never", "--output", os.path.abspath("report.json")]
    tools: dict[str, tuple[list[str], dict | None]] = {}
    if before_env is not None:
        tools["tqa before"] = ([sys.executable, "-m", "qa_core", *options, *map(str, paths)],
                               {**before_env, "TQA_CACHE_DIR": os.path.abspath("cache-before")})
    tools["tqa"] = ([sys.executable, "-m", "qa_core", *options, *map(str, paths)],
                    {**os.environ, "TQA_CACHE_DIR": os.path.abspath("cache-after")})
    tools["tqa -j 1"] = ([sys.executable, "-m", "qa_core", *options, "--jobs", "1", *map(str, paths)], tools["tqa"][1])
    tools["pofilter"] = ([str(Path(sys.executable).with_name("pofilter")), "--progress=none", "--nofuzzy",
                          "-i", str(inputs), "-o", os.path.abspath("pofilter-out")], None)
    for command, env in tools.values():  # bytecode caches written, models unpacked: no first-run costs timed
        wall_of(command, env)
    print(f"{len(paths)} files, {units:,} units; tqa's default --jobs here: {effective_jobs(0)} "
          f"(cores this process may use); pofilter: one process")
    times = {name: [] for name in tools}
    print(f"{'run':>4}" + "".join(f"{name + ' s':>14}" for name in tools) + f"{'load':>8}")
    for number in range(args.repeat):
        row = {}
        for name, (command, env) in tools.items():
            row[name] = wall_of(command, env)
            times[name].append(row[name])
        print(f"{number + 1:>4}" + "".join(f"{row[n][0]:>14.2f}" for n in tools) + f"{os.getloadavg()[0]:>8.1f}")
    print(f"{'tool':14}{'wall s':>10}{'units/s':>10}{'vs pofilter':>13}{'CPU s':>10}{'busiest s':>11}   (medians of {args.repeat})")
    medians = {name: [sorted(t[k] for t in runs)[len(runs) // 2] for k in range(3)] for name, runs in times.items()}
    for name in tools:
        seconds, cpu, busiest = medians[name]
        print(f"{name:14}{seconds:>10.2f}{units / seconds:>10.0f}{medians['pofilter'][0] / seconds:>13.2f}{cpu:>10.2f}{busiest:>11.2f}")
    print("vs pofilter = tqa's units/s over pofilter's, wall-clock time of the whole set (pofilter runs in one process);\n"
          "CPU s = all processes of the run; busiest s = CPU of its busiest process: on an idle machine with a core for\n"
          "each process the run takes about that long (the wall-clock figures include the waits for other work's load)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
