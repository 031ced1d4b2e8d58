"""Capitals: a target that starts lowercase where the source starts uppercase (in
scripts with case), and product names, acronyms and identifiers written in another case."""

from __future__ import annotations

import re
from functools import lru_cache

from qa_core import Check, Rule, Severity, Span, hookimpl

from tqa_plugins.everyday.common import c_format, prose, quote, standalone, translated

_FIRST_LETTER = re.compile(r"[^\W\d_]")
_TOKEN = re.compile(r"(?<![\w-])(?:[A-Z]{2,}[0-9]*s?|[A-Za-z]*[a-z][A-Z][A-Za-z0-9]*|[A-Za-z]+[0-9]+[A-Za-z0-9]*|[0-9]+[A-Za-z]+[A-Za-z0-9]*)(?![\w-])")
_UNITS = re.compile(r"^[0-9]+(?:[kKMGT]?[bB]|px|pt|em|ms|s|h|m|d|x|st|nd|rd|th|[kMG]?Hz|fps|dpi|GiB|MiB|KiB|TiB|kB|p|i|k|K|M|G|D)$")


#: a later sentence of the target that starts with a capital
_LATER_SENTENCE = re.compile(r"[.!?]\s+[\"'“„«(]?([^\W\d_])")
#: CAP001 stays silent on a document where more than this share of capitalised sources
#: have a lowercase target: a convention of the file, not slips
_CONVENTION = 0.2


def _mostly_capitals(text: str) -> bool:
    if text.isascii():
        # an ASCII text's letters are A-Z and a-z, its capitals A-Z: counted by deleting
        # bytes (two C calls, ~10x faster than a test per character)
        letters = text.encode("ascii").translate(None, _ASCII_NOT_LETTERS)
        count = len(letters)
        return count >= 4 and count - len(letters.translate(None, _ASCII_CAPITALS)) > 0.6 * count
    letters = list(filter(str.isalpha, text))  # filter/map: the loop runs in C
    return len(letters) >= 4 and sum(map(str.isupper, letters)) > 0.6 * len(letters)


_ASCII_CAPITALS = bytes(range(ord("A"), ord("Z") + 1))
_ASCII_NOT_LETTERS = bytes(b for b in range(128) if not chr(b).isalpha())


