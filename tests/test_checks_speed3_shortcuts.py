"""The terminology and consistency checks' shortcuts of checks-speed3 (issue 14) give what
the code they replace gave: each is compared here with that code, written out again."""

from __future__ import annotations

import random
import re
import unicodedata

import pytest

from tqa_plugins.terminology import _BuiltinLoader, load_resources
from tqa_plugins.terminology.matcher import SEP, Prepared, _fold_table, _separated, _slow, _tone, _TONE_RE
from tqa_plugins.terminology.nearmiss import TOKEN, NearMissFinder

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


# ----- terminology: which texts the near-miss search reads -----------------------------


def _former_may_hold(finder: NearMissFinder, text: str, lang: str) -> bool:
    """`_may_hold` as it walked the text's words, position by position."""
    if not finder.anchors.get(lang):
        return False
    hits: dict[int, int] = {}
    for raw in TOKEN.findall(text):
        names = finder._names_held(lang, raw)
        if not names:
            continue
        if lang == "en":
            return True
        for key in names:
            count = hits[key] = hits.get(key, 0) + 1
            if count >= finder._wanted[key][1]:
                return True
    return False


def _near_texts() -> list[tuple[str, str]]:
    """The samples' sentences and garbled names, and random runs of the names' own words
    (Vietnamese syllables that anchor names, repeated, with other words between)."""
    texts = _texts()
    res = load_resources({}, _BuiltinLoader, None, None, None)
    rng = random.Random(16)
    for lang, names in res.nearmiss.names.items():
        words = sorted({w for name in names for w in name.term.text.split()})
        filler = ["the", "và", "của", "Program", "khác", "Hello", "tác", "hợp"]
        for _ in range(3000):
            picked = [rng.choice(words if rng.random() < 0.4 else filler) for _ in range(rng.randrange(1, 9))]
            texts.append((" ".join(picked), lang))
    return texts


@pytest.mark.parametrize("held_size", [200_000, 7])
def test_may_hold_answers_as_the_walk_over_positions(held_size):
    """The sets' answer is the walk's, with the table of words kept and past its size."""
    res = load_resources({}, _BuiltinLoader, None, None, None)
    finder = NearMissFinder(res.glossary)
    finder.HELD_SIZE = held_size
    reference = NearMissFinder(res.glossary)
    answers = []
    for text, lang in _near_texts():
        answer = finder._may_hold(text, lang)
        assert answer == _former_may_hold(reference, text, lang), (text, lang)
        answers.append(answer)
    assert 100 < sum(answers) < len(answers) - 100  # both answers were given often


def test_reachable_from_may_hold_words_is_reachable_from_the_text():
    """`_reachable` after `_may_hold` (its words) answers as `_reachable` reading the text."""
    res = load_resources({}, _BuiltinLoader, None, None, None)
    finder = NearMissFinder(res.glossary)
    concepts = sorted({name.concept.id for names in finder.names.values() for name in names})
    some = set(concepts[::3])
    live = 0
    for text, lang in _near_texts():
        for limit, only in ((0.7, None), (0.55, set(concepts)), (0.55, some)):
            if not finder._may_hold(text, lang):
                continue
            shared = finder._reachable(text, lang, limit, only)
            finder._last_words = None
            assert finder._reachable(text, lang, limit, only) == shared, (text, lang)
            live += bool(shared)
    assert live > 100


def _edited_words(count: int, seed: int) -> list[str]:
    """The names' words (folded or not) with one or two letters put in, left out, changed
    or swapped, and random words of 1 to 15 letters: words near the names' and far."""
    res = load_resources({}, _BuiltinLoader, None, None, None)
    words = sorted({w for names in res.nearmiss.names.values() for name in names for w in name.words})
    rng = random.Random(seed)
    letters = "abcdeghiklmnoprstuvyàáâăđêôơưạảấầẻếềịọốồớờụủứừỳý"
    out = []
    for _ in range(count):
        if rng.random() < 0.3:
            out.append("".join(rng.choice(letters) for _ in range(rng.randrange(1, 16))))
            continue
        word = list(rng.choice(words))
        for _ in range(rng.randrange(1, 3)):
            k = rng.randrange(len(word) + 1)
            edit = rng.randrange(4)
            if edit == 0:
                word.insert(k, rng.choice(letters))
            elif edit == 1 and len(word) > 1 and k < len(word):
                del word[k]
            elif edit == 2 and k < len(word):
                word[k] = rng.choice(letters)
            elif k + 1 < len(word):
                word[k], word[k + 1] = word[k + 1], word[k]
        out.append("".join(word))
    return out + words


def test_fuzzy_lookups_of_near_length_find_what_the_whole_lists_found(monkeypatch):
    """`_anchored` and `_partners` give the same words when rapidfuzz is given only the
    words of a length that can reach its cut-off as when it is given every word."""
    from tqa_plugins.terminology import nearmiss

    res = load_resources({}, _BuiltinLoader, None, None, None)
    words = _edited_words(20000, 17)
    shortcut = NearMissFinder(res.glossary)
    new = [(shortcut._anchored(lang, w), shortcut._partners(lang, w)) for w in words for lang in ("en", "vi")]
    monkeypatch.setattr(nearmiss, "_of_near_length", lambda kept, which, words, length: (list(words), list(range(len(words)))))
    whole = NearMissFinder(res.glossary)
    old = [(whole._anchored(lang, w), whole._partners(lang, w)) for w in words for lang in ("en", "vi")]
    assert new == old
    assert sum(1 for anchors, partners in new if anchors or partners) > 1000
