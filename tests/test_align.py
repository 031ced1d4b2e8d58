"""The aligner: every link type, anchors across languages, the same language on both
sides, plugin hooks, and the aligned Document with its two-file locator."""

from __future__ import annotations

import pytest

from qa_core import hookimpl
from qa_core.align import AnchorKey, align
from qa_core.align.aligner import AlignOptions, features
from qa_core.align.anchors import anchors, quantity_keys
from qa_core.align.document import aligned_document
from qa_core.align.lengths import calibrated, length_model
from qa_core.documents import read_document
from qa_core.manager import load_plugins

VI = [
    "Tuyên bố chung Việt Nam – Hoa Kỳ ngày 10/9/2023.",
    "Tổng Bí thư Nguyễn Phú Trọng hội đàm với Tổng thống Hoa Kỳ tại Hà Nội trong hai ngày, bàn về hợp tác song phương.",
    "Kim ngạch thương mại hai chiều đạt 123,86 tỷ USD năm 2022, gấp hơn 275 lần năm 1995.",
    "Hoa Kỳ công bố khoản tài trợ ban đầu 2 triệu USD cho nguồn nhân lực ngành bán dẫn.",
    "Hơn 30.000 sinh viên Việt Nam đang học tập tại Hoa Kỳ theo các chương trình trao đổi.",
    "Hai bên ủng hộ vai trò trung tâm của ASEAN và Công ước UNCLOS năm 1982 về Luật Biển.",
    "Hai bên hoan nghênh Trường Đại học Fulbright Việt Nam (FUV) và dự án tại Biên Hòa.",
]
EN = [
    "Vietnam – United States Joint Statement of September 10, 2023.",
    "General Secretary Nguyen Phu Trong held talks with the U.S. President in Hanoi over two days on bilateral cooperation.",
    "Two-way trade reached $123.86 billion in 2022, more than 275 times the 1995 level.",
    "The United States announced an initial grant of US$2 million for the semiconductor workforce.",
    "More than 30,000 Vietnamese students are studying in the United States under exchange programs.",
    "The two sides support ASEAN centrality and the 1982 UNCLOS Convention on the Law of the Sea.",
    "The two sides welcomed Fulbright University Vietnam (FUV) and the project at Bien Hoa.",
]


def kinds(result):
    return [(link.source, link.target) for link in result.links]


def test_numbers_normalised_per_locale():
    assert quantity_keys("30.000 và 123,86 tỷ và 2 triệu", "vi") == ["n:30000", "n:123860000000", "n:2000000"]
    assert quantity_keys("30,000 and 123.86 billion and 2 million", "en") == ["n:30000", "n:123860000000", "n:2000000"]
    assert quantity_keys("ngày 10/9/2023", "vi") == quantity_keys("on September 10, 2023", "en") == ["d:2023-9-10", "n:2023"]


def test_anchor_keys_cross_languages():
    vi = anchors("Tổng Bí thư Nguyễn Phú Trọng, ASEAN, https://www.example.org/a/ và 2 triệu USD", "vi")
    en = anchors("General Secretary Nguyen Phu Trong, ASEAN, http://example.org/a and USD 2 million", "en")
    shared = set(vi) & set(en)
    assert {"w:nguyen", "w:phu", "w:trong", "a:ASEAN", "a:USD", "u:example.org/a", "n:2000000"} <= shared


def test_possessive_names_are_the_same_name():
    vi = anchors("Theo nghiên cứu của Darwin và Parkinson, O'Brien nói", "vi")
    en = anchors("From Darwin's work and Parkinson’s, as the Joneses' friend O'Brien said", "en")
    assert {"w:darwin", "w:parkinson", "w:o'brien"} <= set(vi) & set(en)
    assert "w:joneses" in en and "w:darwin's" not in en


def test_length_ratio_calibrated_per_document():
    model = length_model("vi", "en")
    # a terse translator: targets 0.7 times their sources, with one wrong link
    fitted = calibrated(model, [100.0] * 30 + [50.0], [70.0] * 30 + [300.0])
    assert 0.7 < fitted.c < model.c and fitted.c == pytest.approx((31 * 0.7 + 10 * model.c) / 41)
    assert fitted.s2 == model.s2
    assert calibrated(model, [100.0] * 5, [70.0] * 5) == model  # too few links: the pair's model


