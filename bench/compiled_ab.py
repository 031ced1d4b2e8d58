"""Compiled modules against their pure-Python source: CPU of `tqa check`, A/B, interleaved.

    python bench/compiled_ab.py FILE [FILE ...] [--rounds 3]
    python bench/compiled_ab.py --callgrind FILE ...     # instructions counted by valgrind, once each

Finds every module of qa_core/ and plugins/ that has a compiled extension beside its .py
(`name.cpython-311-x86_64-linux-gnu.so` next to `name.py`, as mypyc or Cython leave them
when built in place), then runs `bench/check_cost.py --per-check`'s measurement (the
default rules, -j 1, CPU time) in a child process, once with the extensions ("compiled")
and once with the same modules imported from their .py files ("pure": a finder placed
first on sys.meta_path hands out the .py), the order swapped from round to round. It
prints whether every run reported the same findings (every field of each, in order),
each mode's smallest and median CPU over the rounds, their ratio, and each check's
smallest CPU in both modes. Both modes run the same code: the .py the extension was built
from (rebuild after editing it). A first round of each mode is run and thrown away (on-disk
caches keyed by a module's file differ between the two).

With --callgrind each mode runs once under `valgrind --tool=callgrind` and the script
prints the instructions of the whole child process (start-up and reading included: the
same in both modes but for the compiled modules' import): a figure the machine's load does
not move, where CPU time on a shared machine moves by more than the effect measured.
`--modes compiled` counts one mode only (the other's count from an earlier run of the same
.py). How the spike of 5 December 2026 built the extensions: docs/performance.md.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import sysconfig
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = {"qa_core": ROOT / "qa_core", "tqa_plugins": ROOT / "plugins"}

CHILD = r"""
import hashlib, importlib.util, json, os, sys, tempfile, time
from collections import defaultdict
mode, out, modules, root, files = sys.argv[1], sys.argv[2], json.loads(sys.argv[3]), sys.argv[4], sys.argv[5:]
sys.path[:0] = [root + "/bench", root]
if mode == "pure":
    class PureSource:
        @staticmethod
        def find_spec(name, path=None, target=None):
            source = modules.get(name)
            return importlib.util.spec_from_file_location(name, source) if source else None
    sys.meta_path.insert(0, PureSource)
import check_cost
from qa_core.cli import main
costs = defaultdict(float)
check_cost.instrument(costs)
with tempfile.TemporaryDirectory() as scratch:
    report = os.path.join(scratch, "report.json")
    started = time.process_time()
    code = main(["check", *files, "-q", "--isolated", "--fail-on", "never", "-j", "1", "-f", "json", "-o", report])
    seconds = time.process_time() - started
    with open(report, encoding="utf-8") as handle:
        data = json.load(handle)
findings = data["findings"]
loaded = {name: getattr(sys.modules.get(name), "__file__", None) for name in modules}
with open(out, "w") as handle:
    json.dump({"seconds": seconds, "units": data["summary"]["units"], "costs": dict(costs), "loaded": loaded,
               "code": code, "findings": len(findings),
               "digest": hashlib.sha256(json.dumps(findings, sort_keys=True).encode()).hexdigest()}, handle)
