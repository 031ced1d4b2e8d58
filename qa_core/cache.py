"""A small on-disk cache for tables that are slow to build and cheap to read back
(the numbers check's per-language tables: CLDR data through Babel, num2words' number
words). It saves start-up time and is never needed for a correct result: a missing,
unreadable, stale or corrupt entry is rebuilt by the caller, and a cache that cannot
be written is silently skipped.

It also keeps what TOML texts parse to (`toml_loads`: the built-in glossaries, a
project's pyproject.toml), by a BLAKE2b digest of the text, so that a run whose TOML files
were read before imports no TOML parser (~10 ms).

It keeps bytes too (`raw=True`: the code of the methods `dataclasses` generates,
qa_core/lazy.py), in a file whose first line is the same JSON header.

Where: `TQA_CACHE_DIR` when set (empty = no cache at all), else
`$XDG_CACHE_HOME/tqa`, else `~/.cache/tqa`. Each entry is one file named by its name and key, and holding them; other library versions or
other tqa code make another key, so another file.
Writers write a private temporary file in the same folder and rename it over the
entry, so concurrent runs never see half a file: the last one wins, and every one
wrote the same thing. The first line (name, key, CRC-32 of the rest) is checked
before the rest is used, so a file cut short or damaged is a miss, not wrong data.

The check is a CRC-32 (zlib's, ~0.5 ms for the ~1 MB a one-unit run reads) rather than
a SHA-256 (which costs loading OpenSSL, ~2.5 ms, on top of hashing): it is there to
notice a file cut short or damaged, as zip and PNG files do; it is no defence against
someone who can write the cache folder, and SHA-256 was none either (they could write
the checksum too). Entries are named by a BLAKE2b digest of their name and key
(qa_core.digests: CPython's own BLAKE2b, without OpenSSL).
"""

from __future__ import annotations

import json
import os
import sys
import zlib
from pathlib import Path
from types import ModuleType
from typing import Any

from qa_core.digests import blake2b

ENVIRONMENT = "TQA_CACHE_DIR"
#: the header's field that holds `checksum(body)`
CHECK = "crc32"


def checksum(body: bytes) -> str:
    """What an entry's header says of its body (see the module's docstring)."""
    return f"{zlib.crc32(body):08x}"


def cache_dir() -> Path | None:
    """The folder of tqa's cache, or None when `TQA_CACHE_DIR` is set empty."""
    chosen = os.environ.get(ENVIRONMENT)
    if chosen is not None:
        return Path(chosen) if chosen.strip() else None
    base = os.environ.get("XDG_CACHE_HOME") or ""
    root = Path(base) if os.path.isabs(base) else Path.home() / ".cache"
    return root / "tqa"


def _entry(kind: str, name: str, key: Any, raw: bool = False) -> Path | None:
    # the key is part of the file's name: two installs of different versions on one
    # machine (two virtual environments, an upgrade) keep an entry each instead of
    # rebuilding and overwriting each other's on every run
    folder = cache_dir()
    if folder is None:
        return None
    try:
        spelled = json.dumps([name, key], sort_keys=True, ensure_ascii=False)
    except (TypeError, ValueError):
        return None
    digest = blake2b(spelled.encode("utf-8", "surrogatepass"), digest_size=12).hexdigest()
    return folder / f"{kind}-{digest}.{'bin' if raw else 'json'}"


def load(kind: str, name: str, key: Any, raw: bool = False) -> Any | None:
    """The value stored for (`kind`, `name`) under exactly `key`, or None (a miss).
    With `raw`, the bytes stored by `store(..., raw=True)`, unparsed."""
    path = _entry(kind, name, key, raw)
    if path is None:
        return None
    try:
        with open(path, "rb") as handle:
            header, _, body = handle.read().partition(b"\n")
        stored = json.loads(header)
        if not isinstance(stored, dict) or stored.get("name") != name or stored.get("key") != key:
            return None
        if stored.get(CHECK) != checksum(body):
            return None  # cut short or altered since it was written
        return body if raw else json.loads(body)
    except (OSError, ValueError, UnicodeDecodeError):
        return None


def store(kind: str, name: str, key: Any, value: Any, raw: bool = False) -> None:
    """Keep `value` (JSON data; bytes with `raw`) for (`kind`, `name`) under `key`;
    never raises."""
    path = _entry(kind, name, key, raw)
    if path is None:
        return
    temporary = None
    try:
        body = bytes(value) if raw else _json_body(value)
        header = {"name": name, "key": key, CHECK: checksum(body)}
        data = json.dumps(header, ensure_ascii=True).encode("ascii") + b"\n" + body
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.{os.getpid()}.{id(data):x}.tmp")
        with open(temporary, "xb") as handle:
            handle.write(data)
        os.replace(temporary, path)
        temporary = None
    except (OSError, TypeError, ValueError):
        pass  # a read-only home, a full disk: the next run builds the tables again
    finally:
        if temporary is not None:
            try:
                os.unlink(temporary)
            except OSError:
                pass


def _json_body(value: Any) -> bytes:
    try:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate (say, in a pattern's character range): escaped
        return json.dumps(value, ensure_ascii=True, separators=(",", ":")).encode("ascii")


# ---------------------------------------------------------------------------
# TOML texts read before
# ---------------------------------------------------------------------------


def toml_module() -> ModuleType:
    """The TOML parser: tomllib (tomli before Python 3.11), imported on first use. Write
    `except cache.toml_module().TOMLDecodeError`: the clause imports it only when an
    exception reaches it, and a text that fails to parse was parsed by it anyway."""
    if sys.version_info >= (3, 11):
        import tomllib

        return tomllib
    import tomli  # pragma: no cover - Python 3.10

    return tomli  # pragma: no cover


def toml_loads(text: str) -> dict[str, Any]:
    """`tomllib.loads(text)`, read back from the cache when this very text parsed before.

    A text is stored only when it parsed, and only when JSON keeps its value exactly
    (TOML dates and times do not survive JSON: such texts are parsed every time), so a
    hit gives what the parser gives and a broken text raises the parser's error."""
    name = blake2b(text.encode("utf-8", "surrogatepass"), digest_size=32).hexdigest()
    key = ["toml", sys.version] if sys.version_info >= (3, 11) else ["toml", sys.version, _tomli_version()]
    stored = load("toml", name, key) if cache_dir() is not None else None
    if isinstance(stored, dict):
        return stored
    data = toml_module().loads(text)
    if cache_dir() is not None and _plain_json(data):
        store("toml", name, key, data)
    return data


def _tomli_version() -> str:  # pragma: no cover - Python 3.10
    from qa_core.distributions import version

    return version("tomli") or "?"


def _plain_json(value: Any, depth: int = 0) -> bool:
    """Whether JSON gives `value` back as it is: str, int, float, bool, lists and
    str-keyed dicts of them (not TOML's dates and times)."""
    if depth > 100:
        return False
    if isinstance(value, (str, bool, int, float)):
        return True
    if isinstance(value, list):
        return all(_plain_json(item, depth + 1) for item in value)
    if isinstance(value, dict):
        return all(isinstance(k, str) and _plain_json(v, depth + 1) for k, v in value.items())
    return False
