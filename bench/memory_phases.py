"""Where in a run `tqa check` reaches its peak memory: the run in this process, with
each process's resident memory (VmRSS) and peak so far (VmHWM) printed at the
boundaries of the phases of the end of a run (Linux /proc):

- in every process: the start of `check_document`, the start and end of each check's
  document-level part (`check_document` of a check: consistency's groups, the
  omission and terminology summaries...), the document checked;
- in the parent: its share read, the workers' results received, the shares assembled
  (dedupe, the findings hook), the findings gathered and sorted, the report built and
  written.

VmHWM only grows, so the phase after which it jumps is where the peak was reached.
`--trace CHECK` traces the allocations (tracemalloc) of one check's document-level
part and prints the largest lines at its end (slow: for that check alone, say
`--select CON001,CON002 -j 1`).

    python bench/memory_phases.py corpus-300000-12.xlf                  # every default check
    python bench/memory_phases.py corpus-300000-12.xlf --trace Consistency -- --select CON001,CON002 -j 1

The report goes to a temporary file (JSON); arguments after `--` go to `tqa check`.
"""

from __future__ import annotations

import functools
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from _probe import memory_status as _status, split_passthrough  # noqa: E402

_STARTED = time.perf_counter()
_TRACE: str | None = None


def mark(what: str) -> None:
    status = _status()
    print(f"{time.perf_counter() - _STARTED:8.1f} s  pid {os.getpid():7d}  {what:48s} RSS {status['VmRSS']:7.1f} MiB"
          f"  peak {status['VmHWM']:7.1f} MiB", flush=True)


def _largest(what: str, count: int = 15) -> None:
    import tracemalloc

    current, peak = tracemalloc.get_traced_memory()
    print(f"  traced at the end of {what}: {current / 2**20:.1f} MiB held, {peak / 2**20:.1f} MiB at the peak")
    for stat in tracemalloc.take_snapshot().statistics("lineno")[:count]:
        print("   ", stat)
    tracemalloc.stop()


def _probe_checks(plugins) -> None:
    """Each check's document-level part marked (and traced, for `--trace`), once per class."""
    for cls in plugins.checks:
        if cls.__dict__.get("_memory_phases") or not cls.handles_documents():
            continue
        original = cls.check_document

        def check_document(self, document, ctx, _original=original, _name=cls.__name__):
            mark(f"{_name}: document part starts")
            if _TRACE == _name:
                import tracemalloc

                tracemalloc.start()
            yield from _original(self, document, ctx)
            mark(f"{_name}: document part ended")
            if _TRACE == _name:
                _largest(_name)

        cls.check_document = check_document
        cls._memory_phases = True


def _after(module, name: str, what: str) -> None:
    original = getattr(module, name)

    @functools.wraps(original)
    def wrapped(*args, **kwargs):
        out = original(*args, **kwargs)
        mark(what)
        return out

    setattr(module, name, wrapped)


def _install() -> None:
    import qa_core.report as report
    import qa_core.runner as runner
    import qa_core.workers as workers

    check_document = runner.check_document

    def checked(*args, **kwargs):
        _probe_checks(args[1])
        mark("check_document starts")
        out = check_document(*args, **kwargs)
        mark(f"document checked ({len(out.findings):,} findings)")
        return out

    runner.check_document = checked
    finish = workers.Pool.finish

    def finished(self):
        mark("parent: its share read, waits for the workers")
        finish(self)
        mark("parent: the workers' results received")

    workers.Pool.finish = finished
    _after(runner, "assemble", "parent: shares assembled (dedupe, hook)")
    _after(runner, "gather_findings", "parent: findings gathered and sorted")
    write_json = report.Report.write_json

    def written(self, stream):
        write_json(self, stream)
        mark("parent: report written")

    report.Report.write_json = written


def main(argv: list[str] | None = None) -> int:
    global _TRACE
    argv, extra = split_passthrough(argv)
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("file", type=Path)
    parser.add_argument("--trace", metavar="CHECK", help="trace the allocations of this check's document-level part")
    args = parser.parse_args(argv)
    _TRACE = args.trace
    _install()
    from qa_core.cli import main as tqa

    out = Path(tempfile.mkdtemp(prefix="tqa-phases-")) / "report.json"
    print(f"file: {args.file}; tqa args: {' '.join(extra) or '(default)'}")
    code = tqa(["check", str(args.file), "--quiet", "--isolated", "--fail-on", "never", "-f", "json", "-o", str(out), *extra])
    mark(f"end (exit code {code})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
