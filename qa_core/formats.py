"""Input formats: how a file's format is recognised, and how XML is parsed safely.

Readers live in `qa_core.readers` (and in third-party plugins); this module holds
what they share: the `Format` record they register, the options they are given, a
cached look at a file's first bytes, and the one lxml parser configuration tqa
uses for untrusted XML (no entity expansion, no DTD loading, no network).
"""

from __future__ import annotations

import codecs
import io
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


def check_xml_prolog(path: str, data: bytes | None = None, recover: bool = False) -> None:
    """Refuse an XML input whose DOCTYPE declares entities (general or parameter):
    that is how external-entity (XXE) and billion-laughs attacks work, and no
    localization format needs them. A DOCTYPE that merely names an external DTD is
    fine: tqa never loads it.

    Decided by libxml2 itself, not by scanning bytes: the file (or `data`, for XML
    inside a package) is parsed with the safe options up to the root element's start
    tag, and the entity declarations of the internal subset that the parser recorded
    are read from its document info. So comments, encodings (UTF-16, UTF-7, ...) and
    odd spellings in the subset are understood exactly as the reader's parser will
    understand them. The prolog is parsed once, in one pass. Syntax errors are left
    to the reader (it reports them with their place); `recover` is for HTML, parsed
    here as XML only to read its prolog."""
    from lxml import etree

    source = io.BytesIO(data) if data is not None else path
    try:
        context = etree.iterparse(source, events=("start",), recover=recover, **parser_options())
        for _event, element in context:
            _refuse_declared(path, element, data)
            return
    except etree.XMLSyntaxError as error:
        # libxml2 itself gave up on the entities (amplification, a loop): the same refusal
        text = " ".join(str(error.msg or error).split())
        if re.search(r"entity (amplification|reference loop)|amplification factor|entity loop", text, re.I):
            line = error.position[0] if error.position else None
            raise InputError(path, f"refused: the DOCTYPE declares entities that expand without bound ({text}); tqa does not expand entities", line or 1) from None
        return
    except OSError as error:
        raise InputError(path, f"cannot read: {error.strerror or error}") from None


def _refuse_declared(path: str, root, data: bytes | None) -> None:
    info = root.getroottree().docinfo
    dtd = info.internalDTD
    if dtd is None:
        return
    names = [entity.name for entity in dtd.iterentities()]
    if names:
        shown = ", ".join(repr(name) for name in names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
        raise InputError(
            path,
            f"refused: the DOCTYPE declares entities ({shown}): possible external-entity or entity-expansion attack; "
            "tqa does not expand entities (replace them with their text)",
            line=_declaration_line(path, data, info.encoding, names[0], root.sourceline),
        )


def _declaration_line(path: str, data: bytes | None, encoding: str | None, name: str, root_line: int | None) -> int:
    """Where the parser's first declared entity is written, for the message (the
    decision is the parser's; this only finds the line to show)."""
    try:
        if data is None:
            with open(path, "rb") as handle:
                data = handle.read(_PROLOG_SHOWN)
        text = data[:_PROLOG_SHOWN].decode(encoding or "utf-8", "replace")
    except (OSError, LookupError):
        return 1
    match = re.search(r"<!ENTITY\s+(?:%\s+)?" + re.escape(name) + r"(?![\w.:-])", text)
    if match is None:
        return 1
    line = text.count("\n", 0, match.start()) + 1
    return min(line, root_line) if root_line else line


_PROLOG_SHOWN = 1 << 20


def refuse_entity_references(path: str, error_log, line_hint: int | None = None) -> None:
    """After a parse: a reference to an entity nobody declared (possible when the
    DOCTYPE names an external DTD, which tqa never loads) would vanish from the text;
    refuse it, with its place, instead of losing it silently. `error_log` is the
    parser's (libxml2 records it as a warning)."""
    for entry in error_log:
        if entry.type_name in ("WAR_UNDECLARED_ENTITY", "ERR_UNDECLARED_ENTITY") or "UNDECLARED_ENTITY" in entry.type_name:
            name = entry.message.split("'")[1] if entry.message.count("'") >= 2 else "?"
            raise InputError(
                path,
                f"refused: a reference to the entity '&{name};' that no DTD tqa reads declares (tqa never loads external DTDs); "
                "its text would be lost: replace it with the text it stands for",
                line=entry.line or line_hint,
                column=entry.column or None,
            )


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
    from qa_core.limits import check_input_size

    check_input_size(path)