class Capitals(Check):
    """Sentence-initial capitals and the case of names and identifiers."""

    name = "capitals"
    rules = (
        Rule("CAP001", "start-case-lowered", Severity.MINOR, "Linguistic conventions/Textual conventions",
             "The source starts with a capital letter and the target, in a script with case, with a small one.",
             default=False),
        Rule("CAP002", "token-case-changed", Severity.MINOR, "Linguistic conventions/Spelling",
             "An acronym, product name or identifier of the source (PDF, JavaScript, H264) is written in another "
             "case in the target.",
             profiles=("document",)),  # off on software strings: pooled first-sight precision < 0.75 (docs/precision.md)
    )

    def __init__(self, settings=None) -> None:
        super().__init__(settings)
        self._eligible = 0  # units whose source starts with a capital, in a cased target
        self._lowered: list = []  # CAP001 findings, held until the document shows its convention

    def check_document(self, document, ctx):
        """A file that starts most such targets lowercase follows a convention (German man
        pages describe options as "gibt … aus"): its CAP001 findings would all be noise."""
        if self._lowered and not (len(self._lowered) >= 5 and len(self._lowered) > _CONVENTION * self._eligible):
            yield from self._lowered

    def check_unit(self, unit, ctx):
        if not translated(unit):
            return
        cf = c_format(unit)
        source, target = unit.source.text, unit.target.text
        src, tgt = prose(source, c_format=cf), prose(target, c_format=cf)
        s_first, t_first = _FIRST_LETTER.search(src), _FIRST_LETTER.search(tgt)
        if s_first and t_first and s_first.group().isupper() and (t_first.group().isupper() or t_first.group().islower()):
            self._eligible += 1
        if s_first and t_first and s_first.group().isupper() and t_first.group().islower():
            word = re.match(r"[\w'’-]+", tgt[t_first.start():]).group()
            lead = target[:t_first.start()]
            if (not lead.strip(" \t\n\"'“‘«„‚¿¡([")  # only quotes or brackets before it, no placeholder
                    and not source[:s_first.start()].strip(" \t\n\"'“‘«„‚¿¡([")
                    and _cased(tgt)
                    and word.casefold() not in source.casefold()
                    and not any(ch.isupper() for ch in word[1:])  # iPhone, macOS, eBay
                    and not any(m.group(1).isupper() for m in _LATER_SENTENCE.finditer(tgt))):  # a style
                self._lowered.append(ctx.finding(
                    "CAP001",
                    f"The source starts with a capital ({quote(source[:30])}) but the target starts with "
                    f"{quote(word)}.",
                    target=Span(t_first.start(), t_first.start() + len(word)),
                    suggestion=word[0].upper() + word[1:],
                ))
        # a text mostly in capitals (a title, a warning) has no finding; the letter counts
        # that say so are made only for a token that would have one (most have none: the
        # target writes it as the source does, or not at all), once
        shouting = None
        seen = set()
        for m in _TOKEN.finditer(src):
            token = m.group()
            if token in seen or _UNITS.match(token) or len(token) < 2:
                continue
            seen.add(token)
            if token.islower() or token[:-1].islower():
                continue  # sha1, mp3, arm64: writing it in capitals is a fix, not a slip
            # (the plain `in` test first: most tokens are not in the target as written)
            if token in target and standalone(target, token, "-") >= 0:
                continue
            other = _any_case(token).search(target)
            if other is None:
                continue
            if shouting is None:
                shouting = _mostly_capitals(src) or _mostly_capitals(tgt)
            if shouting:
                return
            written = other.group()
            if written in source and standalone(source, written, "-") >= 0:
                continue  # the source writes it that way too ("for, while … FOR, WHILE")
            if token.isupper() and written.islower() and _sentence_word(token, source):
                continue
            if (written == token[0].lower() + token[1:] and not any(map(str.isupper, token[1:]))
                    and not src[:m.start()].strip(" \t\n\"'“‘«(")):
                continue  # "Bzip2 compressed file": the capital is the sentence's, the name is bzip2
            if token.upper() in _KEY_NAMES and written in (token.capitalize(), token.upper(), token.lower()):
                continue  # a key's name as its keycap or running text writes it: ESC / Esc, TAB / phím tab
            if token.upper() in _HEADER_NAMES and written == token.capitalize():
                continue  # a mail header's name as RFC 5322 spells it: CC / Cc, BCC / Bcc
            yield ctx.finding(
                "CAP002",
                f"'{token}' of the source is written '{written}' in the target.",
                source=Span(m.start(), m.end()),
                target=Span(other.start(), other.end()),
                suggestion=token,
                data={"source": token, "target": written},
            )


#: keys whose names are written in capitals or as on the keycap, both correct
_KEY_NAMES = frozenset("ESC CTRL ALT DEL INS TAB ENTER SHIFT HOME END SPACE BACKSPACE PGUP PGDN META SUPER CMD OPT FN PRTSC".split())
#: mail header fields a program names in capitals and the mail standard (RFC 5322) writes Cc, Bcc
_HEADER_NAMES = frozenset({"CC", "BCC"})


@lru_cache(maxsize=1024)
def _any_case(token: str) -> re.Pattern:
    """`token` standing alone, in any case (tokens repeat from unit to unit: "GNOME",
    "URL"; each compiled once, not looked up in `re`'s cache among every other pattern)."""
    return re.compile(r"(?<![\w-])" + re.escape(token) + r"(?![\w-])", re.IGNORECASE)


def _cased(text: str) -> bool:
    """Most letters of the text belong to a script with case (Latin, Greek, Cyrillic, Armenian…)."""
    letters = [ch for ch in text if ch.isalpha()]
    return bool(letters) and sum(ch.isupper() or ch.islower() for ch in letters) > 0.5 * len(letters)


def _sentence_word(token: str, source: str) -> bool:
    """A word in capitals for emphasis ("NOT", "ALL") rather than an acronym."""
    return token.lower() in _EMPHASIS


_EMPHASIS = frozenset({"not", "all", "no", "and", "or", "the", "must", "never", "only", "warning", "note", "yes", "ok"})


@hookimpl
def tqa_register_checks():
    return [Capitals]
