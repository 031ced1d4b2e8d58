"""qa_core.quantities: what the extractor reads, for the aligner and the numbers check."""

from __future__ import annotations

import unicodedata
from decimal import Decimal

import pytest

from qa_core.quantities import Quantity, conventions, extract, primary_language


def read(text: str, lang: str) -> list[tuple]:
    return [(q.kind, q.value, q.text) for q in extract(text, lang)]


@pytest.mark.parametrize(
    "lang, text, kind, value",
    [
        ("vi", "30.000 sinh viên", "number", Decimal(30000)),
        ("en", "30,000 students", "number", Decimal(30000)),
        ("vi", "123,86 tỷ", "number", Decimal("123.86") * 10**9),
        ("en", "123.86 billion", "number", Decimal("123.86") * 10**9),
        ("vi", "30 ngàn", "number", Decimal(30000)),
        ("vi", "1,5 nghìn tỷ", "number", Decimal("1.5") * 10**12),
        ("zh", "9.1万人", "number", Decimal(91000)),
        ("hi", "1,00,000 लोग", "number", Decimal(100000)),
        ("fr", "85 000 salariés", "number", Decimal(85000)),
        ("de", "7,1 Gigawatt", "number", Decimal("7.1")),
        ("en", "12.5%", "percent", Decimal("12.5")),
        ("vi", "12,5 phần trăm", "percent", Decimal("12.5")),
        ("de", "19 Prozent", "percent", Decimal(19)),
        ("en", "ten years", "number", Decimal(10)),
        ("vi", "mười năm", "number", Decimal(10)),
        ("vi", "hai mươi lăm người", "number", Decimal(25)),
        ("de", "sieben Jahre", "number", Decimal(7)),
        ("zh", "第十次", "number", Decimal(10)),
    ],
)
def test_numbers_in_each_locale(lang, text, kind, value):
    found = extract(text, lang)
    assert found, f"nothing read in {text!r}"
    assert (found[0].kind, found[0].value) == (kind, value)


@pytest.mark.parametrize(
    "lang, text, code, value",
    [
        ("vi", "2 triệu USD", "USD", Decimal(2_000_000)),
        ("en", "US$2 million", "USD", Decimal(2_000_000)),
        ("en", "USD 2 million", "USD", Decimal(2_000_000)),
        ("en", "$2 million", "USD", Decimal(2_000_000)),
        ("vi", "2 triệu đô la Mỹ", "USD", Decimal(2_000_000)),
        ("en", "VND 2 million", "VND", Decimal(2_000_000)),
        ("vi", "50.000 ₫", "VND", Decimal(50_000)),
        ("vi", "2 triệu đồng", "VND", Decimal(2_000_000)),
        ("de", "503 Millionen US-Dollar", "USD", Decimal(503_000_000)),
        ("fr", "8 milliards d'euros", "EUR", Decimal(8 * 10**9)),
        ("zh", "2亿元", "CNY", Decimal(2 * 10**8)),
    ],
)
def test_amounts_and_currencies(lang, text, code, value):
    (q,) = extract(text, lang)
    assert (q.kind, q.unit, q.value) == ("amount", code, value)


@pytest.mark.parametrize(
    "lang, text, dates",
    [
        ("vi", "ngày 10/9/2023", [(2023, 9, 10)]),
        ("en-GB", "10/9/2023", [(2023, 9, 10)]),
        ("en-US", "10/9/2023", [(2023, 10, 9)]),
        ("en", "September 10, 2023", [(2023, 9, 10)]),
        ("en", "10 September 2023", [(2023, 9, 10)]),
        ("vi", "ngày 10 tháng 9 năm 2023", [(2023, 9, 10)]),
        ("vi", "ngày 10-11/9/2023", [(2023, 9, 10), (2023, 9, 11)]),
        ("en", "September 10-11, 2023", [(2023, 9, 10), (2023, 9, 11)]),
        ("vi", "tháng 9/2023", [(2023, 9, None)]),
        ("zh", "2023年9月10日", [(2023, 9, 10)]),
        ("es", "15 de agosto de 1940", [(1940, 8, 15)]),
        ("ru", "26 июля", [(None, 7, 26)]),
        ("de", "10.09.2023", [(2023, 9, 10)]),
    ],
)
def test_dates(lang, text, dates):
    found = [q for q in extract(text, lang) if q.kind == "date"]
    assert [q.value for q in found] == dates


