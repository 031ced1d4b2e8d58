"""Punctuation, locale-aware: end punctuation kept or converted to the target script's
form, spacing before ; : ! ? as the target locale writes it, brackets and quotation
marks balanced (any CLDR quotation delimiters; straight to curly is no error)."""

from __future__ import annotations

import re

from qa_core import Check, Option, Rule, Severity, Span, hookimpl

from tqa_plugins.everyday.accelerators import SYMBOL_HOT_KEY, label_marker
from tqa_plugins.everyday.common import c_format, mask, primary, protected_spans, prose, quote, shown_alone, translated

#: classes of end punctuation and every script's form of each (CLDR and Unicode data)
END_CLASSES: dict[str, str] = {
    "period": ".。．।॥۔።။၊។։",
    "question": "?？؟;;՞",
    "exclamation": "!！՜",
    "colon": ":：",
    "ellipsis": "…⋯",
}
_QUOTED = set("\"'“”‘’«»「」`")
#: a file that drops the full stop in more than this share of its sentences does so on purpose
#: a label of at most three words whose last is a capitalised word of four letters or fewer:
#: its period is the abbreviation's ("Find Max.", "Prev. Sim.", "Std. Dev."), not a sentence's end
_ABBREVIATED_LABEL = re.compile(r"(?:\S+\s+){1,2}[A-Z][a-z]{0,3}\.")
_CONVENTION = 0.3
#: a developer note saying the string is a sample the translator replaces with one of the
#: language's own ("this is an example album name ... this should be replaced with the name
#: of an album by that artist"): its punctuation is the sample's, not the source's
_REPLACE_NOTE = re.compile(r"\bexample\b.*\b(?:should|may|can) be (?:replaced|changed|localised|localized)\b"
                           r"|\breplace (?:it|this) with\b", re.IGNORECASE | re.DOTALL)
#: "et cetera" written as an abbreviation, the words a list's trailing "..." may become
#: ("tên hàm, biến v.v.", "etc.", "usw.", "и т. д."): the list's open end, kept
_ETCETERA = re.compile(r"(?:\betc|\bv\.\s?v|\bvv|\busw|\bu\.\s?s\.\s?w|\bи\s+т\.\s?д|\bitd|\becc|\bensv|\bosv|\bjne|\bstb)\.$",
                       re.IGNORECASE)
#: a closing tag at the end of a text: `…không?</b>`; or a line break element: `Mục:<br>`
_TRAILING_CLOSE_TAG = re.compile(r"(?:</([A-Za-z][\w.:-]*)>|<(br)\s*/?>)\s*$", re.IGNORECASE)
#: a one-sentence source ending in an abbreviation whose period is the abbreviation's
#: ("by Bram Moolenaar et al.", "Example Ltd.", a unit: "2 sec.", "in pts."): a
#: translation in words ends without it
_ABBREVIATION_END = re.compile(r"\b(?:et al|Inc|Ltd|Corp|Co|m?secs?|mins?|hrs?|pts?|approx)\.$")
#: a short label (up to four words, capitalised) ending in a shortened word (`Max. temp.`,
#: `Start alt.`, `ASI cal.`, `Begin of Paragr.`: instruments', editors' and status lines'
#: abbreviations): the period is the abbreviation's, and the label's other abbreviations'
#: periods do not make it two sentences
_SHORT_LABEL_END = re.compile(r"^[A-Z]\S*(?:\s+\S+){0,2}?\s+(?i:alt|avg|cal|calc|ref|rem|temp|max|dist|est|vol|freq|incl"
                              r"|excl|misc|deg|elev|req|tot|spd|hdg|corr|std|abbr|para|paragr|num|qty|accel|vert|horiz)\.$")
