"""One check's `check_unit` over the units of some files, in one process: its CPU, or (under
callgrind) its instructions alone, and a digest of the findings it made.

    python bench/check_loop.py terminology FILE [FILE ...]            # CPU, best of --rounds
    python bench/check_loop.py consistency --every 4 FILE ...        # every 4th unit of each file
    valgrind --tool=callgrind --collect-atstart=no --toggle-collect=functools_reduce \\
        python bench/check_loop.py terminology --rounds 1 FILE ...   # the loop's instructions only

The files are read first (tqa's readers); each round then makes the check afresh for each
file and passes it every unit, with a small stand-in for the runner's CheckContext (the
file's languages, `finding` returning the rule, message and spans, every rule on for
consistency's directions). The terminology check's glossaries are loaded before the
clock starts, its memo and the near-miss finder's tables empty (a fresh load each round).
The loop runs inside `functools.reduce`, so callgrind's `--toggle-collect=functools_reduce`
counts the loop and nothing else (reading, imports, the glossary). For A/B, run it with
`PYTHONPATH` naming a tree whose root links `tqa_plugins` and `tqa_glossary` to its
`plugins/` and `glossary/` (the editable install maps them to this worktree otherwise).
"""

from __future__ import annotations

import argparse
import functools
import hashlib
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


class _Document:
    def __init__(self, monolingual: bool) -> None:
        self.monolingual = monolingual


class _Config:
    root = None


class _Context:
    def __init__(self, document, hook) -> None:
        self.source_lang, self.target_lang = document.source_lang, document.target_lang
        self.document = _Document(document.monolingual)
        self.hook = hook
        self.config = _Config()

    def finding(self, rule_id, message, **kw):
        return (rule_id, message, kw.get("target"), kw.get("source"))

    def is_enabled(self, rule_id, profile=None):
        return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("check", choices=("terminology", "consistency"))
    parser.add_argument("files", nargs="+")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--every", type=int, default=1, help="every Nth unit of each file")
    args = parser.parse_args(argv)
    from qa_core.formats import ReadOptions
    from qa_core.manager import load_plugins
    from qa_core.runner import open_document

    plugins = load_plugins()
    docs = []
    for path in args.files:
        document = open_document(path, plugins, ReadOptions())
        docs.append((document, list(document.units())[::args.every]))
    if args.check == "terminology":
        import tqa_plugins.terminology as module
        from tqa_plugins.terminology import nearmiss

        def fresh():
            module._CACHE.clear()
            nearmiss.similarity.cache_clear()
            nearmiss._word.cache_clear()
            for document, _ in docs:
                module.Terminology(None)._resources(_Context(document, plugins.hook))

        make = module.Terminology
    else:
        import tqa_plugins.everyday.consistency as module

        def fresh():
            module._PREFIXES.clear()

        make = module.Consistency

    def loop(_a, _b):
        out = []
        for document, units in docs:
            check, ctx = make(None), _Context(document, plugins.hook)
            for unit in units:
                out.extend(check.check_unit(unit, ctx) or ())
        return out

    best, out = None, []
    for _ in range(args.rounds):
        fresh()
        started = time.process_time()
        out = functools.reduce(loop, [None, None])
        seconds = time.process_time() - started
        best = seconds if best is None else min(best, seconds)
    digest = hashlib.sha256(repr(out).encode()).hexdigest()[:12]
    print(f"{args.check}: {sum(len(u) for _, u in docs)} units, {len(out)} findings (digest {digest}), "
          f"best of {args.rounds}: {best:.3f} s of CPU")
    return 0


if __name__ == "__main__":
    sys.exit(main())
