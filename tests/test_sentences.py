"""Sentence segmentation: abbreviations, numbers and dates survive; the hook can override."""

from __future__ import annotations

import pytest

from qa_core import hookimpl
from qa_core.findings import Span
from qa_core.manager import load_plugins
from qa_core.sentences import rule_split, split_sentences


def sentences(text, lang):
    return [text[s.start : s.end] for s in rule_split(text, lang)]


@pytest.mark.parametrize(
    "lang, text, expected",
    [
        ("en", "Dr. Smith arrived in the U.S. on 10/9/2023. He stayed.", ["Dr. Smith arrived in the U.S. on 10/9/2023.", "He stayed."]),
        ("en", "Trade reached $123.86 billion. Over 1,150 firms joined!", ["Trade reached $123.86 billion.", "Over 1,150 firms joined!"]),
        ("en", "See No. 5 and p. 12 e.g. here. Say no. Then go.", ["See No. 5 and p. 12 e.g. here.", "Say no.", "Then go."]),
        ("en", 'He said "Stop." Then she left... and came back.', ['He said "Stop."', "Then she left... and came back."]),
        ("en", "1. The first point. The second.", ["1. The first point.", "The second."]),
        ("vi", "Kim ngạch đạt 123,86 tỷ USD. Hơn 1.150 doanh nghiệp tham gia.", ["Kim ngạch đạt 123,86 tỷ USD.", "Hơn 1.150 doanh nghiệp tham gia."]),
        ("vi", "TS. Nguyễn Văn An phát biểu tại TP. Hồ Chí Minh ngày 10/9/2023. Hết.", ["TS. Nguyễn Văn An phát biểu tại TP. Hồ Chí Minh ngày 10/9/2023.", "Hết."]),
        ("vi", "Hai bên nhất trí v.v. Đây là câu mới? Đúng vậy.", ["Hai bên nhất trí v.v. Đây là câu mới?", "Đúng vậy."]),
        ("fr", "Il est parti. Elle est restée.", ["Il est parti.", "Elle est restée."]),
        ("zh", "我们来了。你好！", ["我们来了。", "你好！"]),
    ],
)
def test_rules(lang, text, expected):
    assert sentences(text, lang) == expected


def test_spans_leave_whitespace_out():
    text = "  One.   Two.  "
    assert rule_split(text, "en") == [Span(2, 6), Span(9, 13)]


class OneSentence:
    @hookimpl
    def tqa_split_sentences(self, text, lang):
        return [Span(0, len(text))] if lang == "xx" else None


def test_a_plugin_answers_for_its_language():
    plugins = load_plugins(entry_points=False)
    plugins.pm.register(OneSentence())
    assert split_sentences("A. B. C.", "xx", plugins.hook) == [Span(0, 8)]
    assert len(split_sentences("One. Two.", "en", plugins.hook)) == 2