_INNER_ABBREVIATION = re.compile(r"\b(\w{1,4})\.(?=\s)")  # "Max. ", "min. ": a short word's period
_CLASS_OF = {ch: name for name, chars in END_CLASSES.items() for ch in chars}
#: what may follow a text's end mark: closing quotes and brackets, emphasis marks, and a
#: bullet a translator frames a message with (`• Không tìm thấy chữ ký. •`)
_CLOSERS = " \t\n\u00a0\u202f\"'”’»›」』)]}）】〕］｝*_•"
#: languages whose writing needs no sentence-final full stop (Thai, Lao), where a "." may go
_NO_FULL_STOP = frozenset({"th", "lo"})
#: languages that put the question or exclamation mark inside the sentence (Armenian)
_INNER_MARKS = frozenset({"hy"})
#: where ";" is the question mark
_GREEK_QUESTION = frozenset({"el"})
_SPACE_BEFORE = re.compile(r"(?P<space>[ \u00a0\u202f]+)(?P<mark>[;:!?])(?=[\s\"'”’»)\]]|$)")
_NO_SPACE_BEFORE = re.compile(r"(?<=[^\W_]|[\"'”’»)\]])(?P<mark>[;:!?])(?=[\s\"'”’«»)\]]|$)")
#: marks that take a space before them in French; Swiss French spaces only ':', Canadian French ':' too
_FRENCH_MARKS = {"fr": ";:!?", "fr-ca": ":", "fr-ch": ":"}
#: an emoticon standing alone (`:)`, `;)`, `:-)`, `:(`), not a colon or semicolon with a space before it
_SMILEY = re.compile(r"[:;]-?[)(\]\[](?=\s|$)")

_BRACKETS = {"(": ")", "[": "]", "{": "}"}
_FULLWIDTH = str.maketrans({"（": "(", "）": ")", "［": "[", "］": "]", "｛": "{", "｝": "}", "【": "[", "】": "]", "〔": "(", "〕": ")"})
_FULLWIDTH_BRACKET = {chr(k): v for k, v in _FULLWIDTH.items()}
_BRACKET_CHAR = re.compile("[()\\[\\]{}" + "".join(_FULLWIDTH_BRACKET) + "]")
_SMILEY = re.compile(r"(?:(?<=\s)|^)[:;=]-?[()DPp](?=\s|$)|\^_\^")
#: the ')' after a word's first letter, inside the word: a hot key marked as Lynx does
#: (`D)elete`, `Đánh d)ấu`), no bracket; "(s)he" keeps its pair. Led by the bracket, the
#: letter and what stands before it looked back at, so the engine skips from ")" to ")"
#: (`(?:(?<=\s)|^)([^\W\d_])\)(?=[^\W\d_])` with the letter kept blanks the same brackets)
_HOTKEY_BRACKET = re.compile(r"\)(?<=(?<!\S)[^\W\d_]\))(?=[^\W\d_])")
_LIST_MARKER = re.compile(r"(?:^|(?<=\n)|(?<=\n[ \t])|(?<=\n[ \t]{2}))(?:[0-9]{1,2}|[a-zA-Z]|[ivxIVX]{1,4})\)")


_PATH_DOTS = re.compile(r"(?:^|[\s/])\.\.$")


def _end(text: str, lang: str | None = None) -> tuple[str | None, int]:
    """The class of the end punctuation of `text` (in language `lang`) and its offset, past
    closing quotes and brackets. ';' ends a question in Greek only: elsewhere it separates
    (a desktop file's `boot;restart;`) or ends a character reference (`&amp;`)."""
    stripped = text.rstrip(_CLOSERS)
    if not stripped:
        return None, 0
    if stripped.endswith("...") or stripped.endswith("。。。"):
        if stripped[-4:-3] in _QUOTED and text[len(stripped):len(stripped) + 1] in _QUOTED:
            return None, 0  # a quoted ellipsis ("must use the ellipsis `...'"): syntax, no sentence end
        return "ellipsis", len(stripped) - 3
    if stripped.endswith("..") and _PATH_DOTS.search(stripped):
        return None, 0  # a path: "in ..", "../"
    if (stripped[-2:-1] in _QUOTED and text[len(stripped):len(stripped) + 1] in _QUOTED
            and not stripped[-3:-2].isalnum()):
        return None, 0  # a quoted mark ('trailing "!"'): no sentence end; after a word the quote closes it ('"Save"."')
    last = stripped[-1]
    if last == ";" and lang not in _GREEK_QUESTION:
        return None, 0
    return _CLASS_OF.get(last), len(stripped) - 1


