"""The omission check beyond its case files: the per-document calibration of the length
model (a whole document written longer or shorter is no flood of findings), the
document-level decisions, and the real aligned documents of ../shared/data."""

from __future__ import annotations

import json

import pytest
from tqa_plugins.omission import signals

from qa_core.config import Config, Layer
from qa_core.model import Content, Document, File, Segment, Unit
from qa_core.runner import check_document
from qa_core.testing import default_plugins
from tests.conftest import shared

SENTENCES = [
    "Hai bên nhất trí tăng cường hợp tác trong lĩnh vực giáo dục và khoa học.",
    "Hoa Kỳ hoan nghênh việc mở rộng chương trình trao đổi sinh viên giữa hai nước.",
    "Hai nhà lãnh đạo khẳng định tầm quan trọng của hòa bình và ổn định trong khu vực.",
    "Việt Nam và Hoa Kỳ sẽ tiếp tục đối thoại thường xuyên về các vấn đề cùng quan tâm.",
]


def document(pairs, source_lang="vi", target_lang="en"):
    file = File(id="f1", original="mem.xlf", source_lang=source_lang, target_lang=target_lang)
    units = [Unit(id=f"u{k}", segments=(Segment(source=Content(s), target=Content(t)),), file=file)
             for k, (s, t) in enumerate(pairs)]
    return Document(path="mem.xlf", format="memory", units=lambda: iter(units), source_lang=source_lang,
                    target_lang=target_lang)


def findings(doc, rules=("OMI",)):
    result = check_document(doc, default_plugins(), Config(layers=[Layer("test", select=rules)]))
    return [f for f in result.findings if f.rule_id.startswith("OMI")]


def test_a_document_written_three_times_longer_is_calibrated_not_flagged():
    # an unmeasured pair whose targets are all about three times their sources: the
    # default model would call every unit too long; the document's own does not
    pairs = [(s, " ".join([s.upper()] * 3)) for s in SENTENCES * 10]
    assert findings(document(pairs, "xx", "yy")) == []


def test_the_one_short_target_among_calibrated_units_is_found():
    pairs = [(s, " ".join([s.upper()] * 3)) for s in SENTENCES * 10]
    pairs[17] = (SENTENCES[1], SENTENCES[1][:30].upper() + ".")
    found = findings(document(pairs, "xx", "yy"))
    assert [(f.rule_id, f.location.unit_id) for f in found] == [("OMI006", "u17")]
    assert found[0].data["ratio"] == pytest.approx(3.0, abs=0.1)


def test_calibration_is_robust_to_the_outliers_it_looks_for():
    import numpy as np

    source = np.full(100, 100.0)
    target = np.full(100, 95.0) + np.tile([-6.0, 0.0, 6.0, 3.0], 25)
    target[:10] = 20.0  # ten omissions
    model = signals.calibrate(source, target, signals.pair_model("vi", "en"))
    assert model.c == pytest.approx(0.95, abs=0.02)
    assert signals.delta(model, 100, 20) < -4


def test_no_findings_on_units_of_other_checks():
    # untranslated and empty units are BAS001's; a short source is skipped
    file = File(id="f1", original="m.xlf", source_lang="vi", target_lang="en")
    units = [
        Unit(id="a", segments=(Segment(source=Content(SENTENCES[0]), target=None),), file=file),
        Unit(id="b", segments=(Segment(source=Content(SENTENCES[1]), target=Content("")),), file=file),
        Unit(id="c", segments=(Segment(source=Content("Hai bên hoan nghênh."), target=Content("Yes.")),), file=file),
    ]
    doc = Document(path="m.xlf", format="memory", units=lambda: iter(units), source_lang="vi", target_lang="en")
    assert findings(doc) == []


