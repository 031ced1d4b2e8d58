"""Write-back that diffs cleanly: the findings go into a copy of the original bytes,
and only what they add changes.

- XLIFF 1.2 (also SDLXLIFF, memoQ): each annotated `<trans-unit>` gets its
  `<note from="tqa">` elements inserted before its closing tag, indented like the
  unit's other children; notes tqa wrote before are removed. Nothing else moves.
- XLIFF 2.x: the inner text of each `<target>` (or `<source>`) that gets ITS issues is
  replaced by the new content (its inline codes re-serialised); the root gains
  `xmlns:its` and `its:version` when it lacks them. Every other byte stays.

`patch(original, document, annotated_units, version, written)` returns the new bytes,
or None when the file cannot be patched safely (not UTF-8, a unit or segment not found
where the model says it is, an id used twice); the caller then writes the whole file
with tqa's writer as before.
"""

from __future__ import annotations

import re
from typing import Iterable

from lxml import etree

from qa_core.formats import parser_options
from qa_core.model import Unit

ITS_NS = "http://www.w3.org/2005/11/its"
_MASK = re.compile(r"<!--.*?-->|<!\[CDATA\[.*?\]\]>|<\?.*?\?>", re.DOTALL)
_ATTR_ID = re.compile(r"""\sid\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_XMLNS = re.compile(r"""\s+xmlns(?::([\w.-]+))?\s*=\s*(?:"([^"]*)"|'([^']*)')""")


def _masked(text: str) -> str:
    """`text` with comments, CDATA and processing instructions blanked (same length)."""
    return _MASK.sub(lambda m: " " * len(m.group(0)), text)


def _elements(masked: str, name: str, start: int = 0, end: int | None = None) -> list[tuple[int, int, int, str]]:
    """(start of the start tag, end of the start tag, end of the element, start tag) of
    every `name` element (any prefix) in masked[start:end]; elements of that name do not
    nest (units, targets). A self-closing element ends where its tag ends."""
    end = len(masked) if end is None else end
    opening = re.compile(rf"<(?:[\w.-]+:)?{name}(?=[\s/>])[^>]*>")
    closing = re.compile(rf"</(?:[\w.-]+:)?{name}\s*>")
    out = []
    position = start
    while True:
        match = opening.search(masked, position, end)
        if match is None:
            return out
        tag = match.group(0)
        if tag.endswith("/>"):
            out.append((match.start(), match.end(), match.end(), tag))
            position = match.end()
            continue
        close = closing.search(masked, match.end(), end)
        if close is None:
            return out
        out.append((match.start(), match.end(), close.end(), tag))
        position = close.end()


def _unit_id(tag: str) -> str | None:
    match = _ATTR_ID.search(tag)
    if match is None:
        return None
    value = match.group(1) if match.group(1) is not None else match.group(2)
    return _unescape(value)


_REFERENCE = re.compile(r"&(#[0-9]+|#x[0-9a-fA-F]+|lt|gt|quot|apos|amp);")
_NAMED = {"lt": "<", "gt": ">", "quot": '"', "apos": "'", "amp": "&"}


def _unescape(value: str) -> str:
    def one(match):
        ref = match.group(1)
        if ref.startswith("#x"):
            return chr(int(ref[2:], 16))
        if ref.startswith("#"):
            return chr(int(ref[1:]))
        return _NAMED[ref]

    return _REFERENCE.sub(one, value)


def _escape(text: str, attribute: bool = False) -> str:
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace('"', "&quot;") if attribute else text


def _indent_of(text: str, position: int) -> str:
    """The whitespace that starts the line `position` is on."""
    line_start = text.rfind("\n", 0, position) + 1
    match = re.match(r"[ \t]*", text[line_start:position])
    return match.group(0) if match else ""


def patch(original: bytes, units: Iterable[tuple[Unit, Unit]], version: str, written: bytes | None = None,
          input_version: str = "") -> bytes | None:
    """The original bytes with the changed units patched in. `units` pairs each unit as
    read with the same unit annotated; `written` is the whole file as tqa's writer wrote
    it (XLIFF 2: the new target contents are taken from it)."""
    try:
        text = original.decode("utf-8")
    except UnicodeDecodeError:
        return None
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    text = text[len(bom):]
    masked = _masked(text)
    pairs = list(units)
    if not any(before.segments != after.segments or before.notes != after.notes for before, after in pairs):
        return original
    if version == "1.2":
        out = _patch12(text, masked, pairs)
    elif written is None:
        return None
    else:
        out = _patch2(text, masked, pairs, written, version if version != input_version else None)
    return None if out is None else bom.encode("utf-8") + out


def _locate(masked: str, tag: str, pairs) -> list | None:
    """For each pair, in order, the raw element of its unit, or None when the units
    cannot be matched one to one (the same id in two `<file>`s is matched by order)."""
    elements = _elements(masked, tag)
    ids = [_unit_id(element[3]) for element in elements]
    if len(elements) == len(pairs) and all(ident == before.id for ident, (before, _) in zip(ids, pairs)):
        return elements
    by_id: dict[str, tuple] = {}
    for ident, element in zip(ids, elements):
        if ident is None or ident in by_id:
            return None
        by_id[ident] = element
    found = [by_id.get(before.id) for before, _ in pairs]
    return None if any(element is None for element in found) else found


