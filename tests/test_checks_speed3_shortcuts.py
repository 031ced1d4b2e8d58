"""The terminology and consistency checks' shortcuts of checks-speed3 (issue 14) give what
the code they replace gave: each is compared here with that code, written out again."""

from __future__ import annotations

import random
import unicodedata

import pytest

from tqa_plugins.terminology.matcher import SEP, Prepared, _fold_table, _separated, _slow, _tone, _TONE_RE

from tests.test_term_speed_shortcuts import _texts

#: characters that reach the edges of the separator and tone shortcuts: ASCII letters,
#: digits, separators and whitespace, Vietnamese vowels with tones in both placements,
#: separators outside ASCII (no-break space, dash, curly quote, line separator), a
#: combining mark, a superscript digit, a lone surrogate, control characters
_ALPHABET = list("aoubAOU9 _.-,'\t\n!/&") + ["ệ", "ố", "à", "á", "ỳ", "ý", "Ý", "Đ", "đ", "\u00a0", "–", "“",
                                             "\u2028", "\u0301", "²", "\ud800", "\x1c", "\x85", "İ", "ẞ"]


def _random_texts(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(_ALPHABET) for _ in range(rng.randrange(0, 14))) for _ in range(count)]


# ----- terminology: a text prepared for matching ---------------------------------------


def test_separated_is_the_substitution_for_every_code_point():
    """`_separated` gives `" " + SEP.sub(" ", text) + " "` for every code point alone, between
    two letters, doubled and after a space, and for random texts of a mixed alphabet."""
    def former(text):
        return " " + SEP.sub(" ", text) + " "

    for code in range(0x110000):
        ch = chr(code)
        for text in (ch, "a" + ch + "b", ch + ch, " " + ch):
            assert _separated(text) == former(text), (hex(code), text)
    for text in _random_texts(100000, 14) + ["", " ", "  ", "a", "_", "é"]:
        assert _separated(text) == former(text), text


def _former_prepared(text: str, fold_diacritics: bool) -> tuple[str, str]:
    """(low, norm) as `Prepared` made them before the shortcuts (tone pattern on every text,
    the separators by substitution)."""
    if unicodedata.is_normalized("NFC", text):
        low = text.lower()
        if len(low) != len(text):
            low, _ = _slow(text)
    else:
        low, _ = _slow(text)
    low = _TONE_RE.sub(_tone, low)
    if fold_diacritics:
        low = low.translate(_fold_table())
    return low, " " + SEP.sub(" ", low) + " "


@pytest.mark.parametrize("fold_diacritics", [False, True])
def test_prepared_gives_the_former_low_and_norm(fold_diacritics):
    texts = _random_texts(50000, 15) + [text for text, _ in _texts()]
    for text in texts:
        prepared = Prepared(text, fold_diacritics)
        assert (prepared.low, prepared.norm) == _former_prepared(text, fold_diacritics), text