@pytest.mark.shared_data
def test_iwslt_talk_with_deleted_paragraphs_is_reported():
    import random

    from lxml import etree

    from qa_core.align.document import aligned_document
    from qa_core.documents import Paragraph, Piece, TextDocument
    from qa_core.formats import parser_options

    folder = shared("iwslt15-en-vi-ted-docs", "data")
    talks = {}
    for side in ("en", "vi"):
        tree = etree.parse(str(folder / f"IWSLT15.TED.tst2010.en-vi.{side}.xml"), etree.XMLParser(**parser_options()))
        doc = next(tree.iter("doc"))
        talks[side] = [" ".join((s.text or "").split()) for s in sorted(doc.iter("seg"), key=lambda s: int(s.get("id")))]
    rng = random.Random(3)
    vi, en = [], []
    k = 0
    while k < len(talks["vi"]):
        size = rng.randint(2, 4)
        vi.append(" ".join(talks["vi"][k : k + size]))
        en.append(" ".join(talks["en"][k : k + size]))
        k += size
    deleted = {4, 9, 10, 11}
    target = [t for i, t in enumerate(en) if i not in deleted]

    def text_doc(path, texts):
        return TextDocument(path, "text", tuple(Paragraph(t, (Piece(0, i + 1, 1),)) for i, t in enumerate(texts)))

    plugins = default_plugins()
    doc, _ = aligned_document(text_doc("talk.vi", vi), text_doc("talk.en", target), "vi", "en", hook=plugins.hook)
    found = [f for f in findings(doc, ("OMI001",)) if f.rule_id == "OMI001"]
    reported = {p["line"] - 1 for f in found for p in f.data["run"]}
    assert reported == deleted
    run = next(f for f in found if f.data["count"] == 3)
    assert run.severity.value == "critical"


@pytest.mark.shared_data
def test_demetr_clean_translations_raise_few_alarms():
    folder = shared("demetr", "dataset")
    items = [x for x in json.loads((folder / "critical_id23_noun_removed.json").read_text(encoding="utf-8"))
             if x.get("pert_check") and x["lang_tag"] == "german"]
    pairs = [(x["src_sent"], x["mt_sent"]) for x in items]
    assert len(pairs) > 40
    assert len(findings(document(pairs, "de", "en"))) <= 0.03 * len(pairs)


@pytest.mark.parametrize("seed", range(6))
def test_median_is_numpys_median_to_the_bit(seed):
    """signals.median sorts instead of calling np.median (which imports numpy.ma on its
    first call): the same float, for odd and even sizes, ties, NaN and infinities."""
    import math
    import random

    import numpy as np

    rng = random.Random(seed)
    for size in (1, 2, 3, 30, 31, 50, 200):
        values = np.array([rng.choice((rng.randint(1, 400), rng.random() * 7, 3.0)) for _ in range(size)], dtype=np.float32)
        ratios = np.asarray(values, dtype=float) / np.asarray(values[::-1], dtype=float)
        for array in (ratios, ratios - np.median(ratios), np.abs(ratios - 1.1)):
            assert signals.median(array) == float(np.median(array))
    with_nan = np.array([1.0, float("nan"), 3.0, 2.0])
    assert math.isnan(signals.median(with_nan)) and math.isnan(float(np.median(with_nan)))
    with_inf = np.array([1.0, float("inf"), 3.0, float("inf")])
    assert signals.median(with_inf) == float(np.median(with_inf))


EMPHASIS_SOURCE = ("This tool is offered in the hope that it helps, but WITHOUT ANY GUARANTEE OF SUPPORT; not even the "
                   "promise that it FITS YOUR PARTICULAR WORK OR PURPOSE.  Read the licence file for more details.")
EMPHASIS_TARGET = ("Công cụ này được cung cấp với mong muốn nó có ích, nhưng KHÔNG CÓ BẢO ĐẢM HỖ TRỢ NÀO, THẬM CHÍ KHÔNG HỨA "
                   "LÀ NÓ HỢP VỚI CÔNG VIỆC HAY MỤC ĐÍCH CỤ THỂ CỦA BẠN. Đọc tập tin giấy phép để biết thêm chi tiết.")


def test_sentence_in_capitals_translated_in_capitals_is_aligned():
    # words in capitals for emphasis would be acronyms the other side lacks, and keep the
    # sentence from its translation (a warranty sentence read as omitted)
    assert signals.emphasis_runs(EMPHASIS_SOURCE)
    assert signals.missing_sentences(EMPHASIS_SOURCE, EMPHASIS_TARGET, "en", "vi") == []
    dropped = signals.missing_sentences(EMPHASIS_SOURCE, "Đọc tập tin giấy phép để biết thêm chi tiết.", "en", "vi")
    assert [EMPHASIS_SOURCE[m.start:m.end][:20] for m in dropped] == ["This tool is offered"]


def test_short_acronyms_side_by_side_are_no_emphasis():
    assert signals.emphasis_runs("Read the GNU GPL FAQ first") == []


