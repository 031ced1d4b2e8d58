"""HTML: the text of block elements (p, h1-h6, li, blockquote, td, th, dt, dd,
figcaption, caption, div with its own text...) becomes paragraphs; script, style,
pre and code blocks are skipped; inline elements (a, em, span, br...) stay in the
paragraph they sit in. Whitespace is collapsed as a browser shows it.

lxml knows the line each element starts on; the column is where the paragraph's
first word is found on that line (None when an entity or markup hides it).
"""

from __future__ import annotations

import re

import lxml.html
from lxml import etree

from qa_core.documents import Paragraph, Piece
from qa_core.errors import InputError
from qa_core.formats import check_xml_prolog

BLOCK = {
    "address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details", "dialog", "div",
    "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header",
    "hgroup", "hr", "html", "li", "main", "nav", "ol", "p", "section", "summary", "table", "tbody", "td", "tfoot",
    "th", "thead", "title", "tr", "ul", "head", "menu", "legend", "option",
}
SKIP = {"script", "style", "noscript", "template", "pre", "svg", "math", "iframe", "object", "textarea", "select", "meta", "link"}
KIND = {
    "h1": "heading", "h2": "heading", "h3": "heading", "h4": "heading", "h5": "heading", "h6": "heading",
    "li": "list-item", "dt": "list-item", "dd": "list-item", "blockquote": "quote", "td": "table-cell",
    "th": "table-cell", "figcaption": "caption", "caption": "caption", "title": "title",
}
_SPACE = re.compile(r"[ \t\n\r\f\v]+")
_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")


class _Collector:
    def __init__(self, raw_lines: list[str]) -> None:
        self.raw_lines = raw_lines
        self.paragraphs: list[Paragraph] = []
        self.parts: list[str] = []
        self.line: int | None = None
        self.kind = "paragraph"
        self.cursor: dict[int, int] = {}  # per line, where the last paragraph found there ended

    def add(self, text: str | None, line: int | None) -> None:
        if not text:
            return
        if self.line is None and text.strip():
            self.line = line
        self.parts.append(text)

    def flush(self, kind: str) -> None:
        text = _SPACE.sub(" ", "".join(self.parts)).strip()
        text = text.replace(" \n ", "\n").replace("\n ", "\n").replace(" \n", "\n")
        if text:
            line = self.line or 1
            self.paragraphs.append(Paragraph(text, (Piece(0, line, self._column(line, text)),), kind))
        self.parts, self.line = [], None

    def _column(self, line: int, text: str) -> int | None:
        if not 1 <= line <= len(self.raw_lines):
            return None
        word = text.split()[0] if text.split() else text
        found = self.raw_lines[line - 1].find(word, self.cursor.get(line, 0))
        if found < 0:
            return None
        self.cursor[line] = found + len(word)
        return found + 1


def read_html(path: str, text: str) -> list[Paragraph]:
    source = _DECLARATION.sub(lambda m: " " * len(m.group()), text, count=1)
    # an internal DTD subset declaring entities: refused as for every XML input (the
    # HTML parser would show its text and drop the references)
    if "<!" in source[:1 << 16]:
        check_xml_prolog(path, data=source.encode("utf-8"), recover=True)
    parser = lxml.html.HTMLParser(remove_comments=True, remove_pis=True, no_network=True, recover=True)
    try:
        root = lxml.html.document_fromstring(source, parser=parser)
    except (etree.ParserError, ValueError) as error:
        raise InputError(path, f"not readable as HTML: {error}") from None
    collector = _Collector(text.split("\n"))
    _walk(root, collector, "paragraph")
    collector.flush("paragraph")
    return collector.paragraphs


def _walk(element, out: _Collector, kind: str) -> None:
    tag = element.tag.lower() if isinstance(element.tag, str) else None
    if tag is None or tag in SKIP:
        return
    line = element.sourceline
    if tag == "br":
        out.add("\n", line)
        return
    if tag in BLOCK:
        out.flush(kind)
        inner = KIND.get(tag, "paragraph" if kind in ("title", "heading") else kind)
        out.add(element.text, line)
        for child in element:
            _walk(child, out, inner)
            out.add(child.tail, child.sourceline)
        out.flush(inner)
        return
    out.add(element.text, line)
    for child in element:
        _walk(child, out, kind)
        out.add(child.tail, child.sourceline)
