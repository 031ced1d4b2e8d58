"""Faster forms of the consistency check's helpers give what the slower ones gave."""

from __future__ import annotations

import re
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
