"""Plain text: paragraphs separated by blank lines, or one paragraph per line.

Which one a file uses is detected. Hard-wrapped paragraphs (lines broken at a
fixed width, blank lines between paragraphs) rarely end a line inside a block with
sentence punctuation; files with one paragraph per line almost always do, or have
lines far longer than anyone wraps at. So: look at the lines of multi-line blocks
that are not the block's last line; when most end a sentence, or they are long,
every line is a paragraph.
"""

from __future__ import annotations

from qa_core.documents import Paragraph, Piece, first_column

_ENDS_SENTENCE = tuple(".!?:;…\"”»’)]。！？")
#: hard-wrapped text wraps at 60-100 columns; longer inner lines mean one per line
_WRAP_LIMIT = 110


def detect_layout(lines: list[str]) -> str:
    """'blank-line' or 'line' for the lines of a text (see the module docstring)."""
    inner: list[str] = []
    block: list[str] = []
    for line in lines + [""]:
        if line.strip():
            block.append(line.strip())
            continue
        inner.extend(block[:-1])
        block = []
    if not inner:
        return "line" if not any(not line.strip() for line in lines[:-1]) else "blank-line"
    ending = sum(1 for line in inner if line.endswith(_ENDS_SENTENCE))
    long = sum(1 for line in inner if len(line) > _WRAP_LIMIT)
    if ending >= 0.5 * len(inner) or long >= 0.5 * len(inner):
        return "line"
    return "blank-line"


def read_plain(text: str, layout: str | None = None) -> tuple[list[Paragraph], str]:
    """The paragraphs of a text and the layout used (detected unless given)."""
    lines = text.split("\n")
    layout = layout or detect_layout(lines)
    paragraphs: list[Paragraph] = []
    if layout == "line":
        for number, line in enumerate(lines, start=1):
            if line.strip():
                paragraphs.append(Paragraph(line.strip(), (Piece(0, number, first_column(line)),)))
        return paragraphs, layout
    parts: list[str] = []
    pieces: list[Piece] = []
    offset = 0
    for number, line in enumerate(lines + [""], start=1):
        if line.strip():
            if parts:
                offset += 1  # the "\n" joining the lines
            pieces.append(Piece(offset, number, first_column(line)))
            parts.append(line.strip())
            offset += len(line.strip())
            continue
        if parts:
            paragraphs.append(Paragraph("\n".join(parts), tuple(pieces)))
        parts, pieces, offset = [], [], 0
    return paragraphs, layout
