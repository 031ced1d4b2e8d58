"""The punctuation checks' shortcuts give what the longer forms they replace gave: every
string of a few characters over alphabets chosen to reach each pattern's edges."""

from __future__ import annotations

import itertools
import re

from plugins.everyday import punctuation as pun

# the forms before the shortcuts, written out here
_HOTKEY_LETTER = re.compile(r"(?:(?<=\s)|^)([^\W\d_])\)(?=[^\W\d_])")
_PATH_DOTS = r"(?:^|[\s/])\.\.$"


def _old_unsmiled(text: str) -> str:
    if ":" in text or ";" in text or "=" in text or "^" in text:
        text = pun._SMILEY.sub(lambda m: " " * len(m.group()), text)
    if ")" in text:
        text = pun._LIST_MARKER.sub(lambda m: " " * len(m.group()), text)
        text = _HOTKEY_LETTER.sub(lambda m: m.group(1) + " ", text)
    return text


def _old_bracket_problem(text: str):
    stack: list[tuple[str, int]] = []
    for i, ch in enumerate(text):
        ch = pun._FULLWIDTH_BRACKET.get(ch, ch)
        if ch in pun._BRACKETS:
            stack.append((ch, i))
        elif ch in pun._BRACKETS.values():
            if not stack or pun._BRACKETS[stack[-1][0]] != ch:
                return i, text[i], "closes nothing" if not stack else f"closes '{text[stack[-1][1]]}'"
            stack.pop()
    if stack:
        ch, i = stack[-1]
        return i, text[i], "is never closed"
    return None


def _old_not_sentence_end(source: str, target: str, tgt_class) -> bool:
    if re.fullmatch(r"\S{1,8}\.", source.strip()) or pun._ABBREVIATED_LABEL.fullmatch(source.strip()):
        return True
    if pun._ABBREVIATION_END.search(source.rstrip(pun._CLOSERS)) and not re.search(r"[.!?]\s", source.strip()) \
            and not target.rstrip(pun._CLOSERS).endswith("."):
        return True
    if pun._SHORT_LABEL_END.match(pun._INNER_ABBREVIATION.sub(r"\1", source.strip())) and \
            not target.rstrip(pun._CLOSERS).endswith("."):
        return True
    return tgt_class is None and pun._relaid_as_list(source, target)


def _strings(alphabet: str, longest: int):
    for size in range(longest + 1):
        for chars in itertools.product(alphabet, repeat=size):
            yield "".join(chars)


def test_unsmiled_blanks_what_the_two_patterns_blanked():
    # letters of two scripts, a digit, "_", a roman numeral, spaces, a line break, brackets
    for text in _strings("aé1_i \t\n)(", 5):
        assert pun._unsmiled(text) == _old_unsmiled(text), repr(text)
    for text in ("D)elete", "Đánh d)ấu", "(s)he", "1) một\n2) hai\n  b) ba", "a)b c)d", ":) x)y", "\tx)y"):
        assert pun._unsmiled(text) == _old_unsmiled(text), repr(text)


def test_bracket_problem_is_the_stack_walk():
    for text in _strings("()[]{}（）】x", 5):
        assert pun._bracket_problem(text) == _old_bracket_problem(text), repr(text)


def test_period_decision_is_the_four_patterns():
    words = ["Max.", "Std.", "Dev.", "temp.", "Inc.", "et al.", "v.v.", "sec.", "a", "Find", "x.", "A"]
    seps = [" ", "\t", "\u00a0", ". "]
    sources = {w for w in words}
    for a, b in itertools.product(words, repeat=2):
        for sep in seps:
            sources.add(a + sep + b)
            for c in ("Max.", "cal.", "Ltd."):
                sources.add(a + sep + b + " " + c)
    sources |= {s + tail for s in list(sources) for tail in ('"', ")", " ", "\n", "..")}
    sources |= {"Abbrev.", "by Bram Moolenaar et al.", "Begin of Paragr.", "xInc.", "123456789.", "1234567890.",
                "Example Ltd.\u201d", "\u2022 a\n\u2022 b."}
    for source in sources:
        for target in ("Tối đa", "Tối đa.", "• một\n• hai", "x)."):
            for tgt_class in (None, "period"):
                assert pun._period_not_sentence_end(source, target, tgt_class) == \
                    _old_not_sentence_end(source, target, tgt_class), (source, target, tgt_class)


def test_path_dots_only_where_the_text_ends_with_two_dots():
    for text in _strings("./ a\t", 5):
        stripped = text.rstrip(pun._CLOSERS)
        if stripped and not stripped.endswith("...") and re.search(_PATH_DOTS, stripped):
            assert stripped.endswith(".."), repr(text)
