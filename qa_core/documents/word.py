"""DOCX through python-docx: body paragraphs and the paragraphs of table cells, in
document order. A paragraph's "line" is its number among all paragraphs of the body
(empty ones counted, table cells included, as Word's navigation counts them); its
column is the character offset in that paragraph plus one.
"""

from __future__ import annotations

import zipfile

from qa_core.documents import Paragraph, Piece
from qa_core.errors import InputError


def _kind(style_name: str) -> str:
    name = style_name.lower()
    if name.startswith(("heading", "title", "subtitle")):
        return "heading"
    if name.startswith("list") or "bullet" in name:
        return "list-item"
    if name.startswith("caption"):
        return "caption"
    if "quote" in name:
        return "quote"
    return "paragraph"


def read_docx(path: str, data: bytes) -> list[Paragraph]:
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from docx.table import Table

    if not data.startswith(b"PK"):
        raise InputError(path, "not a DOCX file (a DOCX is a ZIP package; this one does not start like one)")
    try:
        document = docx.Document(path)
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as error:
        raise InputError(path, f"not a readable DOCX file: {error}") from None
    except Exception as error:  # lxml errors inside a damaged package
        raise InputError(path, f"not a readable DOCX file: {type(error).__name__}: {error}") from None
    paragraphs: list[Paragraph] = []
    number = 0

    def add(paragraph, kind: str | None = None) -> None:
        nonlocal number
        number += 1
        text = paragraph.text
        stripped = text.strip()
        if not stripped:
            return
        lead = len(text) - len(text.lstrip())
        try:
            style = paragraph.style.name if paragraph.style is not None else ""
        except (KeyError, AttributeError):
            style = ""
        paragraphs.append(Paragraph(stripped, (Piece(0, number, lead + 1),), kind or _kind(style or "")))

    def walk_table(table) -> None:
        seen = set()
        for row in table.rows:
            for cell in row.cells:
                if id(cell._tc) in seen:  # a merged cell appears once per grid column
                    continue
                seen.add(id(cell._tc))
                for block in cell.iter_inner_content():
                    if isinstance(block, Table):
                        walk_table(block)
                    else:
                        add(block, "table-cell")

    for block in document.iter_inner_content():
        if isinstance(block, Table):
            walk_table(block)
        else:
            add(block)
    return paragraphs
