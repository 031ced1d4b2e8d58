"""Faster forms of the consistency check's helpers give what the slower ones gave."""

from __future__ import annotations

import re
import unicodedata
from hashlib import blake2b

from plugins.everyday import consistency
from qa_core import text as qa_text


def test_tone_pattern_matches_what_the_keys_alternation_matched():
    old = re.compile("|".join(sorted(qa_text._OLD_TO_NEW, key=len, reverse=True)), re.IGNORECASE)
    letters = "oOuUaAeEyY" + "".join(qa_text._OLD_TO_NEW) + "".join(qa_text._OLD_TO_NEW).upper() + "òóỏõọùúủũụôơưâă"
    pairs = [a + b for a in letters for b in letters]
    assert [p for p in pairs if qa_text._TONE_RE.fullmatch(p)] == [p for p in pairs if old.fullmatch(p)]
    # written for this test: old and new placements, mixed case
    sample = "Hoà bình, THUỶ TIÊN, khoẻ, Xoá tệp, hoàng hôn, thuý, QUÝ, Toả sáng"
    assert [m.span() for m in qa_text._TONE_RE.finditer(sample)] == [m.span() for m in old.finditer(sample)]
    assert qa_text.vi_tone_normalise(sample) == old.sub(qa_text._tone_fix, sample)
    assert qa_text.vi_tone_normalise(sample).startswith("Hòa bình, THỦY TIÊN, khỏe, Xóa tệp, hoàng hôn")


def _streamed_key(context: tuple, text: str) -> int:
    """The key as it was computed before: one update per length and per part."""
    digest = blake2b(digest_size=8)
    for part in (*context, text):
        data = str(part).encode("utf-8", "surrogatepass")
        digest.update(len(data).to_bytes(8, "little"))
        digest.update(data)
    return int.from_bytes(digest.digest(), "little")


def test_group_key_is_the_streamed_digest():
    for context, text in ((("vi", "", ""), "mở tệp"), (("de", "menu", "1"), "Datei {} öffnen"),
                          (("vi", "", ""), ""), (("", "ctx\x04", "0"), "a\udc80b")):
        assert consistency._key(context, text) == _streamed_key(context, text)
        assert consistency._key(context, text) == _streamed_key(context, text)  # the kept prefix too


def test_matcher_tone_pattern_matches_what_the_keys_alternation_matched():
    from plugins.terminology import matcher

    old = re.compile("(?:" + "|".join(matcher._TONE) + r")(?![^\W\d_])")
    letters = "ouaey" + "".join(matcher._TONE) + "òóỏõọùúủũụôơưâă " + "1_-"
    triples = [a + b + c for a in letters for b in letters for c in letters]
    assert [t for t in triples if matcher._TONE_RE.match(t)] == [t for t in triples if old.match(t)]
    sample = "hoà bình, thuỷ tiên, khoẻ, xoá tệp, hoàng hôn, thuý, quý, toả sáng, hoà1, oà_"
    assert [m.span() for m in matcher._TONE_RE.finditer(sample)] == [m.span() for m in old.finditer(sample)]


def test_standalone_finds_what_the_pattern_found():
    import itertools

    from plugins.everyday.common import standalone

    # every string of up to 4 characters over an alphabet of word characters (letters of
    # two scripts, a digit, "_", a combining mark's letter), joiners and separators
    alphabet = "aA1_-’ .é\u0301"
    texts = ["".join(p) for n in range(5) for p in itertools.product(alphabet, repeat=n)]
    for word in ("a", "aA", "A-", "-", "é", "_a", ""):
        for joiners, pattern in (("-", r"(?<![\w-])" + re.escape(word) + r"(?![\w-])"),
                                 ("", r"(?<!\w)" + re.escape(word) + r"(?!\w)")):
            compiled = re.compile(pattern)
            for text in texts:
                m = compiled.search(text)
                assert standalone(text, word, joiners) == (m.start() if m else -1), (text, word, joiners)


def test_normalise_collapses_spaces_as_the_pattern_did():
    import sys

    spaces = [chr(c) for c in range(sys.maxunicode + 1) if re.fullmatch(r"\s", chr(c))]
    assert spaces == [chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace()]  # what str.split splits on
    for text in ("  Mở \t tệp\u00a0\u2003 x \n", "\x1c\x1dA\x1eB\x1f", "", "   ", "a\u3000b", "Xoá  tệp"):
        old = unicodedata.normalize("NFC", re.sub(r"\s+", " ", text).strip())
        assert consistency.normalise(text, ignore_case=False, ignore_punctuation=False) == old