class EndPunctuation(Check):
    """The sentence-final punctuation of the source must be kept, in the target script's form."""

    name = "end-punctuation"
    rules = (
        Rule("PUN001", "end-punctuation-mismatch", Severity.MINOR, "Linguistic conventions/Punctuation",
             "The source ends with . ? ! : or … and the target ends with none or another kind."),
        Rule("PUN002", "inverted-mark-missing", Severity.MINOR, "Linguistic conventions/Punctuation",
             "A Spanish question or exclamation lacks its opening ¿ or ¡."),
        Rule("PUN006", "trailing-ellipsis-dropped", Severity.MINOR, "Linguistic conventions/Punctuation",
             "The source ends with an ellipsis (a menu item that opens a dialog, a progress message) "
             "and the target ends with no end punctuation.",
             profiles=("document",)),  # off on software strings: docs/precision.md, "Checking profiles"
    )
    options = (
        Option("period", True, "Report a dropped full stop (labels often drop it on purpose: set false to compare "
               "only ? ! : and …)."),
    )

    def __init__(self, settings=None) -> None:
        super().__init__(settings)
        self._periods = 0  # units whose source ends with a full stop
        self._dropped: list = []  # PUN001 findings of a dropped full stop, held for check_document

    def check_document(self, document, ctx):
        """A file that drops the full stop in most units follows a convention of its own
        (labels without stops): those findings would all be noise. Other marks always count."""
        if self._dropped and not (len(self._dropped) >= 5 and len(self._dropped) > _CONVENTION * self._periods):
            yield from self._dropped

    def check_unit(self, unit, ctx):
        if not translated(unit):
            return
        source, target = unit.source.text, unit.target.text
        if unit.notes and any(_REPLACE_NOTE.search(note.text) for note in unit.notes):
            return  # a sample the developer asks to replace (rhythmbox's example album title "Help!")
        lang = primary(ctx.target_lang)
        src_class, _ = _end(source, primary(ctx.source_lang))
        target = _unwrapped(target, source)
        tgt_class, tgt_at = _end(target, lang)
        if src_class == "period" and _period_not_sentence_end(source, target, tgt_class):
            src_class = None
        if src_class == "period":
            self._periods += 1
        if src_class and src_class != tgt_class and not self._converted(src_class, tgt_class, target, lang):
            src_mark = "..." if source.rstrip(_CLOSERS).endswith("...") else source.rstrip(_CLOSERS)[-1:]
            end = len(target.rstrip(_CLOSERS))
            span = Span(tgt_at, tgt_at + 1) if tgt_class else Span(max(0, end - 1), end)
            found = f"'{target[span.start:span.end]}'" if tgt_class else "no end punctuation"
            # an ellipsis dropped outright is a rule of its own, off on software strings: a UI
            # convention ("Open…" for a menu item that opens a dialog) that rarely matters there
            rule = "PUN006" if src_class == "ellipsis" and tgt_class is None else "PUN001"
            finding = ctx.finding(
                rule,
                f"The source ends with '{src_mark}' ({src_class}) but the target ends with {found}: "
                f"{quote(target[-40:])}.",
                target=span,
                data={"source": src_class, "target": tgt_class},
            )
            if src_class == "period" and tgt_class is None:
                self._dropped.append(finding)
            else:
                yield finding
        if lang in ("es", "gl", "ast") and tgt_class in ("question", "exclamation"):
            opener = "¿" if tgt_class == "question" else "¡"
            sentence = re.split(r"(?<=[.!?:])\s+|\n", target.rstrip(_CLOSERS))[-1]
            if opener not in sentence and ("¿" in source or "¡" in source or source.rstrip(_CLOSERS)[-1:] in "?!"):
                start = len(target.rstrip(_CLOSERS)) - len(sentence)
                yield ctx.finding(
                    "PUN002",
                    f"The {'question' if opener == '¿' else 'exclamation'} {quote(sentence)} has no opening "
                    f"'{opener}'.",
                    target=Span(start, start + len(sentence)),
                    suggestion=opener + sentence,
                )

    def _converted(self, src_class, tgt_class, target, lang) -> bool:
        """Conversions that are right: no full stop in Thai, '!' softened to '.', … for '.'."""
        if src_class == "period":
            if not self.settings["period"]:
                return True
            if lang in _NO_FULL_STOP:
                return True
            if tgt_class is not None:
                return True  # '.' -> '!' or '…' or ':' is the translator's choice of sentence type
            return False
        if lang in _INNER_MARKS and src_class in ("question", "exclamation"):
            return True
        if src_class == "exclamation" and tgt_class == "period":
            return True  # many languages tone down the exclamation of interfaces
        if src_class == "ellipsis" and tgt_class == "period" and (
                target.rstrip(_CLOSERS).endswith("...") or _ETCETERA.search(target.rstrip(_CLOSERS))):
            return True  # '...' for '.' typed as dots, or a list's open end written "etc."
        if src_class == "question" and lang in _GREEK_QUESTION and target.rstrip(_CLOSERS).endswith(";"):
            return True
        return False


