"""The consistency, capitals, partial-omission and doubled-words checks' shortcuts give what
the work they skip gave (issue 14, checks-speed2): each is compared here with the path it
replaces."""

from __future__ import annotations

import random
import re

from qa_core.check import CheckContext
from qa_core.config import Config
from qa_core.model import Content, Document, File, Segment, Unit
from tqa_plugins.everyday import consistency
from tqa_plugins.everyday.capitals import Capitals
from tqa_plugins.omission.partial import _WORD, PartialOmission

#: letters, marks, digits and separators that the patterns treat differently: ASCII of both
#: cases, Latin-1 and Vietnamese letters of both cases, Greek, a title-case letter, Han,
#: combining marks, joiners, options' hyphens, placeholders' and accelerators' marks
_ALPHABET = ("aAbBzZ" + "éÉßÿ" + "ệỆđĐ" + "σΣς" + "ǅ" + "中" + "\u0301\u0307" + "İı" + "09٣" + "_-'’"
             + " \t\u00a0\n" + "%s{}&~.,:!?()")


def _texts(seed: int, count: int):
    rng = random.Random(seed)
    for _ in range(count):
        yield "".join(rng.choice(_ALPHABET) for _ in range(rng.randrange(0, 14)))


def _old_keep_case(text: str) -> bool:
    """The test `normalise` made before `_may_keep_case`."""
    return not ("-" not in text and text.isascii() and text.islower()) and consistency._CASE_KEPT.search(text) is not None


def test_may_keep_case_is_false_only_where_the_case_kept_pattern_finds_nothing():
    words = [chr(c) for c in range(0x250)] + ["ĐÀ", "Đà", "ӁӁ", "ΣΣ", "ǅǅ", "-x", "--X"]
    texts = list(_texts(142, 100000)) + [a + b for a in words[::7] for b in words[::5]]
    for text in texts:
        if consistency._CASE_KEPT.search(text):
            assert consistency._may_keep_case(text), text


def test_normalise_gives_what_it_gave_before_the_shortcut():
    def old(text: str) -> str:
        body = consistency.normalise(text, ignore_case=False, ignore_punctuation=False, keep_case_words=True, typed=True)
        if _old_keep_case(body):
            pieces, last = [], 0
            for m in consistency._CASE_KEPT.finditer(body):
                pieces.append(body[last:m.start()].casefold())
                pieces.append(m.group())
                last = m.end()
            pieces.append(body[last:].casefold())
            return "".join(pieces)
        return body.casefold()

    for text in _texts(1402, 40000):
        assert consistency.normalise(text, ignore_case=True, ignore_punctuation=False, keep_case_words=True,
                                     typed=True) == old(text), text


_FILE = File(id="f1", original="f.xlf", source_lang="en", target_lang="vi")


def _unit(number: int, source: str, target: str) -> Unit:
    return Unit(str(number), (Segment(Content(source), Content(target), source_line=number, target_line=number),),
                _FILE, line=number)


def _document(units):
    return Document(path="f.xlf", format="case", units=lambda: iter(units), source_lang="en", target_lang="vi")


def test_partial_omission_collects_the_lower_case_words_it_collected_before():
    """`_lower` (the source's lower-case words the targets translate) after a stream of
    units, against the set the former per-unit code built."""
    rng = random.Random(1214)
    vocabulary = ["window", "Window", "file", "File", "eBay", "iPhone", "thunar", "Thunar", "mở", "tệp", "cửa", "sổ",
                  "état", "État", "x-ray", "it's", "Ärger", "ärger", "σοφία", "Σοφία"]
    check = PartialOmission()
    expected: set[str] = set()
    ctx = CheckContext(_document([]), check, Config())
    for number in range(20000):
        source = " ".join(rng.choice(vocabulary) for _ in range(rng.randrange(0, 7)))
        target = " ".join(rng.choice(vocabulary) for _ in range(rng.randrange(0, 5))) if rng.random() < 0.9 else " "
        unit = _unit(number, source, target)
        ctx.unit = unit
        list(check.check_unit(unit, ctx) or ())
        # the former code
        lower = [w for w in _WORD.findall(source) if w[0].islower()]
        if lower and target.strip():
            fresh = set(map(str.lower, lower)) - expected
            if fresh:
                fresh.difference_update(map(str.lower, _WORD.findall(target)))
                expected |= fresh
        assert check._lower == expected


