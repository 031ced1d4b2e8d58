"""DOCX through python-docx: body paragraphs and the paragraphs of table cells, in
document order. A paragraph's "line" is its number among all paragraphs of the body
(empty ones counted, table cells included, as Word's navigation counts them); its
column is the character offset in that paragraph plus one.
"""

from __future__ import annotations

import re
import zipfile
import zlib

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


def _one_line(error: BaseException) -> str:
    return " ".join(str(error).split())


def inspect_package(path: str) -> None:
    """What python-docx would trip over, refused first with its place: a package over
    the limits (`qa_core.limits.open_archive`, before anything is inflated), and in
    every XML part: entity declarations (the same refusal as every XML input, decided
    by libxml2), references to undeclared entities, malformed XML (named by part and
    line), and a main document without `w:body`."""
    from lxml import etree

    from qa_core.formats import check_xml_prolog, parser_options, refuse_entity_references
    from qa_core.limits import open_archive

    with open_archive(path, kind="DOCX file") as archive:
        names = [n for n in archive.namelist() if n.lower().endswith((".xml", ".rels"))]
        if "word/document.xml" not in names:
            raise InputError(path, "not a DOCX file: the package has no word/document.xml")
        for name in names:
            where = f"{path}!{name}"
            found_body = False
            try:
                with archive.open(name) as stream:
                    head = stream.read(1 << 16)
                check_xml_prolog(where, data=head)
                with archive.open(name) as stream:
                    context = etree.iterparse(stream, events=("start", "end"), **parser_options())
                    depth = 0
                    for event, element in context:
                        if event == "start":
                            if depth == 0 and name == "word/document.xml":
                                _check_root(where, element)
                            if depth == 1 and name == "word/document.xml" and element.tag == _W + "body":
                                found_body = True
                            depth += 1
                        else:
                            depth -= 1
                            if depth > 1:
                                element.clear(keep_tail=True)
                    refuse_entity_references(where, context.error_log)
            except etree.XMLSyntaxError as error:
                line, column = error.position if error.position else (None, None)
                message = re.sub(r",\s*line \d+, column \d+$", "", " ".join((error.msg or str(error)).split()))
                raise InputError(where, f"malformed XML: {message}", line or None, column or None) from None
            except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, NotImplementedError, RuntimeError, OSError, EOFError, ValueError) as error:
                raise InputError(where, f"damaged package member: {_one_line(error)}") from None
            if name == "word/document.xml" and not found_body:
                raise InputError(where, "not a Word document: <w:document> has no <w:body>", 1)


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _check_root(where: str, root) -> None:
    if root.tag != _W + "document":
        raise InputError(where, f"not a Word document: the root element is <{root.tag.rpartition('}')[2] if isinstance(root.tag, str) else root.tag}>, expected <w:document>", root.sourceline)


def read_docx(path: str, data: bytes) -> list[Paragraph]:
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from docx.table import Table

    if not data.startswith(b"PK"):
        raise InputError(path, "not a DOCX file (a DOCX is a ZIP package; this one does not start like one)")
    inspect_package(path)
    try:
        document = docx.Document(path)
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as error:
        raise InputError(path, f"not a readable DOCX file: {_one_line(error)}") from None
    except Exception as error:  # lxml errors inside a damaged package
        raise InputError(path, f"not a readable DOCX file: {type(error).__name__}: {_one_line(error)}") from None
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