class PunctuationSpacing(Check):
    """Spacing before ; : ! ? as the target locale writes it: French puts a (narrow)
    no-break space there; English, Vietnamese, German and most others none."""

    name = "punctuation-spacing"
    rules = (
        Rule("PUN003", "space-before-punctuation", Severity.MINOR, "Locale convention",
             "A space before ; : ! ? where the target locale writes none, or none where French needs one."),
    )

    def check_unit(self, unit, ctx):
        if not translated(unit):
            return
        target = unit.target.text
        if ";" not in target and ":" not in target and "!" not in target and "?" not in target:
            return  # both patterns end in one of these marks, and masking adds none
        lang = (ctx.target_lang or "").replace("_", "-").lower()
        cf = c_format(unit)
        text = mask(target, protected_spans(target, c_format=cf), fill="_")
        source = unit.source.text
        french = _FRENCH_MARKS.get(lang) if lang in _FRENCH_MARKS else (_FRENCH_MARKS["fr"] if primary(lang) == "fr" else None)
        if french is not None:
            for m in _NO_SPACE_BEFORE.finditer(text):
                mark = m.group("mark")
                if mark not in french or _technical(text, m.start()):
                    continue
                token = (target[:m.end()].split() or [mark])[-1].lstrip("\"'“«([")
                if token in source:
                    continue  # a program's prefix or a key copied from the source: "git checkout:", "From:"
                yield ctx.finding(
                    "PUN003",
                    f"French puts a no-break space before '{mark}': {quote(target[max(0, m.start() - 20):m.end() + 5])}.",
                    target=Span(m.start(), m.end()),
                    suggestion="\u202f" + mark,
                    data={"expected": "space"},
                )
            return
        if primary(lang) in ("", "br"):
            return
        for m in _SPACE_BEFORE.finditer(text):
            mark = m.group("mark")
            if m.start() == 0 or text[m.start() - 1] == "\n":
                continue
            if re.search(r"[ \u00a0\u202f]" + re.escape(mark), source):
                continue  # the source spaces it too (a command line, a quotation)
            if shown_alone(text, m.start("mark"), m.end("mark")):
                continue  # the character named between quotes: "Colon « : »"
            if mark in ":;" and _SMILEY.match(text, m.start("mark")):
                continue  # a smiley the translator adds after a sentence: "… văn bản. :)"
            yield ctx.finding(
                "PUN003",
                f"No space before '{mark}' in this language: {quote(target[max(0, m.start() - 20):m.end() + 5])}.",
                target=Span(m.start(), m.end()),
                suggestion=mark,
                data={"expected": "none"},
            )


_ONE_ABBREVIATED_WORD = re.compile(r"\S{1,8}\.")
_SENTENCE_INSIDE = re.compile(r"[.!?]\s")
_ASCII_CAPITALS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ")


def _period_not_sentence_end(source: str, target: str, tgt_class: str | None) -> bool:
    """Whether the full stop that ends `source` is an abbreviation's or a list's, not a
    sentence's: the target need not keep it.

    Each pattern is tried only where it could match: every one ends with a "." (a full
    stop in another script's form matches none; only the abbreviation may stand before
    closing quotes); the one-word pattern needs at most nine characters; the labels are
    two to four words (`str.split` and the patterns' `\\s` split at the same characters);
    the short label starts with an ASCII capital (taking the inner periods away changes
    neither that nor the number of words); the abbreviations at the end are at most seven
    characters, and searched from there (`\\b` still sees the character before)."""
    stripped = source.strip()
    if stripped[-1:] == ".":
        if len(stripped) <= 9 and _ONE_ABBREVIATED_WORD.fullmatch(stripped):
            return True  # one abbreviated word: "Abbrev.", "Min."
        words = len(stripped.split(None, 4))
        if 2 <= words <= 3 and _ABBREVIATED_LABEL.fullmatch(stripped):
            return True  # a label ending in one: "Find Max.", "Std. Dev."
        if words <= 4 and stripped[:1] in _ASCII_CAPITALS \
                and _SHORT_LABEL_END.match(_INNER_ABBREVIATION.sub(r"\1", stripped)) \
                and not target.rstrip(_CLOSERS).endswith("."):
            return True  # "Max. temp.", "ASI cal.": a label's shortened word, spelt out by the target
    ended = source.rstrip(_CLOSERS)
    if ended[-1:] == "." and _ABBREVIATION_END.search(ended, max(0, len(ended) - 8)) \
            and not _SENTENCE_INSIDE.search(stripped) and not target.rstrip(_CLOSERS).endswith("."):
        return True  # "by Bram Moolenaar et al.": the abbreviation's period, the words need none
    # the sentence re-laid out as a list: its last item needs no period
    return tgt_class is None and _relaid_as_list(source, target)


