"""The aligner's fast paths give what the plain versions give: words, acronyms and
tokens found without scanning every character with a regular expression, the length
cost's table read without a binary search, narrow bands searched with Python lists
instead of numpy rows. Each is checked against the plain version it replaces, on
texts built to hit the edge cases (fixed seeds: the same texts every run)."""

from __future__ import annotations

import random
import re
import sys

import numpy as np
import pytest

from qa_core.align import aligner, lexicon
from qa_core.align.anchors import _ACRONYM, _WORD, _acronyms, _words
from qa_core.align.lengths import _table, tail_cost
from qa_core.sentences import rule_split

TRICKY = list("aAzZđĐệỆ  \t\n\x1c\u00a0\u2003-'’_.,;:!?\"()[]“”‘’«»…–—0123456789²½٣İΣσςǅⅫß\u0301/@&") + [
    "word", "Việt", "x-y", "don't", "ΑΣ", "USD", "G20", "COVID-19", "A&B", "xAB", "ΟΔΟΣ.",
]


def texts(seed: int, count: int, alphabet=TRICKY, longest: int = 30):
    rng = random.Random(seed)
    return ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, longest))) for _ in range(count)]


def test_words_are_the_word_expressions_matches():
    for text in texts(1, 20000):
        assert _words(text) == _WORD.findall(text), text


def test_acronyms_are_the_acronym_expressions_matches():
    for text in texts(2, 20000, list("AZĐđaz09&-_ ./\u00a0Ậ²") + ["USD", "G20", "COVID-19", "A&B", "xAB"], 20):
        assert _acronyms(text) == [m.group(1) for m in _ACRONYM.finditer(text)], text


def test_tokens_are_the_lowered_words_of_two_letters_or_more():
    plain = re.compile(r"[^\W\d_]{2,}")
    for text in texts(3, 20000):
        assert lexicon.tokens(text) == {w.lower() for w in plain.findall(text)}, text
    for text in ("İstanbul và ΟΔΟΣ.Β", "ΑΣ ΣΑΣ σας"):  # a letter that lowers to two, and sigma
        assert lexicon.tokens(text) == {w.lower() for w in plain.findall(text)}


def test_lowering_keeps_letters_letters_in_the_whole_unicode_table():
    """`lexicon.tokens` lowers the whole text before finding its words: right only if
    every character that lowers to one character stays a letter (or a non-letter,
    or a space) — true of this Python's Unicode tables; a future table that breaks it
    fails here."""
    letter = re.compile(r"[^\W\d_]")
    for code in range(sys.maxunicode + 1):
        if 0xD800 <= code <= 0xDFFF:
            continue
        char = chr(code)
        low = char.lower()
        if low != char and len(low) == 1:
            assert bool(letter.fullmatch(char)) == bool(letter.fullmatch(low)), hex(code)
            assert char.isspace() == low.isspace() and char.isalpha() == low.isalpha(), hex(code)


def test_tail_cost_is_numpys_interpolation():
    grid, table, _ = _table()
    rng = np.random.default_rng(0)
    for x in (rng.uniform(0, 31, 200_000), rng.exponential(2, 200_000), grid, np.nextafter(grid, 100),
              np.nextafter(grid, -100).clip(0), np.array([0.0, 30.0, 30.000001, 1e300, np.inf]), -rng.uniform(0, 40, 1000)):
        assert np.array_equal(tail_cost(x), np.interp(np.abs(x), grid, table))


@pytest.mark.parametrize(
    "text, expected",
    [
        # the word before a dot longer than the few characters looked at first
        ("See Supercalifragilisticexpialidocious. Then go.", ["See Supercalifragilisticexpialidocious.", "Then go."]),
        ("A long-dotted-word-e.g-like-abbreviation-chain. Next.", ["A long-dotted-word-e.g-like-abbreviation-chain.", "Next."]),
        ("  12. Item twelve. Done.", ["12. Item twelve.", "Done."]),
        ("Wait... what? Yes!) No.", ["Wait... what?", "Yes!)", "No."]),
        ("Mr. X.\n. Y", ["Mr. X.\n.", "Y"]),
        ("a.b.c. d", ["a.b.c. d"]),
        ("中文。English. 再见！", ["中文。", "English. 再见！"]),
        ("x.y.z.w.v.u.t.s.r.q.p.o.n.m.l. Next. Go.", ["x.y.z.w.v.u.t.s.r.q.p.o.n.m.l. Next.", "Go."]),
    ],
)
def test_sentence_ends(text, expected):
    assert [text[s.start : s.end] for s in rule_split(text, "en")] == expected


def _paragraphs(count: int, seed: int):
    rng = random.Random(seed)
    source = [f"Đoạn {k}: báo cáo số {1000 + k} về dự án {rng.randint(1, 40)}." * rng.randint(1, 3) for k in range(count)]
    target = []
    for k, text in enumerate(source):
        if k % 37 == 5:
            continue  # deleted
        english = f"Paragraph {k}: report number {1000 + k} on a project." * (text.count("Đoạn") or 1)
        if k % 29 == 3 and target:
            target[-1] += " " + english  # merged
        else:
            target.append(english)
        if k % 41 == 7:
            target.append("An added paragraph with nothing to match.")
    return source, target


def test_narrow_and_numpy_searches_find_the_same_path(monkeypatch):
    source, target = _paragraphs(160, 0)
    scorer = aligner._Scorer(
        np.array([len(t) for t in source], dtype=float), np.array([len(t) for t in target], dtype=float),
        aligner._bags(source, "vi", False, None, {}), aligner._bags(target, "en", False, None, {}),
        aligner.length_model("vi", "en"), aligner.AlignOptions(),
    )
    n, m = len(source), len(target)
    whole = (np.zeros(n + 1, dtype=np.int64), np.full(n + 1, m, dtype=np.int64))
    path, _, _ = aligner._search(scorer, 12, 1, *whole)
    band = aligner._corridor(path, n, m, 1, 5)
    for lo, hi in (whole, band):
        monkeypatch.setattr(aligner, "_NARROW", 10**9)
        narrow = aligner._run(scorer, lo, hi)
        monkeypatch.setattr(aligner, "_NARROW", 0)
        wide = aligner._run(scorer, lo, hi)
        assert narrow == wide
