"""How much of the checks' per-unit work is shared, and what the shared work costs.

Several checks ask for the same text's placeholders, protected spans, prose, quantities
and language verdict. Each of these is kept per text (a bounded `lru_cache`), so the
first check to ask pays and the others read the answer (a helper that asks another holds
its CPU: prose asks for the protected spans, which ask for the placeholders). This script runs `tqa check`
(every default check, `-j 1`, in this process) on the given files and prints, for each
shared helper: how often checks asked, how often the work was done (cache misses, ideally
once per distinct text asked about), the CPU seconds of that work, and the run's CPU; then
how the quantity extraction's CPU splits into its stages. The question it answers: would
one shared per-unit pass (each unit's words, placeholders, quantities made once and handed
to every check) save work that is done twice today?

    python bench/shared_work.py FILE [FILE ...]

The timers add two clock reads per computed answer (not per cache hit): a few % of the
helpers' own figures. Figures are CPU time (time.process_time) of this one process.
"""

from __future__ import annotations

import argparse
import functools
import os
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

#: (module, name of the lru_cache'd function that does the work, what it computes)
SHARED = (
    ("qa_core.text", "_placeholders", "placeholders of a text"),
    ("tqa_plugins.everyday.common", "_protected_spans", "protected spans (placeholders, URLs, paths, code)"),
    ("tqa_plugins.everyday.common", "_prose", "prose (protected spans blanked)"),
    ("qa_core.quantities", "_extract", "quantities of a text"),
    ("tqa_plugins.language.identify", "_cleaned", "the text the language model reads"),
    ("tqa_plugins.language.identify", "judge", "language verdict"),
)
#: the stages of `qa_core.quantities._extract`
STAGES = ("_dates", "_identifiers", "_times", "_numbers", "_spelled", "_cjk_numerals")


def _timed(spent: dict, key: str, function):
    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        started = time.process_time()
        try:
            return function(*args, **kwargs)
        finally:
            spent[key] += time.process_time() - started

    return wrapper


def instrument() -> tuple[dict, dict, list, list]:
    """Put a CPU timer inside each shared helper's cache (so only computed answers are
    timed) and around each extraction stage; returns (spent, stage spent, the new caches,
    what to put back)."""
    import importlib

    spent: dict = defaultdict(float)
    stages: dict = defaultdict(float)
    caches, originals = [], []
    for module_name, name, label in SHARED:
        module = importlib.import_module(module_name)
        cached = getattr(module, name)
        originals.append((module, name, cached))
        fresh = functools.lru_cache(maxsize=cached.cache_info().maxsize)(_timed(spent, label, cached.__wrapped__))
        setattr(module, name, fresh)
        caches.append((label, fresh))
    quantities = importlib.import_module("qa_core.quantities")
    for stage in STAGES:
        original = getattr(quantities, stage)
        originals.append((quantities, stage, original))
        setattr(quantities, stage, _timed(stages, stage, original))
    return spent, stages, caches, originals


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="+")
    args = parser.parse_args(argv)
    from qa_core.cli import main as tqa

    spent, stages, caches, originals = instrument()
    try:
        with tempfile.TemporaryDirectory() as scratch:
            started = time.process_time()
            code = tqa(["check", *args.files, "-q", "--isolated", "--fail-on", "never", "-j", "1", "-f", "json",
                        "-o", os.path.join(scratch, "report.json")])
            seconds = time.process_time() - started
    finally:
        for module, name, original in originals:
            setattr(module, name, original)
    if code not in (0, 1):
        raise SystemExit(f"tqa check exited {code}")
    print(f"run: {seconds:.2f} s of CPU (every default check, -j 1, in this process)")
    print(f"  {'shared helper':<52} {'asked':>8} {'computed':>9} {'CPU s':>7} {'% run':>6}")
    for label, cache in caches:
        info = cache.cache_info()
        asked = info.hits + info.misses
        print(f"  {label:<52} {asked:>8} {info.misses:>9} {spent[label]:>7.2f} {100 * spent[label] / seconds:>5.1f}%")
    print("  (timers nest: prose holds its protected spans, which hold the placeholders; quantities and the\n"
          "   model's text hold the placeholders when they are first to ask; the verdict holds the model's text)")
    total = sum(stages.values())
    print(f"  quantity extraction by stage ({total:.2f} s):")
    for stage in STAGES:
        if stages[stage]:
            print(f"    {stage:<18} {stages[stage]:6.2f} s  {100 * stages[stage] / total:5.1f} %")
    return 0


if __name__ == "__main__":
    sys.exit(main())
