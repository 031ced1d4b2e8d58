"""What the memory benches share. It imports nothing heavy (no lxml, no qa_core), so a
probe that measures this process can load it before it measures."""

from __future__ import annotations

import sys


def memory_status() -> dict[str, float]:
    """This process's resident memory now and at its peak (VmRSS, VmHWM), in MiB."""
    out: dict[str, float] = {}
    with open("/proc/self/status") as handle:
        for line in handle:
            key, _, value = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                out[key] = int(value.split()[0]) / 1024
    return out


def split_passthrough(argv: list[str] | None) -> tuple[list[str], list[str]]:
    """The bench's own arguments and those after `--`, which go to `tqa check`."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if "--" not in argv:
        return argv, []
    cut = argv.index("--")
    return argv[:cut], argv[cut + 1:]