def test_length_model_measured_and_derived():
    vi_en = length_model("vi", "en")
    en_vi = length_model("en-US", "vi-VN")
    assert vi_en.c == pytest.approx(1 / 1.046)
    assert en_vi.c == pytest.approx(1.046)
    assert length_model("vi", "vi").c == 1.0


def test_one_to_one():
    result = align(VI, EN, "vi", "en")
    assert kinds(result) == [((i,), (i,)) for i in range(7)]
    assert all(0.0 <= link.confidence <= 1.0 for link in result.links)


def test_deleted_and_inserted_paragraphs():
    caption = "Photo: Hanoi, the Presidential Palace at night, seen from the lake (VNA photo archive)."
    target = EN[:1] + [caption] + EN[1:3] + EN[4:5] + EN[6:]  # a caption added, EN[3] and EN[5] omitted
    result = align(VI, target, "vi", "en")
    got = kinds(result)
    assert ((), (1,)) in got  # the caption: target only
    assert ((3,), ()) in got and ((5,), ()) in got  # omitted paragraphs
    assert ((4,), (4,)) in got and ((6,), (5,)) in got


def test_commas_place_a_deletion_among_paragraphs_of_one_length():
    """Source paragraph 1 has no translation; 1 and 2 are as long as each other, and
    only the commas (three in paragraph 2 and in its translation, none in 1) say which
    of them the second target paragraph translates."""
    source = [
        "Chúng tôi đã đi bộ rất lâu trên con đường dài, qua núi sao?",
        "Mẹ tôi nói rằng ngày mai trời sẽ mưa rất to ở đây đấy.",
        "Buổi sáng, buổi trưa, buổi chiều, chúng tôi đều làm việc.",
        "Cuối cùng thì mọi người cũng về nhà an toàn và vui vẻ.",
        "Câu chuyện ấy kết thúc ở đó và không ai nhắc lại nữa.",
    ]
    target = [
        "We walked for a very long time on the long road over the hills, right?",
        "In the morning, at noon, in the afternoon, we all worked hard.",
        "In the end everyone came home safely and happily that night.",
        "That story ended there and nobody ever mentioned it again.",
    ]
    gold = [((0,), (0,)), ((1,), ()), ((2,), (1,)), ((3,), (2,)), ((4,), (3,))]
    assert [(link.source, link.target) for link in align(source, target, "vi", "en").links] == gold
    blind = AlignOptions(comma_weight=0.0, quote_weight=0.0, shipped_lexicon=False)
    assert [(link.source, link.target) for link in align(source, target, "vi", "en", options=blind).links] != gold
    # the word table tqa ships (--lexicon builtin) ties enough of the paragraphs'
    # words to place the deletion without the commas too
    words = AlignOptions(comma_weight=0.0, quote_weight=0.0, shipped_lexicon=True)
    assert [(link.source, link.target) for link in align(source, target, "vi", "en", options=words).links] == gold
    counts = features(['Anh ấy nói: "Không, không, không."'], "vi")[0]
    assert counts.tolist() == [1, 0, 0, 2, 2]  # sentences, ?, !, commas, quotation marks


def test_merge_and_split():
    target = [EN[0], EN[1] + " " + EN[2], EN[3], EN[4], *EN[5].split(" and the "), EN[6]]
    result = align(VI, target, "vi", "en")
    got = kinds(result)
    assert ((1, 2), (1,)) in got
    assert ((5,), (4, 5)) in got


def test_two_to_two():
    source = VI[:2] + [VI[2][:40], VI[2][40:] + " " + VI[3]] + VI[4:]
    target = EN[:2] + [EN[2] + " " + EN[3][:30], EN[3][30:]] + EN[4:]
    got = kinds(align(source, target, "vi", "en"))
    assert ((2, 3), (2, 3)) in got


def test_same_language_revision():
    revised = [EN[0], EN[1].replace("held talks", "met"), EN[2], EN[4], EN[5], "A new closing line about the next visit.", EN[6]]
    got = kinds(align(EN, revised, "en", "en"))
    assert ((3,), ()) in got
    assert ((), (5,)) in got
    assert ((1,), (1,)) in got and ((6,), (6,)) in got