def test_english_without_region_keeps_the_other_order():
    (q,) = extract("10/9/2023", "en")
    assert q.value == (2023, 9, 10) and ("date-order", (2023, 10, 9)) in q.alternatives


def test_ranges_share_their_unit():
    first, second = extract("khoảng 10-20% lượng phát thải", "vi")
    assert (first.kind, first.value, first.role, first.approx) == ("percent", 10, "from", "about")
    assert (second.kind, second.value, second.role) == ("percent", 20, "to")
    low, high = extract("$2-3 million", "en")
    assert (low.kind, low.unit, low.value) == ("amount", "USD", 2_000_000)
    assert (high.value, high.unit) == (3_000_000, "USD")


@pytest.mark.parametrize(
    "lang, text, approx",
    [
        ("en", "nearly 30,000", "nearly"), ("vi", "gần 30.000", "nearly"),
        ("en", "over 5%", "over"), ("vi", "hơn 5%", "over"), ("vi", "trên 5%", "over"), ("en", "more than 5%", "over"),
        ("en", "about 20", "about"), ("vi", "khoảng 20", "about"), ("en", "up to 10 minutes", "at-most"),
        ("en", "20", None), ("zh", "330多座", "over"),
    ],
)
def test_approximations(lang, text, approx):
    assert extract(text, lang)[0].approx == approx


def test_ordinals():
    assert [(q.value, q.ordinal) for q in extract("the 31st meeting", "en")] == [(31, True)]
    assert [(q.value, q.ordinal) for q in extract("phiên họp thứ 31", "vi")] == [(31, True)]
    assert [(q.value, q.ordinal, q.written) for q in extract("the fifth time", "en")] == [(5, True, "words")]
    assert [(q.value, q.ordinal, q.written) for q in extract("lần thứ năm", "vi")] == [(5, True, "words")]
    # "Thứ Năm" is Thursday, "năm" alone is "year"
    assert extract("Thứ Năm", "vi") == () and extract("năm nay", "vi") == ()


def test_identifiers_survive_verbatim():
    found = read("5G, Covid-19, ADMM+, ISO 9001, F-35 and 802.11g", "en")
    assert [(kind, text) for kind, _, text in found] == [
        ("identifier", "5G"), ("identifier", "Covid-19"), ("identifier", "ISO 9001"), ("identifier", "F-35"),
        ("identifier", "802.11g"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "%1$@ of %2$d", "{0} items, {{ limit }} max", "see https://example.org/2023/09/10/report",
        "mail to team2023@example.org", "version 2.4.1", "press Ctrl+2", "&#160;", "colour #FF0000",
    ],
)
def test_what_is_never_a_number(text):
    assert [q for q in extract(text, "en") if q.kind != "identifier"] == []


def test_units_stay_attached():
    (q,) = extract("above 180 mg/dL", "en")
    assert (q.value, q.unit, q.text) == (180, "mg/dL", "180 mg/dL")


def test_separators_read_both_ways():
    (english,) = extract("1.150 projects", "en")
    assert english.value == Decimal("1.150") and ("separators", 1150) in english.alternatives
    (vietnamese,) = extract("1.5 U", "vi")
    assert vietnamese.foreign and vietnamese.value == Decimal("1.5")


def test_decomposed_text_keeps_its_offsets():
    text = unicodedata.normalize("NFD", "Dưới 50 đơn vị, khoảng 4 đến 5 ngày")
    found = extract(text, "vi")
    assert [(q.value, q.approx) for q in found] == [(50, "under"), (4, "about"), (5, None)]
    assert all(text[q.start:q.end] == q.text for q in found)


def test_records_are_frozen_and_spans_index_the_text():
    text = "khoản tài trợ ban đầu 2 triệu USD"
    (q,) = extract(text, "vi")
    assert isinstance(q, Quantity) and text[q.start:q.end] == q.text == "2 triệu USD"
    with pytest.raises(AttributeError):
        q.value = 3  # type: ignore[misc]


def test_conventions_come_from_cldr():
    assert (conventions("vi").decimal, conventions("vi").group) == (",", ".")
    assert (conventions("en").decimal, conventions("en").group) == (".", ",")
    assert conventions("hi").grouping == (3, 2)
    assert conventions("en-US").date_order == "mdy" and conventions("en").date_order == "dmy|mdy"
    assert conventions("vi").date_order == "dmy"
    assert primary_language("zh_Hans") == "zh" and primary_language(None) == "en"