def test_capitals_finds_what_it_found_when_the_letter_counts_came_first():
    """CAP002 with the letter counts made only for a token that would be reported: the same
    findings as with the counts first (a text mostly in capitals reports nothing)."""
    from tqa_plugins.everyday import capitals

    rng = random.Random(2026)
    pieces = ["PDF", "pdf", "Pdf", "GNOME", "gnome", "JavaScript", "javascript", "H264", "h264", "USB", "usb", "ESC",
              "Esc", "NOT", "not", "CC", "Cc", "open", "OPEN", "the", "THE", "file", "tệp", "TỆP", "%s", "-", "Tệp"]

    def old_findings(unit, ctx):
        # the former order: no token, or a text mostly in capitals: nothing
        cf = False
        src, tgt = capitals.prose(unit.source.text, c_format=cf), capitals.prose(unit.target.text, c_format=cf)
        first = capitals._TOKEN.search(src)
        if first is None or capitals._mostly_capitals(src) or capitals._mostly_capitals(tgt):
            return []
        return [f for f in Capitals().check_unit(unit, ctx) if f.rule_id == "CAP002"]

    config = Config()
    for number in range(20000):
        source = " ".join(rng.choice(pieces) for _ in range(rng.randrange(1, 7)))
        target = " ".join(rng.choice(pieces) for _ in range(rng.randrange(1, 7)))
        unit = _unit(number, source, target)
        check = Capitals()
        ctx = CheckContext(_document([unit]), check, config)
        ctx.unit = unit
        new = [(f.rule_id, f.message) for f in check.check_unit(unit, ctx) if f.rule_id == "CAP002"]
        assert new == [(f.rule_id, f.message) for f in old_findings(unit, ctx)], (source, target)


def test_doubled_words_lowers_the_whole_text_as_it_lowered_each_word():
    """`_side_by_side` lowers the masked text once and reads its words, where it read the
    words and lowered each: the same lower-case words, because `str.lower` maps every
    character but U+0130 to one character, of the same kind for `_WORD` (a letter, a
    joiner, neither), whatever stands around it but U+03A3 (final sigma), the two the
    shortcut leaves to the former path. Checked for every code point, then on texts."""
    import sys

    from tqa_plugins.everyday import doubled

    letter = re.compile(r"[^\W\d_]")
    for code in range(sys.maxunicode + 1):
        if 0xD800 <= code <= 0xDFFF or code in (0x130, 0x3A3):
            continue
        ch = chr(code)
        low = ch.lower()
        assert len(low) == 1, hex(code)
        assert bool(letter.match(ch)) == bool(letter.match(low)) and (ch in "'’-") == (low in "'’-"), hex(code)
        for before, after in (("A", "A"), ("a.", ""), ("", ".a")):
            assert (before + ch + after).lower() == before.lower() + low + after.lower(), hex(code)

    def former(text: str, c_format: bool):
        spans = doubled.protected_spans_shared(text, c_format=c_format)
        masked = doubled.mask(text, spans, fill="#") if spans else text
        lowered = list(map(str.lower, doubled._WORD.findall(masked)))
        return masked if any(map(str.__eq__, lowered, lowered[1:])) else None

    texts = list(_texts(1414, 20000)) + ["ΑΣ ας", "Σ σ x", "İ i̇", "İs İS", "the The", "%s the %s the"]
    for text in texts:
        for c_format in (False, True):
            assert doubled._side_by_side.__wrapped__(text, c_format) == former(text, c_format), text