#: a list item's start: a bullet (`• none`, ` * FILES_FIRST`, `- a`) or a short value and a dash
#: (`2 — thời gian còn lại`)
_LIST_ITEM = re.compile(r"\s*(?:[•*·‣◦–—-]\s|\S{1,24}\s+[—–]\s)")


def _relaid_as_list(source: str, target: str) -> bool:
    """Whether the target lays the source's sentence out as a list of more lines than the
    source has, ending in a list item (pidgin's `• owner … • none`, a setting's values one
    a line): the last item ends without the sentence's period."""
    source, target = source.rstrip(), target.rstrip()
    if target.count("\n") <= source.count("\n"):
        return False
    last = target.rsplit("\n", 1)[-1]
    return _LIST_ITEM.match(last) is not None and _LIST_ITEM.match(source.rsplit("\n", 1)[-1]) is None


def _unwrapped(target: str, source: str) -> str:
    """The target without closing tags at its end whose element the source does not have
    (`<b>…không?</b>` for a plain `…?`): the sentence ends inside the markup the target adds."""
    while ">" in target:  # (every closing or line-break tag ends with one)
        match = _TRAILING_CLOSE_TAG.search(target)
        if match is None or f"<{(match.group(1) or match.group(2)).lower()}" in source.lower():
            return target
        target = target[:match.start()]
    return target


def _technical(text: str, at: int) -> bool:
    """A mark inside a token (10:30, C:, key:value) is no punctuation."""
    before = text[max(0, at - 12):at].split()[-1:] or [""]
    return bool(re.search(r"[/=@\\.]|^\d+$|^[A-Z]$", before[0]))


class Balance(Check):
    """Brackets and quotation marks must open and close."""

    name = "brackets-quotes"
    rules = (
        Rule("PUN004", "unbalanced-brackets", Severity.MINOR, "Linguistic conventions/Punctuation",
             "A bracket ( [ { of the target is not closed, or closes nothing, where the source's are balanced."),
        Rule("PUN005", "unbalanced-quotes", Severity.MINOR, "Linguistic conventions/Punctuation",
             "The target's quotation marks do not pair up, where the source's do.",
             profiles=("document",)),  # off on software strings: pooled first-sight precision < 0.75 (docs/precision.md)
    )

    def check_unit(self, unit, ctx):
        if not translated(unit):
            return
        target_text = unit.target.text
        if _BRACKET_CHAR.search(target_text) is None and _QUOTE_CHAR.search(target_text) is None:
            return  # masking only takes characters away: no bracket can close nothing, no quote go unpaired
        cf = c_format(unit)
        target = _unsmiled(prose(target_text, c_format=cf))
        if "&" in target and (label_marker(unit.source.text) or ("",))[0] == "&":
            # a label's hot key on a bracket (mc's `Đóng hộp thoại &]` for `&Cancel`) is the
            # key pressed, no bracket
            target = _mask_hot_keys(target)
        # the source is read only when the target has something to report: both rules
        # report a target's problem that the source does not have
        source = None
        problem = _bracket_problem(target)
        if problem is not None:
            source = _unsmiled(prose(unit.source.text, c_format=cf))
            if _bracket_problem(source) is None:
                at, char, kind = problem
                yield ctx.finding(
                    "PUN004",
                    f"Bracket '{char}' {kind}: {quote(target_text[max(0, at - 25):at + 25])}.",
                    target=Span(at, at + 1),
                    data={"bracket": char, "kind": kind},
                )
        if primary(ctx.target_lang) in ("he", "yi"):
            target = re.sub(r'(?<=\w)"(?=\w)', " ", target)  # gershayim of abbreviations: דוא"ל
        if '"' in target and not _quotes_balanced(target):
            # `3.5"`: the inch mark, no quotation; only where the marks do not pair up as written
            # (a quoted number's closing quote, `"+2"`, `"Sans 10"`, is no inch mark)
            target = _INCH_MARK.sub(lambda m: m.group(1) + " ", target)
        if _quotes_balanced(target):
            return
        if source is None:
            source = _unsmiled(prose(unit.source.text, c_format=cf))
        continued = source.lstrip()[:1] in "'\"’”»"  # the unit continues a quotation opened in the previous one
        if "`" not in source and not continued and _quotes_balanced(source):
            marks = [i for i, ch in enumerate(target) if ch in _QUOTES]
            at = marks[-1] if marks else 0
            yield ctx.finding(
                "PUN005",
                f"The quotation marks of the target do not pair up: {quote(target_text[max(0, at - 30):at + 20])}.",
                target=Span(at, at + 1),
            )