@pytest.mark.parametrize(
    "lang, text, expected",
    [
        ("fr", "Le traité et De Gaulle", []),  # one capital letter and a suffix is a word, not a Roman numeral
        ("de", "Der Vertrag", []),
        ("fr", "au XIXe siècle", [("number", Decimal(19), "XIXe")]),
        ("fr", "le Ier arrondissement", [("number", Decimal(1), "Ier")]),
        ("de", "der MP3-Player", [("identifier", "mp3", "MP3")]),  # a word joined by a hyphen is not the identifier
        ("en", "an x86-based server", []),
        ("de", "der x86-Filter", []),
        ("en", "x86-64 code", [("identifier", "x86-64", "x86-64")]),
        ("de", "die Win32-API", [("identifier", "win32-api", "Win32-API")]),
        ("vi", "vắc-xin Covid-19", [("identifier", "covid-19", "Covid-19")]),
    ],
)
def test_words_that_are_not_numbers_or_identifiers(lang, text, expected):
    assert read(text, lang) == expected


@pytest.mark.parametrize(
    "text, kinds",
    [
        ("D9" + "a" * 40 + "G20²", []),  # the letters after the digit could be cut anywhere: exponential before
        ("D9" + "9" * 5000 + "G20²", []),  # a long digit run before a letter: quadratic before
        ("D9" + "a-" * 2000 + "G20²", ["identifier"]),
    ],
)
def test_a_letter_led_identifier_is_read_one_way_only(text, kinds):
    # these return at once; the pattern's old form never returned on the first text
    assert [kind for kind, _, _ in read(text, "en")] == kinds


# The prefilters of extraction (speed only): a text they let through or hold back reads
# exactly as it reads with every pattern scanned.
_PREFILTER_TEXTS = [
    "Two leaders met on MAY 5 and again in March 2024.",
    "ONCE a Million people, a dozen of them twice, in the 1980s.",
    "x86 and ARM64 builds, v2.3.1 or SHA1; 4K-Filter, a-1 and b’2",
    "Both sides, about 3 and a half billion, a second later, the second floor",
    "no number words here, only 12 items",
    "Hai nhà lãnh đạo, năm phút, 900 triệu USD, tháng 9",
    "(>2048 octets), <= 5, ≥ 10 and 3 < 4",
    "Twenty-one of the NINETEEN, fifth and Thirty-Three",
    "Khoảng 2 triệu USD, hơn 40 năm, không quá 12, Thứ 2 tháng 10, T2 và th10, 4 năm rưỡi, 18 tuổi trở lên",
    "KHOẢNG 5 Tỷ đồng hoặc nhiều hơn; tối đa là 7; MƯỜI HAI người; 1 hoặc lớn hơn",
    "See www.EXAMPLE.com 5, mail a@b.vn 3, 0X1F and #fff, a/b/c 7, 10/9/2023, Ctrl+1, &#38; 9",
    "US$ 2 million, 3 mg/dL, the 5th century, 20 percent, 6 or so, 8 or greater, 64 characters max.",
    "İstanbul ıtems ſeven: ONE, Σ two, 3 ΚΑΙ 4, ᲀ 5",  # characters the regex engine folds with others
    "Maximum length is 1024, the minimum size of 8, at least 3, up to 9, 1-2 km, 10-20%",
    # no digit: only number words can be found (the texts most real files are made of)
    "ONE thousand and Twenty, a Million people, once or twice, Chapter XIV, năm phút, mười hai người",
    "Nothing to count here & there, nor anywhere: ignore it",
]


class _Always:
    """A prefilter that lets every text through."""

    def match(self, *args):
        return True

    search = match


@pytest.mark.parametrize("text", _PREFILTER_TEXTS)
@pytest.mark.parametrize("lang", ["en", "vi", "fr", "es", "de"])
def test_prefilters_change_nothing(monkeypatch, text, lang):
    from qa_core import quantities

    quantities._extract.cache_clear()
    filtered = quantities.extract(text, lang)
    quantities._extract.cache_clear()
    monkeypatch.setattr(quantities, "_may_match", lambda heads, words: True)
    monkeypatch.setattr(quantities, "_bare_magnitude_hint", lambda t: quantities._BARE_MAGNITUDE_HINT.search(t) is not None)
    monkeypatch.setattr(quantities, "_mask_for", lambda t: quantities._MASK)
    monkeypatch.setattr(quantities, "_may_approx", lambda data, lead: True)
    monkeypatch.setattr(quantities, "_may_follow", lambda hint, t: True)
    monkeypatch.setattr(quantities, "_IDENT_HINTS", tuple((pattern, _Always() if hint is quantities._STANDARD_HINT else hint)
                                                          for pattern, hint in quantities._IDENT_HINTS))
    for name in ("_UNIT_HINT", "_CENTURY_HINT", "_VI_THU_HINT", "_MAX_MIN_HINT", "_VI_LIMIT_HINT", "_VI_OR_HINT",
                 "_EN_OR_HINT"):
        monkeypatch.setattr(quantities, name, _Always())
    data = quantities._lang(lang)
    for name in ("magnitude_hint", "short_magnitude_hint", "currency_after_hint", "currency_before_hint", "percent_hint"):
        monkeypatch.setattr(data, name, None)
    try:
        assert quantities.extract(text, lang) == filtered
    finally:
        quantities._extract.cache_clear()


