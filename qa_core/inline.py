"""XLIFF 2 inline content <-> `Content`.

`parse_inline` flattens `<source>`/`<target>` children (ph, pc, sc, ec, mrk, sm,
em, cp) into text plus positioned `Code`s; `build_inline` nests them back into
elements. Shared by the XLIFF 2 reader and writer and by the test harness.
"""

from __future__ import annotations

import re
from typing import Mapping

from qa_core.lazy import lazy_module
from qa_core.model import Code, CodeKind, Content

etree = lazy_module("lxml.etree", globals(), "etree")  # lxml (~8 ms of start-up) only when XML is read or written

XLIFF2_NS = "urn:oasis:names:tc:xliff:document:2.0"
XLIFF2_NAMESPACES = (
    "urn:oasis:names:tc:xliff:document:2.0",
    "urn:oasis:names:tc:xliff:document:2.1",
    "urn:oasis:names:tc:xliff:document:2.2",
)

_STANDALONE = {"ph": CodeKind.PH, "sc": CodeKind.SC, "ec": CodeKind.EC, "sm": CodeKind.SM, "em": CodeKind.EM}
_PAIRED = {"pc": (CodeKind.PC_OPEN, CodeKind.PC_CLOSE), "mrk": (CodeKind.MRK_OPEN, CodeKind.MRK_CLOSE)}
# characters XML 1.0 cannot carry; XLIFF 2 writes them as <cp hex="..."/>
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


class InlineError(ValueError):
    """Inline markup that XLIFF 2 does not allow; `element` is where."""

    def __init__(self, message: str, element=None) -> None:
        super().__init__(message)
        self.element = element


def _local(tag) -> str:
    if not isinstance(tag, str):
        return ""
    return tag.rpartition("}")[2]


def parse_inline(element, original_data: Mapping[str, str] | None = None, max_codes: int = 0) -> Content:
    """The content of a `<source>` or `<target>` element (any XLIFF 2 namespace).

    Past `max_codes` codes (0: no limit; -1: none, for content the reader already
    knows is over the limit) the codes are counted, not built (`Content.omitted_codes`),
    so that a unit with a million `<ph/>` costs no more memory than its tree: the
    runner does not check such a unit anyway."""
    parts: list[str] = []
    codes: list[Code] = []
    length = 0
    omitted = 0

    def code(kind: CodeKind, child, key: str | None = "dataRef", attrs: bool = True) -> None:
        nonlocal omitted
        if max_codes and len(codes) >= max_codes:
            omitted += 1
            return
        data = data_of(child, key) if key is not None else None
        codes.append(Code(kind, child.get("id"), length, data, attrs_of(child) if attrs else ()))

    def add(text: str | None) -> None:
        nonlocal length
        if text:
            parts.append(text)
            length += len(text)

    def attrs_of(child) -> tuple[tuple[str, str], ...]:
        return tuple((k, v) for k, v in child.attrib.items() if k != "id")

    def data_of(child, key: str = "dataRef") -> str | None:
        ref = child.get(key)
        if ref is not None and original_data is not None:
            return original_data.get(ref)
        return None

    def walk(node) -> None:
        add(node.text)
        for child in node:
            if not isinstance(child.tag, str):  # comments and processing instructions
                add(child.tail)
                continue
            local = _local(child.tag)
            if local in _STANDALONE:
                if len(child) or (child.text and child.text.strip()):
                    raise InlineError(f"<{local}> must be empty", child)
                code(_STANDALONE[local], child)
            elif local in _PAIRED:
                opening, closing = _PAIRED[local]
                code(opening, child, "dataRefStart")
                walk(child)
                code(closing, child, "dataRefEnd", attrs=False)
            elif local == "cp":
                value = child.get("hex")
                try:
                    add(chr(int(value, 16)))
                except (TypeError, ValueError):
                    raise InlineError(f"<cp hex={value!r}> is not a code point", child) from None
            else:
                raise InlineError(f"<{local}> is not allowed in inline content", child)
            add(child.tail)

    walk(element)
    return Content("".join(parts), tuple(codes), omitted)


def build_inline(parent, content: Content, ns: str = XLIFF2_NS) -> None:
    """Append `content` to the (empty) element `parent` as XLIFF 2 inline markup."""
    stack = [parent]
    last: list = [None]  # the element whose tail receives the next text, None = stack top's text
    text = content.text
    cursor = 0

    def emit(chunk: str) -> None:
        if not chunk:
            return
        for piece in _split_cp(chunk):
            if isinstance(piece, int):
                el = etree.SubElement(stack[-1], f"{{{ns}}}cp")
                el.set("hex", f"{piece:04X}")
                last[0] = el
            elif last[0] is None:
                stack[-1].text = (stack[-1].text or "") + piece
            else:
                last[0].tail = (last[0].tail or "") + piece

    for code in content.codes:
        emit(text[cursor : code.pos])
        cursor = code.pos
        kind = code.kind
        if kind in (CodeKind.PC_CLOSE, CodeKind.MRK_CLOSE):
            if len(stack) == 1:
                raise InlineError(f"closing {kind.value} without an opening one")
            closed = stack.pop()
            last[0] = closed
            continue
        name = {CodeKind.PC_OPEN: "pc", CodeKind.MRK_OPEN: "mrk"}.get(kind, kind.value)
        el = etree.SubElement(stack[-1], f"{{{ns}}}{name}")
        if code.id is not None:
            el.set("id", code.id)
        for key, value in code.attrs:
            el.set(key, value)
        if kind in (CodeKind.PC_OPEN, CodeKind.MRK_OPEN):
            stack.append(el)
            last[0] = None
        else:
            last[0] = el
    emit(text[cursor:])
    if len(stack) != 1:
        raise InlineError("an opening pc or mrk has no closing one")


def _split_cp(chunk: str):
    pos = 0
    for match in _NOT_XML.finditer(chunk):
        if match.start() > pos:
            yield chunk[pos : match.start()]
        yield ord(match.group())
        pos = match.end()
    if pos < len(chunk):
        yield chunk[pos:]


def from_markup(markup: str, ns: str = XLIFF2_NS) -> Content:
    """Content from a string of XLIFF 2 inline markup, e.g. 'Click <pc id="1">here</pc>'.
    For tests and case files; the namespace is added for you."""
    wrapped = f'<source xmlns="{ns}">{markup}</source>'
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    return parse_inline(etree.fromstring(wrapped.encode("utf-8"), parser))