def _unsmiled(text: str) -> str:
    if ":" in text or ";" in text or "=" in text or "^" in text:  # every smiley holds one
        text = _SMILEY.sub(lambda m: " " * len(m.group()), text)
    if ")" in text:  # every list marker ends with one; so does a hot-key letter (Lynx's `B)ookmark`, `d)ấu`)
        if "\n" in text:
            text = _LIST_MARKER.sub(lambda m: " " * len(m.group()), text)
        else:  # one line: a list marker can only start it
            marker = _LIST_MARKER.match(text)
            if marker is not None:
                text = " " * marker.end() + text[marker.end():]
        text = _HOTKEY_BRACKET.sub(" ", text)
    return text


def _mask_hot_keys(text: str) -> str:
    """The symbols marked as hot keys (`&]`, `&=`) blanked, the text's length kept."""
    for m in SYMBOL_HOT_KEY.finditer(text):
        text = text[:m.end()] + " " + text[m.end() + 1:]
    return text


def _bracket_problem(text: str) -> tuple[int, str, str] | None:
    found = _BRACKET_CHAR.findall(text)
    if not found:
        return None
    brackets = "".join(found)
    if brackets == "()":
        return None  # the commonest case
    # balanced (nested pairs taken away, innermost first, leave nothing): no problem
    brackets = brackets.translate(_FULLWIDTH)
    while True:
        fewer = brackets.replace("()", "").replace("[]", "").replace("{}", "")
        if fewer == brackets:
            break
        brackets = fewer
    if not brackets:
        return None
    return _first_bracket_problem(text)


def _first_bracket_problem(text: str) -> tuple[int, str, str] | None:
    stack: list[tuple[str, int]] = []
    for m in _BRACKET_CHAR.finditer(text):  # only the brackets: the rest of the text cannot matter
        i, ch = m.start(), m.group()
        ch = _FULLWIDTH_BRACKET.get(ch, ch)
        if ch in _BRACKETS:
            stack.append((ch, i))
        elif ch in _BRACKETS.values():
            if not stack or _BRACKETS[stack[-1][0]] != ch:
                return i, text[i], "closes nothing" if not stack else f"closes '{text[stack[-1][1]]}'"
            stack.pop()
    if stack:
        ch, i = stack[-1]
        return i, text[i], "is never closed"
    return None


#: double quotation marks of every CLDR locale: the curly and low-9 family pairs up in
#: locale-specific ways (“…” en/vi, „…“ de, „…” pl, ”…” sv), guillemets « » either way round
_QUOTES = set("\"“”„‟«»「」『』")


#: a straight double quote after a number that no quotation mark opens: the inch (or
#: arc-second) mark, `3.5" floppy`, `15"`; a quoted number (`"5"`) keeps its marks
_INCH_MARK = re.compile(r'(?<![\w.,"“”„])(\d+(?:[.,]\d+)?)"(?!\w)')
_QUOTE_CHAR = re.compile("[" + "".join(sorted(_QUOTES)) + "]")


def _quotes_balanced(text: str) -> bool:
    if _QUOTE_CHAR.search(text) is None:
        return True  # no quotation mark at all
    count = {ch: text.count(ch) for ch in _QUOTES}
    curly = count["\""] + count["“"] + count["”"] + count["„"] + count["‟"]
    return (
        curly % 2 == 0
        and count["«"] == count["»"]
        and count["「"] == count["」"]
        and count["『"] == count["』"]
    )


@hookimpl
def tqa_register_checks():
    return [EndPunctuation, PunctuationSpacing, Balance]
