"""Limits on what one input may cost, each with a clear message and a setting.

The defaults are far above any real localization file and far below what would make a
run take minutes or gigabytes. Raise one with `--limit NAME=VALUE` (repeatable) or the
environment variable `TQA_LIMITS="NAME=VALUE,NAME=VALUE"` (what worker processes
inherit), or `limits = {NAME = VALUE}` in `[tool.tqa]` (which those two override).
Sizes take a suffix: `k`, `M`, `G` (powers of 1024); `0` means no limit.

| name              | default | what it bounds                                            |
|-------------------|---------|-----------------------------------------------------------|
| `archive_size`    | 512M    | bytes inflated from a zip-based input (.docx ...), in all |
| `archive_ratio`   | 200     | inflated/compressed ratio of one member over 1 MiB        |
| `archive_entries` | 10000   | members of a zip-based input                              |
| `input_bytes`     | 512M    | bytes of one input file (as stored, before decoding)      |
| `xml_depth`       | 256     | element nesting of an XML input (libxml2 stops at 256 too)|
| `unit_chars`      | 1M      | characters of one unit's source or target: past it the    |
|                   |         | unit is read but not checked (a TQA003 finding says so);  |
|                   |         | a PO line over 4 x this many bytes is read past, not kept |
| `unit_codes`      | 10000   | inline codes (placeholders, tags) of one unit: likewise;  |
|                   |         | the XLIFF readers keep no code of a side over twice this  |
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, fields, replace
from typing import TYPE_CHECKING

from qa_core.errors import InputError, UsageError

if TYPE_CHECKING:
    import zipfile

ENVIRONMENT = "TQA_LIMITS"


@dataclass(frozen=True, slots=True)
class Limits:
    """The limits of a run (see the module's docstring for each; 0 means no limit)."""

    archive_size: int = 512 << 20
    archive_ratio: int = 200
    archive_entries: int = 10_000
    input_bytes: int = 512 << 20
    xml_depth: int = 256
    unit_chars: int = 1_000_000
    unit_codes: int = 10_000

    def over(self, name: str, value: int) -> bool:
        limit = getattr(self, name)
        return bool(limit) and value > limit


SIZE_PATTERN = r"^\s*(\d+)\s*([kKmMgG]?)i?[bB]?\s*$"
_SIZE = re.compile(SIZE_PATTERN)
#: what each limit bounds, for `tqa schema` and the configuration's error messages
DESCRIPTIONS = {
    "archive_size": "Bytes a zip-based input (.docx) may inflate to, all members (512M).",
    "archive_ratio": "Inflated/compressed ratio of one zip member over 1 MiB (200).",
    "archive_entries": "Members of a zip-based input (10000).",
    "input_bytes": "Bytes of one input file (512M).",
    "xml_depth": "Element nesting of an XML input (256).",
    "unit_chars": "Characters of one unit's source or target; past it the unit is not checked, TQA003 (1M).",
    "unit_codes": "Inline codes of one unit's source or target; past it the unit is not checked, TQA003 (10000).",
}
_FACTOR = {"": 1, "k": 1 << 10, "m": 1 << 20, "g": 1 << 30}


def parse_limits(text: str, base: Limits | None = None, where: str = "--limit") -> Limits:
    """`NAME=VALUE[,NAME=VALUE...]` over `base` (the defaults)."""
    limits = base or Limits()
    names = {f.name for f in fields(Limits)}
    for item in (part.strip() for part in text.split(",")):
        if not item:
            continue
        name, sep, raw = item.partition("=")
        name = name.strip().replace("-", "_")
        if not sep or name not in names:
            raise UsageError(f"'{where}' must be NAME=VALUE with NAME one of {', '.join(sorted(names))} (got {item!r})")
        match = _SIZE.match(raw)
        if not match:
            raise UsageError(f"'{where}' {name} must be a whole number, with k, M or G for sizes (got {raw.strip()!r})")
        limits = replace(limits, **{name: int(match.group(1)) * _FACTOR[match.group(2).lower()]})
    return limits


_CACHE: tuple[str, Limits] | None = None


def current() -> Limits:
    """The limits of this run (defaults, then `TQA_LIMITS`)."""
    global _CACHE
    text = os.environ.get(ENVIRONMENT, "")
    if _CACHE is None or _CACHE[0] != text:
        _CACHE = (text, parse_limits(text, where=ENVIRONMENT))
    return _CACHE[1]


def set_from_arguments(items) -> None:
    """`--limit` items: checked now, passed on through the environment (so worker
    processes and plugins see the same limits)."""
    if not items:
        return
    text = ",".join(filter(None, [os.environ.get(ENVIRONMENT, "")] + list(items)))
    parse_limits(text)  # refuse a bad one now, with its option's name
    os.environ[ENVIRONMENT] = text


def hint(name: str) -> str:
    return f"raise it with --limit {name}=N (or {ENVIRONMENT}, or limits in [tool.tqa]) if the file is trusted"


def reader_codes(limits: Limits | None = None) -> int:
    """How many codes and markers one source or target may hold for a reader to build
    them (0: no cap): twice `unit_codes`, so that a unit within the limit is always read
    whole (markers such as `<mrk>` count too). A side over it keeps none: its code
    elements are removed from the parsed tree chunk by chunk (`readers._xml.CodeTrimmer`)
    and only counted (`Content.omitted_codes`), and the runner reports the unit with
    TQA003, so a million `<ph/>` cost neither Python objects nor Python calls."""
    return 2 * (limits or current()).unit_codes


def check_input_size(path: str, limits: Limits | None = None) -> None:
    """Refuse an input file larger than `input_bytes` before reading any of it: a file
    may be held in memory several times while it is decoded (a 100-MB single-line .txt
    peaks at 442 MiB), so its size bounds the run's memory."""
    limits = limits or current()
    try:
        size = os.path.getsize(path)
    except OSError:
        return  # the reader names what is wrong with the path
    if limits.over("input_bytes", size):
        raise InputError(path, f"refused: the file is {_size(size)}, over the limit 'input_bytes' of {_size(limits.input_bytes)}; {hint('input_bytes')}")


# ---------------------------------------------------------------------------
# Zip-based inputs
# ---------------------------------------------------------------------------


def open_archive(path: str, limits: Limits | None = None, kind: str = "ZIP package") -> zipfile.ZipFile:
    """A zip-based input opened after checking its central directory: the number of
    members, the inflated size of them all and the ratio of each. Reads no member, so
    a decompression bomb is refused at once. The declared sizes cannot lie to us
    afterwards: `zipfile` stops at a member's declared size (and fails its CRC)."""
    import zipfile

    limits = limits or current()
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as error:
        raise InputError(path, f"not a readable {kind}: {' '.join(str(error).split())}") from None
    try:
        members = archive.infolist()
        if limits.over("archive_entries", len(members)):
            raise InputError(path, f"refused: the package holds {len(members):,} members, more than the limit of {limits.archive_entries:,}; {hint('archive_entries')}")
        total = 0
        for member in members:
            total += member.file_size
            if limits.over("archive_size", total):
                raise InputError(path, f"refused: the package inflates to more than {_mib(limits.archive_size)} (possible decompression bomb); {hint('archive_size')}")
            if member.file_size > (1 << 20):
                ratio = member.file_size / max(member.compress_size, 1)
                if limits.over("archive_ratio", int(ratio)):
                    raise InputError(path, f"refused: member {member.filename!r} inflates {ratio:,.0f} times ({_mib(member.compress_size)} to {_mib(member.file_size)}), more than the limit of {limits.archive_ratio} (possible decompression bomb); {hint('archive_ratio')}")
    except BaseException:
        archive.close()
        raise
    return archive


def _size(size: int) -> str:
    return f"{size:,} bytes" if size < (1 << 20) else _mib(size)


def _mib(size: int) -> str:
    return f"{size / (1 << 20):,.1f} MiB"
