"""Command-line options (`--output`, `-v`) named in the source must reach the target
spelled exactly so: the user types them, and a program does not know a translated or
misspelt option."""

from __future__ import annotations

import re
import unicodedata

from qa_core import Check, Rule, Severity, Span, hookimpl

from tqa_plugins.everyday.common import quote, translated

#: a long option: two dashes, then a word (any script, so that a translated name is seen)
#: (not a decoration such as the pager's "--More--")
_LONG = re.compile(r"(?<![\w\-%$\\])--(?=[^\W\d_])\w+(?:-\w+)*(?![\w-])")
#: a short option: one dash and one ASCII letter, standing alone ("-m", "-D<octal>", "-c/-C")
_SHORT = re.compile(r"(?<![\w\-%$\\^])-[A-Za-z](?![\w\-])")


#: what closes a dash-framed status line ("--No lines in buffer--"): a word, then two dashes
_FRAME_END = re.compile(r"[^\W_]--(?![\w-])")


def options(text: str) -> list[tuple[str, int, int]]:
    """(option, start, end) for every long and short option of the text."""
    found = [(m.group(), m.start(), m.end()) for m in _LONG.finditer(text)
             if not _FRAME_END.search(text, m.end(), _line_end(text, m.end()))]
    found += [(m.group(), m.start(), m.end()) for m in _SHORT.finditer(text)]
    return sorted(found, key=lambda item: item[1])


def _line_end(text: str, at: int) -> int:
    end = text.find("\n", at)
    return len(text) if end < 0 else end


def _names_letter(option: str, target: str) -> bool:
    """A short option the target writes as one accented letter: the input-method notation
    "-D" (D with stroke) shown as "Đ", not a flag (the letter's Unicode name is the option's
    letter WITH something), standing alone as a word."""
    letter = option[1]
    for ch in set(re.findall(r"(?<!\w)\w(?!\w)", target)):
        if ord(ch) > 127 and ch.isalpha():
            name = unicodedata.name(ch, "")
            if re.match(r"LATIN (CAPITAL|SMALL) LETTER " + letter.upper() + r" WITH ", name) and \
                    (ch.isupper() == letter.isupper()):
                return True
    return False


def _similar(a: str, b: str) -> bool:
    """Two option names close enough to be one changed into the other."""
    if a.startswith("--") != b.startswith("--"):
        return a.lstrip("-") == b.lstrip("-")  # --c for -c
    if not a.startswith("--"):
        return True  # one short option for another: -b for -m
    from difflib import SequenceMatcher

    return SequenceMatcher(None, a[2:], b[2:]).ratio() >= 0.6  # misspelt: --patch-format for --path-format


class CommandOptions(Check):
    """Command-line options of the source missing from the target, or changed in it."""

    name = "command-options"
    rules = (
        Rule("CHK001", "option-name-changed", Severity.MAJOR, "Accuracy/Do not translate",
             "A command-line option of the source (--output, -v) is missing from the target, changed, or glued "
             "to the word before it."),
    )

    def check_unit(self, unit, ctx):
        if not translated(unit):
            return
        source, target = unit.source.text, unit.target.text
        if "-" not in source:
            return
        src = options(source)
        if not src:
            return
        tgt = options(target)
        have = {o for o, _, _ in tgt}
        wanted = {o for o, _, _ in src}
        spare = [t for t in tgt if t[0] not in wanted]
        reported = set()
        for option, start, end in src:
            if option in have or option in reported:
                continue
            reported.add(option)
            if not option.startswith("--") and _names_letter(option, target):
                continue
            glued = re.search(r"(?<=[^\W\d_])" + re.escape(option) + r"(?![\w-])", target)
            if glued:
                yield ctx.finding(
                    "CHK001",
                    f"The option '{option}' is glued to the word before it in the target: put a space before it.",
                    source=Span(start, end), target=Span(glued.start(), glued.end()), suggestion=" " + option,
                    data={"kind": "glued", "option": option},
                )
                continue
            partner = next((t for t in spare if _similar(option, t[0])), None)
            if partner is None and option.startswith("--"):
                one_dash = re.search(r"(?<![\w-])" + re.escape(option[1:]) + r"(?![\w-])", target)
                if one_dash:  # -long for --long
                    partner = (one_dash.group(), one_dash.start(), one_dash.end())
                else:  # the only other long option of the target: a translated name, --báo for --report
                    longs = [t for t in spare if t[0].startswith("--")]
                    missing = [o for o in wanted - have if o.startswith("--")]
                    partner = longs[0] if len(longs) == 1 and len(missing) == 1 else None
            if partner is not None and partner in spare:
                spare.remove(partner)
            if partner is not None:
                yield ctx.finding(
                    "CHK001",
                    f"The option '{option}' of the source became '{partner[0]}' in the target: options are typed "
                    f"as they are, keep '{option}'.",
                    source=Span(start, end), target=Span(partner[1], partner[2]), suggestion=option,
                    data={"kind": "changed", "option": option, "target": partner[0]},
                )
                continue
            yield ctx.finding(
                "CHK001",
                f"The option '{option}' of the source is missing from the target {quote(target)}.",
                source=Span(start, end), target=Span(0, len(target)),
                data={"kind": "missing", "option": option},
            )


@hookimpl
def tqa_register_checks():
    return [CommandOptions]