def test_every_paragraph_appears_exactly_once():
    target = EN[2:] + EN[:2]
    result = align(VI, target, "vi", "en")
    assert sorted(s for link in result.links for s in link.source) == list(range(len(VI)))
    assert sorted(t for link in result.links for t in link.target) == list(range(len(target)))


def test_one_empty_side_gives_unaligned_links():
    result = align(VI, [], "vi", "en")
    assert kinds(result) == [((i,), ()) for i in range(7)]


def test_large_documents_use_a_band_and_stay_correct():
    source = [f"Đoạn {k}: báo cáo số {1000 + k} về dự án {k * 7}." for k in range(3000)]
    target = [f"Paragraph {k}: report number {1000 + k} on project {k * 7}." for k in range(3000) if k not in (100, 2000)]
    result = align(source, target, "vi", "en")
    assert result.cells < 3001 * 2999  # not the whole grid
    deleted = [link.source[0] for link in result.links if link.kind == "1-0"]
    assert deleted == [100, 2000]


class GlossaryAnchors:
    @hookimpl
    def tqa_alignment_anchors(self, texts, lang):
        term = "Đoàn Hòa bình" if lang == "vi" else "Peace Corps"
        return [[AnchorKey("term:peace-corps", 2.0)] if term in text else [] for text in texts]


class Similarity:
    calls = 0

    @hookimpl
    def tqa_similarity(self, source_texts, target_texts, pairs, source_lang, target_lang):
        Similarity.calls += 1
        topics = {"Hòa bình": "Peace", "giáo dục": "education", "y tế": "health"}
        return [
            1.0 if any(vi in source_texts[s] and en in target_texts[t] for vi, en in topics.items()) else 0.0
            for s, t in pairs
        ]


def test_plugins_contribute_anchors_and_similarity():
    plugins = load_plugins(entry_points=False)
    plugins.pm.register(GlossaryAnchors())
    plugins.pm.register(Similarity())
    source = ["Đoàn Hòa bình bắt đầu hoạt động.", "Hai bên hợp tác giáo dục.", "Hai bên hợp tác y tế."]
    target = ["The Peace Corps starts its work.", "Cooperation in health."]
    assert kinds(align(source, target, "vi", "en")) != [((0,), (0,)), ((1,), ()), ((2,), (1,))]
    result = align(source, target, "vi", "en", hook=plugins.hook)
    assert kinds(result) == [((0,), (0,)), ((1,), ()), ((2,), (1,))]
    assert Similarity.calls == 1


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_aligned_document_units_and_locator(tmp_path):
    src = write(tmp_path, "s.txt", "\n\n".join(VI[:4]) + "\n")
    tgt = write(tmp_path, "t.txt", "Caption line.\n\n" + "\n\n".join([EN[0], EN[2], EN[3]]) + "\n")
    document, alignment = aligned_document(read_document(src), read_document(tgt), "vi", "en")
    units = list(document.units())
    assert [u.get("align:link") for u in units] == ["0-1", "1-1", "1-0", "1-1", "1-1"]
    caption, first, omitted = units[0], units[1], units[2]
    assert caption.source.text == "" and caption.target.text == "Caption line."
    assert omitted.target is None and omitted.source.text == VI[1]
    assert first.get("align:source-lines") == "1" and first.get("align:target-lines") == "3"
    assert float(first.get("align:confidence")) > 0.5
    where = document.locate(first, "target", 10, 14)
    assert (where.path, where.line, where.column) == (tgt, 3, 11)
    where = document.locate(omitted, "source", 0, 5)
    assert (where.path, where.line, where.column) == (src, 3, 1)
    assert document.path == src and document.target_path == tgt


def test_language_other_than_declared_is_a_warning(tmp_path):
    src = write(tmp_path, "s.txt", "\n\n".join(EN) + "\n")
    tgt = write(tmp_path, "t.txt", "\n\n".join(EN) + "\n")
    document, _ = aligned_document(read_document(src), read_document(tgt), "vi", "en")
    assert len(document.warnings) == 1
    assert "looks English (en), not Vietnamese (vi)" in document.warnings[0].message


