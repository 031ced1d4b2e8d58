"""Doubled words ("the the", "lại lại"), language-aware: reduplication is grammar in
Vietnamese, Chinese, Indonesian and Malay, and English has "that that" and "had had"."""

from __future__ import annotations

import re
from functools import lru_cache

from qa_core import Check, Option, Rule, Severity, Span, hookimpl

from tqa_plugins.everyday.common import guess_language, mask, primary, protected_spans_shared, quote, translated

# two equal words separated by spaces or tabs only (a line break starts a new item)
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")

#: doubled words that are grammatical in a language ("that that", "vous vous")
ALLOWED: dict[str, frozenset[str]] = {
    "en": frozenset({"that", "had", "is", "do", "no", "ha", "bye", "so", "very", "knock", "tut", "wow", "yo", "yes"}),
    "de": frozenset({"die", "der", "das", "den", "dem", "des", "sie", "so"}),
    "fr": frozenset({"nous", "vous", "si", "le", "la", "les"}),
    "nl": frozenset({"die", "dat"}),
    "es": frozenset({"que", "no"}),
    "it": frozenset({"che"}),
    "pt": frozenset({"que"}),
    "sq": frozenset({"të"}),  # "shkelje të të dhënave": linking article + "të dhëna"
}

#: languages where reduplication is a word-formation process: only the grammatical
#: words listed here are errors when doubled ("lại lại", "giữa giữa", "yang yang")
REDUPLICATING: dict[str, frozenset[str]] = {
    # not "để": "triệt để để …" (thoroughly, in order to) and "để để lại" (in order to leave) are grammar
    "vi": frozenset(
        "lại giữa của và các những là được cho với trong này đó đã sẽ bị một có không khi "
        "thì mà nếu hoặc hay vào ra lên xuống tại theo về bởi trên dưới sau trước tất cả "
        "tệp tập tin thư mục bạn hãy đang vẫn cũng nên phải".split()
    ),
    "id": frozenset("yang dan di ke dari untuk dengan ini itu pada akan tidak adalah atau".split()),
    "ms": frozenset("yang dan di ke dari untuk dengan ini itu pada akan tidak adalah atau".split()),
    "tl": frozenset("ang ng sa at na ay mga".split()),
}
#: Vietnamese compounds whose last syllable is one of the words above: "thiết bị bị khóa"
#: is device + is locked, "hiện tại tại đây" now + here, not a word typed twice
COMPOUNDS: dict[str, frozenset[str]] = {
    "vi": frozenset({
        "thiết bị", "chuẩn bị", "trang bị", "dự bị", "hiện tại", "tồn tại", "thực tại", "bên trên", "phía trên",
        "bên dưới", "phía dưới", "phía sau", "phía trước", "bên trong", "trở nên", "thông tin", "danh mục",
        "bên phải", "ngày mai", "cho nên", "vì vậy", "đi ra", "bởi vì",
        # a verb and its "được" (reachable, received, found) before the passive "được":
        # "các sân bay đến được được liệt kê trước" (the reachable airfields are listed first)
        "đến được", "nhận được", "có được", "đạt được", "tìm được", "thấy được", "biết được", "lấy được",
        "đọc được", "ghi được", "mở được", "xem được", "dùng được", "làm được", "chạy được", "truy cập được",
    }),
}
#: Vietnamese directional complements: a verb takes one to form a compound ("dẫn vào" lead in,
#: "đưa ra" put out), and each is also the preposition that may follow ("vào dòng" onto lines)
DIRECTIONALS: dict[str, frozenset[str]] = {
    "vi": frozenset("vào ra lên xuống lại về qua sang".split()),
}
#: scripts without spaces between words: only Latin words are compared there
_NO_SPACES = frozenset({"zh", "ja", "th", "lo", "km", "my", "yue"})