def _patch12(text: str, masked: str, pairs) -> bytes | None:
    where = _locate(masked, "trans-unit", pairs)
    if where is None:
        return None
    edits: list[tuple[int, int, str]] = []
    for (before, after), element in zip(pairs, where):
        if before.segments == after.segments and before.notes == after.notes:
            continue
        if element[2] == element[1]:
            return None
        start, tag_end, end, _ = element
        closing = masked.rfind("</", tag_end, end)
        # notes tqa wrote before: removed with the whitespace before them
        for note in _elements(masked, "note", tag_end, closing):
            if re.search(r"""\sfrom\s*=\s*["']tqa["']""", note[3]):
                lead = note[0]
                while lead > tag_end and text[lead - 1] in " \t\r\n":
                    lead -= 1
                edits.append((lead, note[2], ""))
        children = re.search(r"\n([ \t]*)<", text[tag_end:closing])
        newline = "\r\n" if "\r\n" in text[start:end] else "\n"
        if children is None and "\n" not in text[start:end]:
            indent, newline = "", ""  # a unit on one line: its notes stay on that line
        else:
            indent = children.group(1) if children else _indent_of(text, start) + "  "
        new_notes = [n for n in after.notes if n.category == "tqa"]
        inserted = "".join(
            f'{newline}{indent}<note from="tqa"'
            + (f' priority="{n.priority}"' if n.priority is not None else "")
            + (f' annotates="{n.applies_to}"' if n.applies_to else "")
            + f">{_escape(n.text)}</note>"
            for n in new_notes
        )
        at = closing
        while at > tag_end and text[at - 1] in " \t\r\n":
            at -= 1
        if inserted:
            edits.append((at, at, inserted))
    return _apply(text, edits)


def _patch2(text: str, masked: str, pairs, written: bytes, new_version: str | None = None) -> bytes | None:
    where = _locate(masked, "unit", pairs)
    if where is None:
        return None
    try:
        tree = etree.fromstring(written, etree.XMLParser(**parser_options()))
    except etree.XMLSyntaxError:
        return None
    new_units = list(tree.iter("{*}unit"))
    if len(new_units) != len(pairs):
        return None
    edits: list[tuple[int, int, str]] = []
    root = _elements(masked, "xliff")
    if not root:
        return None
    root_start, root_tag_end, _, root_tag = root[0]
    declared = {(m.group(1) or ""): (m.group(2) if m.group(2) is not None else m.group(3)) for m in _XMLNS.finditer(root_tag)}
    needs_its = False
    for (before, after), element, new in zip(pairs, where, new_units):
        if before.segments == after.segments and before.notes == after.notes:
            continue
        _, tag_end, end, _ = element
        raw_parts = [p for p in _parts(masked, tag_end, end)]
        new_parts = [p for p in new if isinstance(p.tag, str) and etree.QName(p).localname in ("segment", "ignorable")]
        if len(raw_parts) != len(before.segments) or len(new_parts) != len(before.segments):
            return None
        for (raw_start, raw_end), old_segment, new_segment, new_element in zip(raw_parts, before.segments, after.segments, new_parts):
            for side in ("source", "target"):
                if getattr(old_segment, side) == getattr(new_segment, side):
                    continue
                raw = _elements(masked, side, raw_start, raw_end)
                fresh = new_element.find(f"{{*}}{side}")
                if not raw or fresh is None:
                    return None
                s_start, s_tag_end, s_end, s_tag = raw[0]
                if s_tag.endswith("/>"):
                    return None
                inner, uses_its = _inner(fresh, declared)
                needs_its = needs_its or uses_its
                closing = masked.rfind("</", s_tag_end, s_end)
                edits.append((s_tag_end, closing, inner))
    if new_version is not None:  # 2.0 has no ITS module: the file becomes 2.1 (or what was asked)
        match = re.search(r"""(\sversion\s*=\s*["'])([^"']*)(["'])""", root_tag)
        if match is None:
            return None
        edits.append((root_start + match.start(2), root_start + match.end(2), new_version))
    if needs_its:
        additions = ""
        if declared.get("its") != ITS_NS:
            if "its" in declared:
                return None  # the prefix names another namespace here
            additions += f' xmlns:its="{ITS_NS}"'
        if not re.search(r"\sits:version\s*=", root_tag):
            additions += ' its:version="2.0"'
        if additions:
            insert_at = root_tag_end - (2 if root_tag.endswith("/>") else 1)
            edits.append((insert_at, insert_at, additions))
    return _apply(text, edits)


def _parts(masked: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of the `<segment>` and `<ignorable>` elements of a unit, in order."""
    spans = [(s, e) for s, _, e, _ in _elements(masked, "segment", start, end)]
    spans += [(s, e) for s, _, e, _ in _elements(masked, "ignorable", start, end)]
    return sorted(spans)


def _inner(element, declared: dict[str, str]) -> tuple[str, bool]:
    """The XML inside `element`, without the namespace declarations the original root
    already makes (and without xmlns:its, which the root gets); whether it uses ITS."""
    parts = [_escape(element.text or "")]
    uses_its = False
    for child in element:
        chunk = etree.tostring(child, encoding="unicode", with_tail=False)
        uses_its = uses_its or ITS_NS in chunk

        def drop(match):
            prefix = match.group(1) or ""
            uri = match.group(2) if match.group(2) is not None else match.group(3)
            if declared.get(prefix) == uri or (prefix == "its" and uri == ITS_NS):
                return ""
            return match.group(0)

        first_tag_end = chunk.find(">")
        chunk = _XMLNS.sub(drop, chunk[:first_tag_end]) + chunk[first_tag_end:]
        parts.append(chunk)
        parts.append(_escape(child.tail or ""))
    return "".join(parts), uses_its


def _apply(text: str, edits: list[tuple[int, int, str]]) -> bytes:
    out = []
    position = 0
    for start, end, replacement in sorted(edits, key=lambda e: (e[0], e[1])):
        if start < position:
            continue
        out.append(text[position:start])
        out.append(replacement)
        position = end
    out.append(text[position:])
    return "".join(out).encode("utf-8")