def test_sentence_level(tmp_path):
    src = write(tmp_path, "s.txt", VI[2] + " " + VI[3] + "\n\n" + VI[4] + "\n")
    tgt = write(tmp_path, "t.txt", EN[2] + "\n\n" + EN[3] + " " + EN[4] + "\n")
    document, _ = aligned_document(read_document(src), read_document(tgt), "vi", "en", level="sentence")
    units = list(document.units())
    assert [u.get("align:link") for u in units] == ["1-1", "1-1", "1-1"]
    third = units[2]
    where = document.locate(third, "target", 0, 4)
    assert (where.line, where.column) == (3, len(EN[3]) + 2)


def _shared() -> "Path | None":
    import os
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    for base in ([Path(os.environ["TQA_SHARED_DATA"])] if os.environ.get("TQA_SHARED_DATA") else []) + [
        root.parent / "shared" / "data", root.parent.parent / "shared" / "data"
    ]:
        if base.is_dir():
            return base
    return None


@pytest.mark.shared_data
def test_react_dev_headings_align():
    import re

    data = _shared()
    folder = data / "react-dev-en-vi-docs" if data else None
    if folder is None or not folder.is_dir():
        pytest.skip("../shared/data/react-dev-en-vi-docs is absent (set TQA_SHARED_DATA)")
    anchor = re.compile(r"\s*\{/\*\s*([\w-]+)\s*\*/\}")
    page = "src/content/learn/writing-markup-with-jsx.md"  # 72 vs 70 paragraphs: real differences
    en = read_document(str(folder / "en" / page))
    vi = read_document(str(folder / "vi" / page))
    en_ids = [(anchor.search(p.text) or [None, None])[1] for p in en.paragraphs]
    vi_ids = [(anchor.search(p.text) or [None, None])[1] for p in vi.paragraphs]
    result = align([anchor.sub("", t) for t in en.texts], [anchor.sub("", t) for t in vi.texts], "en", "vi")
    linked = {(s, t) for link in result.links for s in link.source for t in link.target}
    gold = [(s, vi_ids.index(i)) for s, i in enumerate(en_ids) if i and en_ids.count(i) == 1 and vi_ids.count(i) == 1]
    assert len(gold) >= 8
    assert all(pair in linked for pair in gold)


def test_cldr_names_tie_names_written_differently():
    """Trung Quốc = China, tiếng Anh = English, Hoa Kỳ = United States (CLDR's display
    names, qa_core/align/names.py); a one-word name opening a sentence is a common word
    there ("Anh ấy" = he), and "pháp" inside "phương pháp" is no France."""
    def names(text, lang):
        return {key for key in anchors(text, lang) if key.startswith("g:")}

    vi = names("Tôi sống ở Trung Quốc, nói tiếng Anh và làm việc ở Hoa Kỳ vào thứ Hai.", "vi")
    en = names("I lived in China's south, spoke English and worked in the United States on Monday.", "en")
    assert vi == en == {"g:TCN", "g:Len", "g:TUS", "g:D0"}
    assert names("Anh ấy dùng một phương pháp mới.", "vi") == set()
    assert names("Người Pháp đến châu Phi.", "vi") == {"g:TFR", "g:Lfr", "g:T002"}
    assert names("No names here.", "xx") == set()


def test_shipped_word_table():
    from qa_core.align.lexicon_file import shipped

    table = shipped("vi", "en")
    assert table and table["mẹ"] == "mother"
    assert shipped("en-US", "vi_VN")["mother"] == "mẹ"  # read the other way round
    assert shipped("de", "en") is None and shipped("vi", "vi") is None


def test_lexicon_builtin_counts_the_shipped_table(tmp_path):
    """`--lexicon builtin` (or `lexicon = "builtin"` in the configuration) asks for the
    shipped table beside the document's own lexicon; a path is a lexicon file; a pair tqa
    ships nothing for is refused with a usage error naming the pair."""
    from qa_core.align.lexicon_file import aligner_inputs
    from qa_core.errors import UsageError

    assert aligner_inputs(None, "vi", "en") == (None, True)  # the default where tqa ships a table
    assert aligner_inputs(None, "de", "fr") == (None, False)  # and nothing where it ships none
    assert aligner_inputs("none", "vi", "en") == (None, False)
    assert aligner_inputs("builtin", "vi", "en") == (None, True)
    with pytest.raises(UsageError, match="de->fr"):
        aligner_inputs("builtin", "de", "fr")