def test_word_heads():
    from qa_core.quantities import _text_words, _word_heads

    assert _word_heads({"one", "twenty one", "baker's dozen"}) == frozenset({"one", "twenty", "baker"})
    assert _word_heads({"Một", "hai mươi"}) == frozenset({"một", "hai"})  # folded as the regex engine compares
    assert _word_heads({"ſeven"}) == frozenset({"seven"})  # long s is s, case-blind
    assert _word_heads({"thg 10", "T2"}, spaced=True) == frozenset({"thg", "thg10", "t2"})  # the space may be missing
    assert _word_heads({"eins"}, inflect=True) is None  # endings: no prefilter
    assert _word_heads({"~"}) is None  # no leading word
    assert _text_words("İstanbul ıtems, MỘT") == {"istanbul", "items", "một"}
    assert _text_words("\u03b9\u0345") is None  # a combining mark equal to a letter: no prefilter


_ASCII_WORDS = ("one", "two", "twelve", "hundred", "thousand", "million", "billion", "dozen", "a", "an", "few",
                "several", "first", "second", "half", "quarter", "once", "twice", "none", "zero", "nine",
                "eleven", "twenty", "forty", "score", "pair", "couple", "single", "double", "triple", "the",
                "files", "saved", "of", "and", "XIV", "Chapter", "IV", "Louis", "MCMXC", "mil", "cent", "deux",
                "trois", "zwei", "drei", "hai", "ba", "muoi", "tram", "nghin", "trieu", "ty", "mot", "lac",
                "un", "une", "ein", "eine", "I", "V", "X", "L", "C", "D", "M", "vi", "Mix", "Civic", "DVD")


@pytest.mark.parametrize("lang", ["en", "vi", "fr", "de", "es", "ru"])
def test_digitless_ascii_shortcut_answers_as_the_full_reading(lang):
    """`_extract` answers an ASCII text without a digit and without any head word at once
    (`_Lang.ascii_heads`); the full reading, with that shortcut off, gives the same."""
    import random

    from qa_core import quantities

    data = quantities._lang(lang)
    rng = random.Random(lang)
    texts = [" ".join(rng.choice(_ASCII_WORDS) for _ in range(rng.randint(1, 6))) for _ in range(1500)]
    texts += [text.upper() for text in texts[:200]] + [text.title() for text in texts[200:400]]
    quantities._extract.cache_clear()
    quick = [extract(text, lang) for text in texts]
    heads = data.ascii_heads
    data.__dict__["ascii_heads"] = None  # the cached property off: every text read in full
    try:
        quantities._extract.cache_clear()
        full = [extract(text, lang) for text in texts]
    finally:
        data.__dict__["ascii_heads"] = heads
        quantities._extract.cache_clear()
    assert quick == full
    assert sum(map(bool, full)) > 50  # the sample reaches the words that make quantities


def test_literal_hints_find_what_their_literals_do():
    """The standards' hint (an alternation of literals) and the mask's characters' hint
    answer as looking for each literal with `in` does, on texts made to hold each literal
    (alone, glued, in another case) or none."""
    import random

    from qa_core import quantities

    standards = ("ISO", "IEC", "EN", "DIN", "RFC", "IEEE", "ASTM", "ANSI", "ISBN", "ISSN", "WCAG", "PEP", "CVE",
                 "UN", "NATO", "STANAG", "UTC", "GMT")
    pieces = list(standards) + [x.lower() for x in standards] + list(quantities._MASK_CHARS) + \
        [":/", "//", ":", "E", "N", "IS", "ISS", "x", " ", "9", "ư", "Ẽ"]
    rng = random.Random(14)
    texts = _PREFILTER_TEXTS + ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 5))) for _ in range(4000)]
    for text in texts:
        assert (quantities._STANDARD_HINT.search(text) is not None) == any(x in text for x in standards), text
        assert (quantities._MASK_CHARS_HINT.search(text) is not None) == any(x in text for x in quantities._MASK_CHARS), text


