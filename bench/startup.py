"""Start-up cost of `tqa check` on a one-unit file: CPU seconds (user + system) of
whole `python -m qa_core check FILE` processes, and how many modules they import.

    python bench/startup.py [--runs 10] [FILE]

Without FILE it writes a one-unit XLIFF 1.2 (English to Vietnamese, a short string
with a number) to a temporary folder. Each run is a fresh process; the figure is the
median of the runs' CPU time taken from the operating system (resource.getrusage of
the children), which a loaded machine inflates less than wall time. Bytecode caches
are written to a temporary PYTHONPYCACHEPREFIX and warmed by one uncounted run, as an
installed tqa would have them. It also prints the median wall time and the heavy
third-party modules the run imported (numpy, py3langid, jsonschema, ...).
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


def one_run(path: Path, env: dict[str, str]) -> tuple[float, float, str]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", PROBE, str(path), ",".join(HEAVY)],
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
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = args.file or Path(tmp, "one.xlf")
        if args.file is None:
            path.write_text(ONE_UNIT, encoding="utf-8")
        env = dict(os.environ, PYTHONPYCACHEPREFIX=str(Path(tmp, "pyc")))
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        one_run(path, env)  # writes the bytecode caches
        runs = [one_run(path, env) for _ in range(args.runs)]
    cpus = sorted(r[0] for r in runs)
    print(f"file: {args.file or 'one-unit XLIFF 1.2 (en -> vi)'}; runs: {args.runs}; load average: "
          f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"CPU (user+sys) s: median {statistics.median(cpus):.3f}, min {cpus[0]:.3f}, max {cpus[-1]:.3f}")
    print(f"wall s: median {statistics.median(r[1] for r in runs):.3f}")
    print(f"modules imported, heavy ones: {runs[-1][2]}")


if __name__ == "__main__":
    main()
