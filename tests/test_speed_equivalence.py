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


def _windows_before(finder, run, lang, names):
    """NearMissFinder._windows as it was written before the starts and the hit counts
    were worked out once per run (kept here to compare with)."""
    out = set()
    n = len(run)
    anchors = [(p, finder._anchored(lang, tok.norm)) for p, tok in enumerate(run) if tok.weight == 1.0]
    anchors = [(p, found) for p, found in anchors if found]
    for name in names:
        wanted, need = finder._wanted[id(name)]
        hits = [p for p, found in anchors if any(a in wanted for a in found)]
        if len(hits) < need:
            continue
        size = len(name.content)
        for length in (size - 1, size, size + 1):
            if length < 2:
                continue
            for a in range(0, n - length + 1):
                b = a + length
                if not run[a].capital or run[a].weight == 0 or run[b - 1].weight == 0:
                    continue
                if sum(1 for p in hits if a <= p < b) >= need:
                    out.add((a, b))
    return out


def test_nearmiss_windows_are_the_windows_found_before():
    import random
    from types import SimpleNamespace

    from plugins.terminology.nearmiss import NearMissFinder, _Tok

    rng = random.Random(14)
    words = ["a", "b", "c", "d", "e"]  # anchors of the names below: a b c; d e anchor nothing
    names = [SimpleNamespace(content=tuple(range(size))) for size in (1, 2, 3, 4, 5)]
    wanted = {id(names[0]): (frozenset(), 0), id(names[1]): (frozenset("a"), 1), id(names[2]): (frozenset("ab"), 2),
              id(names[3]): (frozenset("bc"), 2), id(names[4]): (frozenset("abc"), 2)}
    finder = SimpleNamespace(_wanted=wanted, _anchored=lambda lang, word: (word,) if word in "abc" else ())
    for _ in range(3000):
        run = [_Tok(w, w, 0, 1, rng.choice((0.0, 0.5, 1.0)), rng.random() < 0.6)
               for w in rng.choices(words, k=rng.randrange(0, 14))]
        chosen = rng.sample(names, rng.randrange(0, len(names) + 1))
        assert NearMissFinder._windows(finder, run, "vi", chosen) == _windows_before(finder, run, "vi", chosen)
