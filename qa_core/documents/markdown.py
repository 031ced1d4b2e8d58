"""Markdown (CommonMark with tables, as markdown-it-py parses it): headings, paragraphs,
list items, block-quote paragraphs and table cells become paragraphs; fenced and
indented code and raw HTML/JSX blocks are not text to translate and are skipped.

A paragraph's text is the inline source as written (emphasis markers, links and
inline code kept, so URLs and code act as alignment anchors and findings quote what
the file says); each of its lines maps back to its line and column in the file.
YAML front matter is skipped, except its `title:` and `description:` values.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt

from qa_core.documents import Paragraph, Piece, first_column

# no lazy group before trailing spaces: "(.*?)\s*$" backtracks quadratically on a long
# run of spaces inside the value (found by the fuzzing suite); the value is stripped below
_FRONT_KEY = re.compile(r"^(title|description)[ \t]*:[ \t]*(.*)$")
_CONTAINERS = {
    "heading_open": "heading",
    "th_open": "table-cell",
    "td_open": "table-cell",
    "list_item_open": "list-item",
    "blockquote_open": "quote",
}
_PRIORITY = ("heading", "table-cell", "list-item", "quote")


def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark").enable("table")


def front_matter(lines: list[str]) -> tuple[int, list[Paragraph]]:
    """The number of lines the YAML front matter takes (0 if none), and its title/description."""
    if not lines or lines[0].strip() != "---":
        return 0, []
    for end in range(1, len(lines)):
        if lines[end].strip() in ("---", "..."):
            break
    else:
        return 0, []
    found = []
    for number in range(1, end):
        match = _FRONT_KEY.match(lines[number])
        if match and match.group(2).rstrip():
            value = match.group(2).rstrip()
            column = match.start(2) + 1
            if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
                value, column = value[1:-1], column + 1
            if value.strip():
                found.append(Paragraph(value, (Piece(0, number + 1, column),), "title"))
    return end + 1, found


def read_markdown(text: str) -> list[Paragraph]:
    lines = text.split("\n")
    skip, paragraphs = front_matter(lines)
    body = "\n" * skip + "\n".join(lines[skip:])  # blank lines keep the numbering
    stack: list[str] = []
    for token in _parser().parse(body):
        if token.type in _CONTAINERS:
            stack.append(_CONTAINERS[token.type])
        elif token.nesting == -1 and token.type.replace("_close", "_open") in _CONTAINERS:
            if stack:
                stack.pop()
        elif token.type == "inline" and token.map is not None and token.content.strip():
            kind = next((k for k in _PRIORITY if k in stack), "paragraph")
            paragraph = _paragraph(token.content, token.map[0], lines, kind)
            if paragraph is not None:
                paragraphs.append(paragraph)
    return paragraphs


def _paragraph(content: str, first_line: int, lines: list[str], kind: str) -> Paragraph | None:
    parts = content.split("\n")
    pieces: list[Piece] = []
    kept: list[str] = []
    offset = 0
    for index, part in enumerate(parts):
        number = first_line + index  # 0-based index into lines
        raw = lines[number] if number < len(lines) else ""
        stripped = part.strip()
        if not stripped:
            continue
        if kept:
            offset += 1
        pieces.append(Piece(offset, number + 1, _column(raw, stripped)))
        kept.append(stripped)
        offset += len(stripped)
    if not kept:
        return None
    return Paragraph("\n".join(kept), tuple(pieces), kind)


def _column(raw: str, part: str) -> int | None:
    """1-based column where `part` (a line of inline content) starts in the raw line:
    content is the raw line less its container markers and indentation."""
    body = raw.rstrip()
    if body.endswith(part):
        return len(body) - len(part) + 1
    found = raw.find(part)
    if found >= 0:
        return found + 1
    if part and part[:1] and raw.strip():
        return first_column(raw) if raw.strip().startswith(part[:1]) else None
    return None