"""

def compiled_modules() -> dict[str, str]:
    """Module name -> its .py, for every module with an extension built beside it."""
    suffix = sysconfig.get_config_var("EXT_SUFFIX")
    found = {}
    for package, folder in PACKAGES.items():
        for ext in folder.rglob("*" + suffix):
            stem = ext.name[: -len(suffix)]
            source = ext.with_name(stem + ".py")
            if stem.endswith("__mypyc") or not source.exists():
                continue
            parts = ext.parent.relative_to(folder).parts
            name = ".".join((package, *parts, stem)) if stem != "__init__" else ".".join((package, *parts))
            found[name] = str(source)
    return found


def run(mode: str, files: list[str], modules: dict[str, str], scratch: Path, callgrind: bool = False) -> dict:
    out = scratch / f"{mode}.json"
    command = [sys.executable, "-c", CHILD, mode, str(out), json.dumps(modules), str(ROOT), *files]
    if callgrind:
        command = ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *command]
    done = subprocess.run(command, check=True, cwd=ROOT, env={**os.environ, "PYTHONHASHSEED": "0"},
                          stderr=subprocess.PIPE if callgrind else None, text=True)
    result = json.loads(out.read_text())
    if callgrind:
        collected = re.search(r"Collected : (\d+)", done.stderr)
        if collected is None:
            raise SystemExit("valgrind did not say how many instructions it counted:\n" + done.stderr[-2000:])
        result["instructions"] = int(collected.group(1))
    for name, path in result["loaded"].items():
        if path is not None and (path.endswith(".py") != (mode == "pure")):
            raise SystemExit(f"{mode} run loaded {name} from {path}")
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="+")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--callgrind", action="store_true",
                        help="count the instructions of one run of each mode with valgrind (whole process, start-up "
                             "included) instead of timing them: the same figure whatever the machine's load")
    parser.add_argument("--modes", type=lambda text: text.split(","), default=["pure", "compiled"],
                        help="with --callgrind: the modes to count (pure,compiled)")
    args = parser.parse_args(argv)
    modules = compiled_modules()
    if not modules:
        raise SystemExit("no compiled module beside its .py under qa_core/ or plugins/")
    print("compiled:", ", ".join(sorted(modules)))
    if args.callgrind:
        with tempfile.TemporaryDirectory() as scratch:
            for mode in ("pure", "compiled"):  # warm-up: caches on disk
                run(mode, args.files, modules, Path(scratch))
            counted = {mode: run(mode, args.files, modules, Path(scratch), callgrind=True) for mode in args.modes}
        for mode, r in counted.items():
            print(f"{mode:<9} {r['units']} units: {r['instructions'] / 1e9:.3f} G instructions, "
                  f"{r['findings']} findings (digest {r['digest'][:12]})")
        if len(counted) == 2:
            same = len({(r["findings"], r["digest"]) for r in counted.values()}) == 1
            print(f"findings (every field, in order): {'the same' if same else 'DIFFER'}")
            print(f"pure/compiled: {counted['pure']['instructions'] / counted['compiled']['instructions']:.3f}")
        return 0
    runs: dict[str, list[dict]] = {"pure": [], "compiled": []}
    with tempfile.TemporaryDirectory() as scratch:
        for mode in ("pure", "compiled"):  # warm-up: caches on disk
            run(mode, args.files, modules, Path(scratch))
        for round_ in range(args.rounds):
            order = ("pure", "compiled") if round_ % 2 == 0 else ("compiled", "pure")
            for mode in order:
                runs[mode].append(run(mode, args.files, modules, Path(scratch)))
    units = runs["pure"][0]["units"]
    digests = {(r["findings"], r["digest"]) for rs in runs.values() for r in rs}
    print("findings (every field, in order): " + ("the same in every run" if len(digests) == 1 else
          "DIFFER: " + ", ".join(f"{n} findings {d[:12]}" for n, d in sorted(digests))), f"({runs['pure'][0]['findings']})")
    best = {mode: min(r["seconds"] for r in rs) for mode, rs in runs.items()}
    median = {mode: statistics.median(r["seconds"] for r in rs) for mode, rs in runs.items()}
    for mode in ("pure", "compiled"):
        print(f"{mode:<9} {units} units: {best[mode]:.2f} s CPU smallest, {median[mode]:.2f} s median "
              f"of {args.rounds}, {1000 * best[mode] / units:.3f} ms per unit")
    print(f"pure/compiled: {best['pure'] / best['compiled']:.3f} (smallest), "
          f"{median['pure'] / median['compiled']:.3f} (median)")
    names = sorted({n for rs in runs.values() for r in rs for n in r["costs"]},
                   key=lambda n: -min(r["costs"].get(n, 0.0) for r in runs["pure"]))
    print(f"  {'check (smallest CPU)':<40} {'pure':>8} {'compiled':>9} {'ratio':>6}")
    for name in names:
        p = min(r["costs"].get(name, 0.0) for r in runs["pure"])
        c = min(r["costs"].get(name, 0.0) for r in runs["compiled"])
        if p >= 0.005 * best["pure"]:
            print(f"  {name:<40} {p:7.2f}s {c:8.2f}s {p / c if c else float('nan'):6.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
