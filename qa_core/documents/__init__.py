"""Monolingual documents read as paragraphs: plain text, Markdown, HTML and DOCX.

`tqa align` and `tqa check --source/--target` take two ordinary documents (a source
and its translation) instead of a bilingual file. These readers turn each into a
`TextDocument`: its paragraphs in order, each remembering where its characters sit
in the original file (line and column of every line it spans; for DOCX the
paragraph number), so findings point into the documents the user has open.

Bad input never raises a traceback: a binary file, a wrong encoding, a broken DOCX
or a document without text are one-line `InputError`s naming the file and place.
"""

from __future__ import annotations

import codecs
import os
from dataclasses import dataclass

from qa_core.errors import InputError

#: paragraph kinds the readers report
KINDS = ("paragraph", "heading", "list-item", "quote", "table-cell", "caption", "title")

EXTENSIONS: dict[str, str] = {
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".mdx": "markdown",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".docx": "docx",
}

FORMATS = ("text", "markdown", "html", "docx")


@dataclass(frozen=True, slots=True)
class Piece:
    """Where a run of a paragraph's text starts in the file: the text from `offset`
    on (up to the next piece) begins at 1-based `line` and `column` (None if unknown)."""

    offset: int
    line: int
    column: int | None = None


@dataclass(frozen=True, slots=True)
class Paragraph:
    """One paragraph (heading, list item, table cell...) of a document. `pieces` map
    offsets of `text` back to the file; the first piece is where the text starts."""

    text: str
    pieces: tuple[Piece, ...]
    kind: str = "paragraph"

    def __post_init__(self) -> None:
        if not self.pieces:
            raise ValueError(f"'pieces' must hold at least one piece (got none for {self.text[:30]!r})")

    @property
    def line(self) -> int:
        return self.pieces[0].line

    @property
    def column(self) -> int | None:
        return self.pieces[0].column

    def position(self, offset: int) -> tuple[int, int | None]:
        """The 1-based line and column of character `offset` of the text."""
        chosen = self.pieces[0]
        for piece in self.pieces:
            if piece.offset > offset:
                break
            chosen = piece
        if chosen.column is None:
            return chosen.line, None
        return chosen.line, chosen.column + (offset - chosen.offset)

    def slice(self, start: int, end: int, kind: str | None = None) -> Paragraph:
        """The paragraph made of text[start:end] (a sentence of it), mapped to the same file places."""
        line, column = self.position(start)
        pieces = [Piece(0, line, column)]
        pieces.extend(Piece(p.offset - start, p.line, p.column) for p in self.pieces if start < p.offset < end)
        return Paragraph(self.text[start:end], tuple(pieces), kind or self.kind)


@dataclass(frozen=True, slots=True)
class TextDocument:
    """A monolingual document as paragraphs. `layout` says how plain text was split
    ("blank-line": paragraphs separated by blank lines; "line": one per line)."""

    path: str
    format: str
    paragraphs: tuple[Paragraph, ...]
    encoding: str | None = None
    layout: str | None = None

    def __len__(self) -> int:
        return len(self.paragraphs)

    @property
    def texts(self) -> list[str]:
        return [p.text for p in self.paragraphs]


def detect_format(path: str, data: bytes) -> str:
    """The document format from the extension, else from the first bytes."""
    ext = os.path.splitext(path)[1].lower()
    if ext in EXTENSIONS:
        return EXTENSIONS[ext]
    if data.startswith(b"PK\x03\x04"):
        return "docx"
    start = data.lstrip()[:512].lower()
    if start.startswith((b"<!doctype html", b"<html")) or b"<html" in start:
        return "html"
    return "text"


def read_document(path: str, *, format: str | None = None, encoding: str | None = None) -> TextDocument:
    """Read `path` as a document of paragraphs (format from the extension unless given)."""
    path = str(path)
    if not os.path.exists(path):
        raise InputError(path, "no such file")
    if os.path.isdir(path):
        raise InputError(path, "is a folder, not a document")
    from qa_core.limits import check_input_size

    check_input_size(path)
    with open(path, "rb") as handle:
        data = handle.read()
    if not data:
        raise InputError(path, "the document is empty")
    if format is not None and format not in FORMATS:
        raise InputError(path, f"'format' must be one of {', '.join(FORMATS)} (got {format!r})")
    chosen = format or detect_format(path, data)
    if chosen == "docx":
        from qa_core.documents.word import read_docx

        paragraphs = read_docx(path, data)
        used, layout = None, None
    else:
        text, used = decode(path, data, encoding)
        if chosen == "markdown":
            from qa_core.documents.markdown import read_markdown

            paragraphs, layout = read_markdown(text), None
        elif chosen == "html":
            from qa_core.documents.html import read_html

            paragraphs, layout = read_html(path, text), None
        else:
            from qa_core.documents.plain import read_plain

            paragraphs, layout = read_plain(text)
    paragraphs = tuple(p for p in paragraphs if p.text.strip())
    if not paragraphs:
        raise InputError(path, f"the document holds no text paragraphs (read as {chosen})")
    return TextDocument(path, chosen, paragraphs, used, layout)


def decode(path: str, data: bytes, encoding: str | None = None) -> tuple[str, str]:
    """The text of a document's bytes with newlines made '\\n': UTF-8 (a BOM says
    UTF-8 or UTF-16) unless `encoding` is given. Binary data and bytes that are not
    in the encoding are an InputError naming the line and column."""
    if encoding is None:
        if data.startswith(codecs.BOM_UTF8):
            encoding, data = "utf-8", data[3:]
        elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            encoding = "utf-16"
        else:
            encoding = "utf-8"
        nul = data.find(b"\x00", 0, 8192)
        if nul >= 0 and encoding != "utf-16":
            raise InputError(path, f"binary data (a NUL byte at offset {nul}): not a text document; tqa reads .txt, .md, .html and .docx")
    else:
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise InputError(path, f"'--encoding' must be a known encoding (got {encoding!r})") from None
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as error:
        before = data[: error.start]
        line = before.count(b"\n") + 1
        column = len(before[before.rfind(b"\n") + 1 :].decode(encoding, "replace")) + 1
        bad = data[error.start : error.start + 1].hex().upper()
        raise InputError(
            path,
            f"not {encoding.upper()} text (byte 0x{bad} cannot be decoded); save it as UTF-8 or give --encoding "
            "(e.g. cp1258 for Windows Vietnamese)",
            line,
            column,
        ) from None
    if "\x00" in text[:8192]:
        raise InputError(path, "binary data (NUL characters): not a text document")
    return text.replace("\r\n", "\n").replace("\r", "\n"), encoding


def first_column(line: str) -> int:
    """1-based column of the first non-blank character of `line`."""
    return len(line) - len(line.lstrip()) + 1