class DoubledWords(Check):
    """A word written twice in a row in the target."""

    name = "doubled-words"
    rules = (
        Rule("DUP001", "doubled-word", Severity.MINOR, "Linguistic conventions/Grammar",
             "The same word appears twice in a row in the target (\"the the\")."),
    )
    options = (
        Option("allow", [], "More words that may be doubled (any language), e.g. names such as 'Bora'.", type="array"),
    )

    def check_unit(self, unit, ctx):
        if not translated(unit):
            return
        text = unit.target.text
        masked = _side_by_side(text, "c-format" in unit.flags)
        if masked is None:
            return  # no word comes twice in a row (Vietnamese repeats syllables, seldom side by side)
        lang = primary(ctx.target_lang) or guess_language(text)
        allowed = ALLOWED.get(lang, frozenset()) | {w.lower() for w in self.settings["allow"]}
        only = REDUPLICATING.get(lang)
        source = " ".join(unit.source.text.lower().split())
        compounds = COMPOUNDS.get(lang, frozenset())
        words = list(_WORD.finditer(masked))
        run_end = -1  # a run of one word ("có có có có") is one finding, spanning the run
        for index, (before, after) in enumerate(zip(words, words[1:])):
            a, b = before.group(), after.group()
            if a.lower() != b.lower() or before.start() < run_end:
                continue
            gap = masked[before.end():after.start()]
            if not gap or gap.strip(" \t\u00a0") != "":
                continue
            word = a.lower()
            if lang in _NO_SPACES and not a.isascii():
                continue
            if only is not None and word not in only:
                continue
            if word in allowed:
                continue
            if text[after.end():after.end() + 1] == "<" and len(a) == 1:
                continue  # POD or Texinfo markup: B<xz> B<--force>, E<lt>E<lt>
            if text[after.end():after.end() + 1] == "." and text[after.end() + 1:after.end() + 2].isalnum():
                continue  # the second begins a dotted name: "your bucket bucket.example.com"
            pair = f"{word} {word}"
            if pair in source:
                continue  # the source doubles it too: a name ("Bora Bora"), a quotation
            if index and f"{words[index - 1].group().lower()} {word}" in compounds \
                    and masked[words[index - 1].end():before.start()].strip(" \t\u00a0") == "":
                continue  # the first one ends a compound: "thiết bị | bị khóa"
            if _named_compound(words, index, masked, DIRECTIONALS.get(lang, frozenset())):
                continue  # "Bật thêm Dẫn vào | vào dòng": the name of the lead-in, then "to"
            last = index + 1
            while last + 1 < len(words) and words[last + 1].group().lower() == word \
                    and masked[words[last].end():words[last + 1].start()].strip(" \t\u00a0") == "" \
                    and masked[words[last].end():words[last + 1].start()]:
                last += 1
            run_end = words[last].end()
            times = last - index + 1
            what = "doubled" if times == 2 else f"written {times} times in a row"
            yield ctx.finding(
                "DUP001",
                f"The word {quote(a)} is {what} in {quote(text[max(0, before.start() - 15):run_end + 15])}: "
                f"{'delete one' if times == 2 else 'keep one'}.",
                target=Span(before.start(), run_end),
                suggestion=a,
                data={"word": a},
            )


@lru_cache(maxsize=16384)
def _side_by_side(text: str, c_format: bool) -> str | None:
    """`text` with placeholders and code masked as '#' (so that "dans %s dans" is no
    doubled word), or None when no word of it comes twice in a row. Kept per text: a
    file that repeats a target (a template's sentences) asks once."""
    spans = protected_spans_shared(text, c_format=c_format)
    masked = mask(text, spans, fill="#") if spans else text
    if "\u03a3" in masked or "\u0130" in masked:
        lowered = list(map(str.lower, _WORD.findall(masked)))
    else:
        # the text lowered once, then its words: the words lowered one by one. The same
        # words (a test checks every code point): `str.lower` gives one character of the
        # same kind for `_WORD` (a letter, a joiner or neither) whatever stands around it,
        # but for U+0130 (İ: two characters) and U+03A3 (Σ: ς at a word's end), left to
        # the word-by-word path
        lowered = _WORD.findall(masked.lower())
    return masked if any(map(str.__eq__, lowered, lowered[1:])) else None


def _named_compound(words, index: int, masked: str, directionals: frozenset[str]) -> bool:
    """words[index] is a directional complement that ends a verb compound written as a name
    inside a sentence ("Bật thêm Dẫn vào vào dòng": the verb is capitalized though a word of
    the same sentence comes before it, so "Dẫn vào" is a term, the lead-in), and the double
    is the preposition after the term. A lower-case compound ("quay lại lại") is a slip, and a
    capital at the sentence's start ("Dẫn vào vào") says nothing, so both still count."""
    if words[index].group().lower() not in directionals or index < 2:
        return False
    verb, before = words[index - 1], words[index - 2]
    spaces = " \t\u00a0"
    return (verb.group()[0].isupper() and not verb.group().isupper() and words[index].group().islower()
            and masked[verb.end():words[index].start()].strip(spaces) == ""
            and masked[before.end():verb.start()].strip(spaces) == "" and before.group()[0].islower())


@hookimpl
def tqa_register_checks():
    return [DoubledWords]