def test_mask_for_finds_what_the_whole_mask_does():
    """`_mask_for` (the mask less the alternatives whose need a text lacks) finds the same
    matches as the whole mask, and says None only where the mask finds nothing, on texts
    made of every alternative's pieces, alone and mixed (fails when an alternative is given
    a need it can match without)."""
    import random

    from qa_core import quantities

    pieces = ["http://a.b/c", "HTTPS://X.Y", "www.Example.org", "WWW.x", "a@b.vn", "x.y+z@host-1.com", "&#38;", "&amp;",
              "&", "`{id: 0}`", "`0`", "src/lib/x1.c", "/usr/bin/", "a/b/c", "10/9/2023", "Ctrl+1", "ctrl + shift+F2",
              "Alt+", "0x1F", "0X", "#fff", "#12345678", "#", "file.json", "x.COM", "a.b", "@", "://", "+", "`", "0",
              "/", ".", "5", "2,5", "word", "Từ", "ı", " ", "-", "_", "é/ü/ß"]
    rng = random.Random(8)
    texts = _PREFILTER_TEXTS + [rng.choice(["", " "]).join(rng.choice(pieces) for _ in range(rng.randint(1, 6)))
                                for _ in range(6000)]
    for text in texts:
        whole = [m.span() for m in quantities._MASK.finditer(text)]
        mask = quantities._mask_for(text)
        assert ([m.span() for m in mask.finditer(text)] if mask is not None else []) == whole, text
    assert len(quantities._mask_of.cache_info()._asdict()) and quantities._mask_of.cache_info().currsize > 20


@pytest.mark.parametrize("lang", ["en", "vi", "fr", "de", "ru", "es"])
def test_head_words_are_the_text_words_that_are_heads(lang):
    """`_head_words` (one scan for the heads) gives the text's words (`_text_words`) that
    are heads of the word patterns or of `ascii_heads`, and None where those are None
    (fails when a head is missing from its pattern, or the scan takes part of a word)."""
    import random

    from qa_core import quantities

    data = quantities._lang(lang)
    heads = set(data.ascii_heads or ())
    for found in data.word_heads.values():
        heads |= found or set()
    assert heads
    words = list(heads) + [w.upper() for w in list(heads)[:40]] + [w + "s" for w in list(heads)[:40]] + list(_ASCII_WORDS) + \
        ["İstanbul", "ıtems", "ſeven", "MỘT", "Hai", "năm", "thg", "10", "T2", "_", "-", "'", "é", "ß", "\u0345", "x1"]
    rng = random.Random(lang)
    texts = _PREFILTER_TEXTS + [rng.choice([" ", "-", "", ", ", "'"]).join(rng.choice(words) for _ in range(rng.randint(1, 8)))
                                for _ in range(3000)]
    for text in texts:
        every = quantities._text_words(text)
        assert quantities._head_words(text, data) == (None if every is None else every & heads), text


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_may_approx_last_character_shortcut(lang):
    """`_may_approx` answers most leads by their last character folded alone; the answer is
    the folded window's (fails when a tail's last character is left out, or a character
    folds otherwise alone than in a text: Σ at a word's end, İ, ſ, K, U+0345)."""
    import random

    from qa_core import quantities

    data = quantities._lang(lang)
    tails = data.approx_tails

    def full(lead):
        stripped = lead.rstrip()
        if len(stripped) == len(lead):
            return False
        window = quantities._folded(stripped[-data.approx_tail:])
        return window is None or window.endswith(tails)

    words = list(tails) + [t.upper() for t in tails] + [t.title() for t in tails] + \
        ["ΣΑΣ", "σας", "İ", "ı", "ſ", "\u212a", "\u0345", "ΟΣ", "KHOẢNG", "Gần", "OVER", "abouT", "x", "é", "ß", "1"]
    rng = random.Random(lang)
    leads = [rng.choice(["", "the ", "x "]) + " ".join(rng.choice(words) for _ in range(rng.randint(1, 3)))
             + rng.choice(["", " ", "\u00a0", "  "]) for _ in range(6000)] + ["", " ", "\u0345 ", "ΣΑΣ "]
    assert sum(quantities._may_approx(data, lead) for lead in leads) > 1000
    for lead in leads:
        assert quantities._may_approx(data, lead) == full(lead), repr(lead)
