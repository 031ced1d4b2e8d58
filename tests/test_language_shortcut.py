"""The language check's shortcut: a target plainly in Vietnamese is counted as judged
and declared without the model. It must never take a text the model would not call
Vietnamese."""

from __future__ import annotations

import pytest

from tests.conftest import shared
from plugins.language import identify

# texts written for these tests
PLAIN_VI = [
    "Mở tệp đã chọn trong một cửa sổ mới và giữ nguyên thư mục hiện tại.",
    "Không thể ghi vào tệp cấu hình: hãy kiểm tra quyền truy cập của bạn.",
    "Đã xóa %d mục khỏi danh sách; bấm Hoàn tác để khôi phục chúng.",
    "Hai nhà lãnh đạo nhất trí nâng cấp quan hệ lên Đối tác Chiến lược Toàn diện.",
]
NOT_PLAIN = [
    ("Open the selected file in a new window and keep the folder.", "vi"),  # English
    ("Mở tệp mới", "vi"),  # too few letters to tell
    ("KHÔNG THỂ GHI VÀO TỆP CẤU HÌNH CỦA BẠN LÚC NÀY ĐÂU", "vi"),  # capitals: the model lower-cases them
    ("git status --porcelain gặp lỗi trong submodule repository '%s'", "vi"),  # few marked letters
    ("Mở tệp đã chọn trong một cửa sổ mới và giữ nguyên thư mục hiện tại.", "en"),  # declared English
    ("Mở tệp đã chọn trong một cửa sổ mới và giữ nguyên thư mục hiện tại.", None),
]


@pytest.mark.parametrize("text", PLAIN_VI)
def test_plain_vietnamese_skips_the_model_and_the_model_agrees(text):
    count = identify.plainly_declared(text, "vi")
    assert count == identify.letters(identify.clean(text))
    verdict = identify.judge(text, "vi", "en")
    assert verdict is not None and verdict.is_declared and not verdict.reported()


@pytest.mark.parametrize("text, lang", NOT_PLAIN)
def test_other_texts_go_to_the_model(text, lang):
    assert identify.plainly_declared(text, lang) == 0


def test_the_check_counts_a_plain_text_as_judged():
    from plugins.language import TargetLanguage

    class Ctx:
        target_lang, source_lang = "vi", "en"

    class Seg:
        def __init__(self, text):
            self.text = text

    class Unit:
        translate = True
        source = Seg("Open the selected file in a new window and keep the current folder.")
        target = Seg(PLAIN_VI[0])

    check = TargetLanguage({"min-letters": identify.MIN_LETTERS})
    list(check.check_unit(Unit(), Ctx()))
    assert check._judged == 1 and not check._elsewhere and not check._flagged
    strict = TargetLanguage({"min-letters": 1000})  # more letters wanted than the text has: not judged
    list(strict.check_unit(Unit(), Ctx()))
    assert strict._judged == 0


def test_model_agrees_on_real_vietnamese_catalogues():
    """On every target of the shared Vietnamese PO samples that the shortcut takes, the
    model says Vietnamese too (what the check would have counted)."""
    from qa_core.formats import ReadOptions
    from qa_core.manager import load_plugins
    from qa_core.runner import open_document

    folder = shared("po-vi-samples")
    plugins = load_plugins((), entry_points=False)
    taken = 0
    for path in sorted(folder.rglob("vi.po")):
        for unit in open_document(str(path), plugins, ReadOptions()).units():
            text = unit.target.text if unit.target is not None else ""
            if text.strip() and identify.plainly_declared(text, "vi"):
                taken += 1
                verdict = identify.judge(text, "vi", "en")
                assert verdict is not None and verdict.is_declared, (path.name, text)
    assert taken > 100
