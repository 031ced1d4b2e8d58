"""Paragraph readers: plain text (both layouts), Markdown, HTML, DOCX, and bad input."""

from __future__ import annotations

import pytest

from qa_core.documents import read_document
from qa_core.documents.plain import detect_layout
from qa_core.errors import InputError


def write(tmp_path, name, text, encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding) if isinstance(text, str) else text)
    return str(path)


def test_blank_line_paragraphs_keep_lines_and_columns(tmp_path):
    path = write(tmp_path, "a.txt", "Hai bên khẳng định\n  tôn trọng luật pháp\nquốc tế\n\n\n   Đoạn hai.\n")
    doc = read_document(path)
    assert doc.layout == "blank-line"
    first, second = doc.paragraphs
    assert first.text == "Hai bên khẳng định\ntôn trọng luật pháp\nquốc tế"
    assert (first.line, first.column) == (1, 1)
    offset = first.text.index("tôn")
    assert first.position(offset) == (2, 3)
    assert first.position(first.text.index("quốc")) == (3, 1)
    assert (second.line, second.column, second.text) == (6, 4, "Đoạn hai.")


def test_one_paragraph_per_line_is_detected(tmp_path):
    text = "Tiêu đề\nCâu thứ nhất của đoạn một.\nĐoạn hai kết thúc ở đây.\nĐoạn ba cũng vậy.\n\nĐoạn bốn.\nĐoạn năm.\n"
    doc = read_document(write(tmp_path, "b.txt", text))
    assert doc.layout == "line"
    assert [p.line for p in doc.paragraphs] == [1, 2, 3, 4, 6, 7]


def test_hard_wrapped_text_is_blank_line_layout():
    lines = ["This paragraph is wrapped at a fixed width so its", "lines end in the middle of a sentence and go on", "here.", "",
             "Another wrapped paragraph that continues on the", "next line.", ""]
    assert detect_layout(lines) == "blank-line"
    assert detect_layout(["One.", "Two.", "Three."]) == "line"


def test_markdown_structure(tmp_path):
    text = (
        "---\ntitle: 'Cài đặt'\nother: x\n---\n\n# Tiêu đề {/*install*/}\n\nĐoạn văn có `useState` và\n[liên kết](https://react.dev/learn).\n\n"
        "- mục một\n- mục **hai**\n\n> trích dẫn\n\n```js\nconst x = 1;\n```\n\n<Intro>\n\nNội dung.\n\n</Intro>\n\n| a | b |\n|---|---|\n| ô1 | ô2 |\n"
    )
    doc = read_document(write(tmp_path, "c.md", text))
    kinds = [(p.kind, p.text, p.line, p.column) for p in doc.paragraphs]
    assert kinds[0] == ("title", "Cài đặt", 2, 9)
    assert kinds[1] == ("heading", "Tiêu đề {/*install*/}", 6, 3)
    assert kinds[2][0] == "paragraph" and kinds[2][2:] == (8, 1)
    assert doc.paragraphs[2].position(doc.paragraphs[2].text.index("[liên")) == (9, 1)
    assert ("list-item", "mục một", 11, 3) in kinds
    assert ("list-item", "mục **hai**", 12, 3) in kinds
    assert ("quote", "trích dẫn", 14, 3) in kinds
    assert all("const x" not in p.text for p in doc.paragraphs)
    assert ("paragraph", "Nội dung.", 22, 1) in kinds
    assert [k for k in kinds if k[0] == "table-cell"][-2:] == [("table-cell", "ô1", 28, 3), ("table-cell", "ô2", 28, 8)]


def test_html_blocks(tmp_path):
    html = (
        "<!DOCTYPE html>\n<html><head><title>Tuyên bố</title><style>p{}</style></head>\n<body>\n<h2>Phần I</h2>\n"
        "<p>Đoạn <b>một</b>\n  tiếp tục.</p>\n<ul><li>mục một</li><li>mục hai</li></ul>\n<script>var a;</script><pre>code</pre>\n"
        "<div>Chữ rời<p>đoạn trong</p></div>\n</body></html>\n"
    )
    doc = read_document(write(tmp_path, "d.html", html))
    got = [(p.kind, p.text, p.line, p.column) for p in doc.paragraphs]
    assert got[0] == ("title", "Tuyên bố", 2, 20)
    assert ("heading", "Phần I", 4, 5) in got
    assert ("paragraph", "Đoạn một tiếp tục.", 5, 4) in got
    assert ("list-item", "mục hai", 7, 25) in got
    assert ("paragraph", "Chữ rời", 9, 6) in got and ("paragraph", "đoạn trong", 9, 16) in got
    assert not any("var a" in p.text or p.text == "code" for p in doc.paragraphs)


def test_docx_paragraph_numbers(tmp_path):
    docx = pytest.importorskip("docx")
    document = docx.Document()
    document.add_heading("Tuyên bố chung", 1)
    document.add_paragraph("")
    document.add_paragraph("  Hai bên hoan nghênh.")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "ô một"
    table.cell(0, 1).text = "ô hai"
    document.add_paragraph("Cuối cùng", style="List Bullet")
    path = tmp_path / "e.docx"
    document.save(path)
    doc = read_document(str(path))
    got = [(p.kind, p.text, p.line, p.column) for p in doc.paragraphs]
    assert got == [
        ("heading", "Tuyên bố chung", 1, 1),
        ("paragraph", "Hai bên hoan nghênh.", 3, 3),
        ("table-cell", "ô một", 4, 1),
        ("table-cell", "ô hai", 5, 1),
        ("list-item", "Cuối cùng", 6, 1),
    ]


@pytest.mark.parametrize(
    "name, content, expected",
    [
        ("empty.txt", b"", "the document is empty"),
        ("blank.txt", b"\n  \n\n", "holds no text paragraphs"),
        ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary data"),
        ("legacy.txt", b"H\xe0 N\xf4i\n", "not UTF-8 text"),  # Windows-1258 bytes
        ("broken.docx", b"PK\x03\x04 not really a zip", "not a readable DOCX"),
        ("fake.docx", b"plain text", "not a DOCX file"),
    ],
)
def test_bad_input_is_one_line_input_error(tmp_path, name, content, expected):
    path = write(tmp_path, name, content)
    with pytest.raises(InputError) as error:
        read_document(path)
    message = str(error.value)
    assert expected in message and "\n" not in message and message.startswith(path)


def test_wrong_encoding_names_line_and_column(tmp_path):
    path = write(tmp_path, "f.txt", "Dòng một\nHà N".encode("utf-8") + b"\xf4i\n")
    with pytest.raises(InputError) as error:
        read_document(path)
    assert (error.value.line, error.value.column) == (2, 5)
    doc = read_document(write(tmp_path, "g.txt", b"H\xe0 N\xf4i\n"), encoding="cp1258")
    assert doc.paragraphs[0].text == "Hà Nôi"


def test_utf16_with_bom_and_crlf(tmp_path):
    path = write(tmp_path, "h.txt", ("\ufeffMột\r\n\r\nHai\r\n").encode("utf-16-le"))
    doc = read_document(path)
    assert [(p.text, p.line) for p in doc.paragraphs] == [("Một", 1), ("Hai", 3)]