def test_sentence_condensed_into_its_neighbour_is_not_omitted():
    # the lexicon learnt from the document finds the middle sentence's words (disk, good)
    # in the next target sentence, beyond what that sentence's own source accounts for
    lexicon, source, merged = _condensed_case()
    dropped = "Đổ thùng rác bằng phím Shift sẽ bỏ qua sọt rác. Không có cách nào lấy lại tập tin đã xoá."
    assert signals.missing_sentences(source, merged, "en", "vi", known_lexicon=lexicon) == []
    missing = signals.missing_sentences(source, dropped, "en", "vi", known_lexicon=lexicon)
    assert [source[m.start:m.end] for m in missing] == ["The files are removed from the disk for good."]


def test_calibrate_in_place_is_the_expression_form():
    """calibrate() writes into two work arrays (a 1M-unit run's peak); the figures must be
    those of the plain expressions, float for float."""
    import numpy as np

    fallback = signals.pair_model("vi", "en")
    rng = np.random.default_rng(7)
    for n in (30, 31, 1000, 4097):
        s = rng.integers(1, 500, n).astype(np.float32)
        t = (s * rng.uniform(0.5, 2.0, n)).astype(np.float32)
        s64, t64 = s.astype(float), t.astype(float)
        c = signals.median(t64 / s64)
        residual = (t64 - c * s64) / np.sqrt((s64 + t64 / c) / 2.0)
        mad = signals.median(np.abs(residual - signals.median(residual)))
        expected = signals.LengthModel(c, max((1.4826 * mad) ** 2, fallback.s2 / 2.0, 0.5))
        assert signals.calibrate(s, t, fallback) == expected


def _condensed_case():
    lexicon = {"files": "tin", "removed": "xoá", "disk": "đĩa", "good": "viễn", "way": "cách", "back": "lại",
               "bring": "lấy", "deleted": "xoá", "emptying": "đổ", "bin": "thùng", "key": "phím", "trash": "rác",
               "skips": "qua", "there": "có", "no": "không"}
    source = ("Emptying the bin with the Shift key skips the Trash entirely. The files are removed from the disk "
              "for good. There is no way to bring the deleted files back.")
    merged = ("Đổ thùng rác bằng phím Shift sẽ bỏ qua sọt rác. Các tập tin bị xoá khỏi đĩa vĩnh viễn, không có cách "
              "nào lấy lại được.")
    return lexicon, source, merged


def _missing(source, target, lexicon, target_share, support, length_ratio=None):
    condensing = signals.Condensing(target_share, support, length_ratio)
    found = signals.missing_sentences(source, target, "en", "vi", known_lexicon=lexicon, condensing=condensing)
    return [source[m.start:m.end] for m in found]


def test_condensed_needs_words_rarer_than_chance():
    # the same merged target: its words 'đĩa', 'viễn' are evidence when the document's targets
    # rarely hold them, and none when half its targets do (a thin lexicon's chance matches)
    lexicon, source, merged = _condensed_case()
    rare = {"đĩa": 0.01, "viễn": 0.005, "xoá": 0.05, "tin": 0.2}
    common = {"đĩa": 0.5, "viễn": 0.4, "xoá": 0.3, "tin": 0.4}
    seen = lambda w, t: 10  # noqa: E731 - every pair seen in ten units
    assert _missing(source, merged, lexicon, target_share=rare, support=seen) == []
    assert _missing(source, merged, lexicon, target_share=common, support=seen) == [
        "The files are removed from the disk for good."]


def test_condensed_pair_seen_only_here_is_no_evidence():
    # a learnt pair the document shows in this unit and one other would confirm itself
    lexicon, source, merged = _condensed_case()
    rare = {"đĩa": 0.01, "viễn": 0.005, "xoá": 0.05, "tin": 0.2}
    assert _missing(source, merged, lexicon, target_share=rare, support=lambda w, t: 2) == [
        "The files are removed from the disk for good."]


def test_condensed_neighbour_carries_the_length():
    # common words, but the neighbour is longer than its own source predicts by more than a
    # fifth of the unlinked sentence: it took that sentence in
    lexicon, source, merged = _condensed_case()
    common = {"đĩa": 0.5, "viễn": 0.4, "xoá": 0.3, "tin": 0.4}
    seen = lambda w, t: 10  # noqa: E731
    assert _missing(source, merged, lexicon, target_share=common, support=seen, length_ratio=1.0) == []


def test_rarest_tail_weighs_rarity():
    assert signals._rarest_tail({"tháo"}, {"tháo", "có", "là"}, {"tháo": 0.003, "có": 0.4, "là": 0.4}) < 0.01
    assert signals._rarest_tail({"có"}, {"tháo", "có", "là"}, {"tháo": 0.003, "có": 0.4, "là": 0.4}) > 0.3
