"""Start-up cost of `tqa check` on a one-unit file: CPU seconds (user + system) of
whole `python -m qa_core check FILE` processes, and how many modules they import.

    python bench/startup.py [--runs 10] [--no-cache | --cold] [--tree DIR ...] [FILE]

Without FILE it writes a one-unit XLIFF 1.2 (English to Vietnamese, a short string
with a number) to a temporary folder. Each run is a fresh process; the figure is the
median of the runs' CPU time taken from the operating system (resource.getrusage of
the children), which a loaded machine inflates less than wall time. Bytecode caches
are written to a temporary PYTHONPYCACHEPREFIX and warmed by one uncounted run, as an
installed tqa would have them. tqa's own cache (the numbers check's per-language
tables, see qa_core/cache.py) goes to a temporary TQA_CACHE_DIR, filled by that
same uncounted run as a user's second run would find it; `--no-cache` turns it off
(TQA_CACHE_DIR empty: the tables are built from Babel and num2words in every run, as
in a user's very first run without a cache); `--cold` gives every counted run a new,
empty cache folder: a user's very first run, which builds the tables and writes the
cache (the numbers tables, the compiled patterns, the code of the methods dataclasses
generate and the parsed TOML of qa_core.cache and qa_core.lazy). It also prints the median wall time and the heavy
third-party modules the run imported (numpy, py3langid, jsonschema, ...).

`--tree DIR` (repeatable) runs the code of another checkout instead of the current
folder's, the trees' runs interleaved one by one so that the machine's load weighs
on each alike: e.g. `git archive OLD | tar -x -C /tmp/old` and, since the plugins
install under other names, `ln -s plugins /tmp/old/tqa_plugins; ln -s glossary
/tmp/old/tqa_glossary`; then `--tree /tmp/old --tree .`.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ONE_UNIT = """<?xml version="1.0" encoding="UTF-8"?>
<xliff xmlns="urn:oasis:names:tc:xliff:document:1.2" version="1.2">
  <file original="one.strings" source-language="en" target-language="vi" datatype="plaintext">
    <body>
      <trans-unit id="save.files">
        <source>Save 3 files</source>
        <target>Lưu 3 tệp</target>
      </trans-unit>
    </body>
  </file>
</xliff>
"""

HEAVY = ("numpy", "py3langid", "jsonschema", "jsonschema_rs", "num2words", "spylls", "nh3", "babel",
         "rapidfuzz", "ahocorasick", "translate", "yaml", "dask")

PROBE = (
    "import runpy, sys\n"
    "wanted = set(sys.argv[2].split(','))\n"
    "sys.argv = ['tqa', 'check', sys.argv[1]]\n"
    "try:\n"
    "    runpy.run_module('qa_core', run_name='__main__')\n"
    "except SystemExit:\n"
    "    pass\n"
    "heavy = sorted({m.split('.')[0] for m in sys.modules} & wanted)\n"
    "sys.stderr.write('MODULES %d %s\\n' % (len(sys.modules), ' '.join(heavy)))\n"
)


def one_run(path: Path, env: dict[str, str], tree: Path) -> tuple[float, float, str]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", PROBE, str(path), ",".join(HEAVY)], cwd=tree,
                          env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    line = next((l for l in done.stderr.splitlines() if l.startswith("MODULES ")), "MODULES ? (probe failed)")
    return cpu, wall, line[len("MODULES "):]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", nargs="?", type=Path)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--no-cache", action="store_true", help="TQA_CACHE_DIR empty: build the tables in every run")
    parser.add_argument("--cold", action="store_true", help="a new empty TQA_CACHE_DIR for every counted run (first runs)")
    parser.add_argument("--tree", action="append", type=Path, help="a checkout whose code to run (repeatable)")
    args = parser.parse_args()
    trees = [t.resolve() for t in args.tree] if args.tree else [Path.cwd()]
    with tempfile.TemporaryDirectory() as tmp:
        path = (args.file.resolve() if args.file else Path(tmp, "one.xlf"))
        if args.file is None:
            path.write_text(ONE_UNIT, encoding="utf-8")
        env = dict(os.environ, PYTHONPYCACHEPREFIX=str(Path(tmp, "pyc")),
                   TQA_CACHE_DIR="" if args.no_cache else str(Path(tmp, "cache")))
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        for tree in trees:
            one_run(path, env, tree)  # writes the bytecode caches (and tqa's cache)
        runs: dict[Path, list] = {tree: [] for tree in trees}
        for number in range(args.runs):
            for tree in trees:
                if args.cold:
                    env["TQA_CACHE_DIR"] = tempfile.mkdtemp(prefix=f"cold-{number}-", dir=tmp)
                runs[tree].append(one_run(path, env, tree))
    state = "off" if args.no_cache else "empty at every run (first runs)" if args.cold else "warm"
    print(f"file: {args.file or 'one-unit XLIFF 1.2 (en -> vi)'}; runs: {args.runs}; cache: "
          f"{state}; load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    for tree, done in runs.items():
        cpus = sorted(r[0] for r in done)
        if len(trees) > 1:
            print(f"-- {tree}")
        print(f"CPU (user+sys) s: median {statistics.median(cpus):.3f}, min {cpus[0]:.3f}, max {cpus[-1]:.3f}")
        print(f"wall s: median {statistics.median(r[1] for r in done):.3f}")
        print(f"modules imported, heavy ones: {done[-1][2]}")


if __name__ == "__main__":
    main()
