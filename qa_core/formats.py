"""Input formats: how a file's format is recognised, and how XML is parsed safely.

Readers live in `qa_core.readers` (and in third-party plugins); this module holds
what they share: the `Format` record they register, the options they are given, a
cached look at a file's first bytes, and the one lxml parser configuration tqa
uses for untrusted XML (no entity expansion, no DTD loading, no network).
"""

from __future__ import annotations

import codecs
import os
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable

from qa_core.errors import InputError

HEAD_BYTES = 8192


@dataclass(frozen=True, slots=True)
class Format:
    """An input format a plugin reads. `sniff(head, path)` says from the first bytes
    whether a file is of this format (extensions decide when it is None)."""

    name: str
    extensions: tuple[str, ...]
    description: str
    sniff: Callable[[bytes, str], bool] | None = None

    def matches_extension(self, path: str) -> bool:
        lower = path.lower()
        return any(lower.endswith(ext) for ext in self.extensions)


@dataclass(frozen=True, slots=True)
class ReadOptions:
    """What the user said about the inputs: languages (which override the file's
    when the file says nothing) and the encoding to read text formats with."""

    source_lang: str | None = None
    target_lang: str | None = None
    encoding: str | None = None


def head(path: str, size: int = HEAD_BYTES) -> bytes:
    """The first bytes of a file, read once while the file stays the same (several
    readers sniff the same file; a file rewritten in place is read again)."""
    stat = os.stat(path)
    return _head(path, size, stat.st_size, stat.st_mtime_ns)


@lru_cache(maxsize=64)
def _head(path: str, size: int, _length: int, _mtime: int) -> bytes:
    with open(path, "rb") as handle:
        return handle.read(size)


_XML_ROOT = re.compile(rb"<([A-Za-z_][\w.\-]*:)?([A-Za-z_][\w.\-]*)[\s>/]")
_XMLNS = re.compile(rb"""xmlns(?::[\w.\-]+)?\s*=\s*["']([^"']+)["']""")
_VERSION = re.compile(rb"""\sversion\s*=\s*["']([^"']+)["']""")


def xml_root(data: bytes) -> tuple[str, tuple[str, ...], str | None] | None:
    """From the first bytes of an XML file: the root element's local name, the
    namespaces declared on it and its `version` attribute; None if it is not XML."""
    text = _to_ascii_view(data)
    start = _root_start(text)
    if start is None:
        return None
    match = _XML_ROOT.match(text, start)
    if not match:
        return None
    end = text.find(b">", start)
    tag = text[start : end if end > 0 else len(text)]
    namespaces = tuple(ns.decode("ascii", "replace") for ns in _XMLNS.findall(tag))
    version = _VERSION.search(tag)
    return (
        match.group(2).decode("ascii", "replace"),
        namespaces,
        version.group(1).decode("ascii", "replace") if version else None,
    )


def _skip_doctype(text: bytes, start: int) -> int:
    depth = 0
    for index in range(start, len(text)):
        char = text[index : index + 1]
        if char == b"[":
            depth += 1
        elif char == b"]":
            depth -= 1
        elif char == b">" and depth <= 0:
            return index + 1
    return len(text)


def _to_ascii_view(data: bytes) -> bytes:
    """UTF-16 files sniffed as bytes: drop the zero bytes so the markup reads as ASCII."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or data[:4] in (b"<\x00?\x00", b"\x00<\x00?"):
        return data.replace(b"\x00", b"")
    if data.startswith(codecs.BOM_UTF8):
        return data[3:]
    return data


_ENTITY_DECL = re.compile(rb"<!ENTITY", re.IGNORECASE)
_PROLOG_LIMIT = 16 << 20


def check_xml_prolog(path: str) -> None:
    """Refuse, before parsing, an XML file whose DOCTYPE declares entities: that is
    how external-entity (XXE) and billion-laughs attacks work, and no localization
    format needs them. A DOCTYPE that merely names an external DTD is fine: tqa never
    loads it. Reads only the prolog (up to the root element)."""
    prolog = _prolog(path)
    match = _ENTITY_DECL.search(prolog)
    if match is not None:
        raise InputError(
            path,
            "refused: the DOCTYPE declares entities (possible external-entity or entity-expansion attack); "
            "tqa does not expand them",
            line=prolog[: match.start()].count(b"\n") + 1,
        )


def _prolog(path: str) -> bytes:
    """The bytes before the root element (as an ASCII view for UTF-16 files)."""
    data = b""
    with open(path, "rb") as handle:
        while len(data) < _PROLOG_LIMIT:
            chunk = handle.read(1 << 16)
            if not chunk:
                break
            data += chunk
            view = _to_ascii_view(data)
            end = _root_start(view)
            if end is not None:
                return view[:end]
    return _to_ascii_view(data)


def _root_start(view: bytes) -> int | None:
    pos = 0
    while True:
        start = view.find(b"<", pos)
        if start < 0 or start + 1 >= len(view):
            return None
        if view.startswith(b"<?", start):
            end = view.find(b"?>", start)
            pos = end + 2 if end >= 0 else len(view)
        elif view.startswith(b"<!--", start):
            end = view.find(b"-->", start)
            pos = end + 3 if end >= 0 else len(view)
        elif view.startswith(b"<!", start):
            pos = _skip_doctype(view, start)
        else:
            return start
        if pos >= len(view):
            return None


def parser_options() -> dict:
    """Keyword arguments for lxml's XMLParser/iterparse that make untrusted XML safe."""
    return dict(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=False,
    )


def require_file(path: str) -> None:
    """Refuse a missing path, a folder or an empty file with one clear line."""
    if not os.path.exists(path):
        raise InputError(path, "no such file")
    if os.path.isdir(path):
        raise InputError(path, "is a folder, not a file")
    if os.path.getsize(path) == 0:
        raise InputError(path, "the file is empty")
