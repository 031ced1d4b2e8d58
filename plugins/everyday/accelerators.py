"""Keyboard accelerators (mnemonics): the underlined letter of a menu item or a button,
marked `_File` in GTK and `&File` in Qt/KDE. A label of the source that has one must
keep one in the target (on any letter), and a label without one must not gain one."""

from __future__ import annotations

import re
from dataclasses import replace

from qa_core import Check, Option, Rule, Severity, Span, hookimpl

from tqa_plugins.everyday.common import quote, translated

#: a GTK mnemonic: an underscore before a letter or digit, at a word start or inside a word
_GTK = re.compile(r"(?<!_)_(?=[^\W_])")
#: a Qt/KDE mnemonic: an ampersand before a letter, not a character reference (&amp;)
_QT = re.compile(r"(?<![&\w])&(?=[^\W\d_])(?![A-Za-z]+;|#\d+;)|(?<=[^\W\d_])&(?=[^\W\d_])(?![A-Za-z]+;)")
#: text in which an underscore or ampersand is code, not a mnemonic
_CODE = re.compile(r"<[^<>]*>|\[[^\[\]]*\]|%\([^)]*\)|\$\{[^}]*\}|\{[^{}]*\}|https?://\S+"
                   r"|[^\s\"'“”«»]*(?:[/=\\]|\w[.:]\w)[^\s\"'“”«»]*")
#: a file whose labels keep fewer accelerators than this (count, share) leaves them out by
#: convention: teams that drop mnemonics drop them all (Vietnamese gitk keeps none of
#: its 17); a file that keeps some (nautilus in 2012 kept 43 of 151, thunar
#: 52 of 218) uses them, and its translators later restored the ones it lost
_CONVENTION_KEPT = 3
_CONVENTION_SHARE = 0.05
#: above this share of dropped accelerators the message says how few the file keeps
_MOSTLY_DROPPED = 0.3
#: the markers a resource format can have (`resource:format` of a unit): WinForms .resx
#: and Java Swing .properties write `&File`; the others (JSON, YAML, ARB, Fluent, Android,
#: Apple) have none: a mnemonic there is the framework's business, never the text's
_RESOURCE_MARKERS = {"resx": "&", "properties": "&"}
#: what may not stand in a short label that gains an accelerator: placeholders, brackets
_LABEL = re.compile(r"[^\W\d_][\w '’-]*[.…:?!]*")


def label_marker(text: str) -> tuple[str, int] | None:
    """The accelerator marker of a label and its offset, or None. Only a text with a
    single marker counts; an identifier (`file_name`, `SUDOERS_BASE`), a markup or
    placeholder name, a path or a URL is not a label."""
    masked = _CODE.sub(lambda m: " " * len(m.group()), text)
    for kind, pattern in (("_", _GTK), ("&", _QT)):
        if text.count(kind) != 1 or masked.count(kind) != 1:
            continue
        found = pattern.search(masked)
        if found is None:
            continue
        at = found.start()
        # the text joined to the marker on each side (a marker at a word's start has none
        # on the left: "Do not _split words" is a label, "a check_policy method" is code)
        left, right = re.search(r"\S*\Z", masked[:at]).group(), re.match(r"\S*", masked[at + 1:]).group()
        if left and right and left.isupper() and right[:1].isupper():
            continue  # SUDOERS_BASE, AT&T, R&D
        if kind == "_" and left and left.isascii() and left.islower() and len(text.split()) == 1:
            continue  # a lone identifier: info_spew
        if kind == "_" and left[-1:].isalpha() and right[:1].isupper() and len(text.split()) == 1:
            continue  # a lone name joined by an underscore: the key names Alt_R, KP_Enter; Recorded_Audio
        if kind == "_" and left.isascii() and left.islower() and right.isascii() and right[:1].islower() \
                and (len(text.split()) > 4 or not any(ch.isupper() for ch in text)):
            continue  # snake_case in a message or a synopsis: "a check_policy method", "job_spec [&]";
            # a capitalised word is a label's ("Sa_me Location as Other Pane")
        if kind == "_" and (right.endswith(")") or "(" in right):
            continue  # a function: _run(), check_policy()
        return kind, at
    return None


def _joined_words(text: str, at: int) -> bool:
    """Whether the underscore at `at` joins two words of a one-token text (`trợ_giúp`,
    `Đếm_dòng:`): at least two letters on each side and no space anywhere."""
    token = text.strip().rstrip(".:…!?")
    if any(ch.isspace() for ch in token):
        return False
    left, right = re.search(r"[^\W\d_]*\Z", text[:at]).group(), re.match(r"[^\W\d_]*", text[at + 1:]).group()
    return len(left) >= 2 and len(right) >= 2


#: code in a target that would hide a marker: markup, placeholders, URLs (not words with a
#: slash, which labels have: "ho_a/thường")
_TARGET_CODE = re.compile(r"<[^<>]*>|%\([^)]*\)|\$\{[^}]*\}|\{[^{}]*\}|https?://\S+")


#: an ampersand marking a symbol at a word's start (mc's `Đồng ý &=`, `Ghi nhớ &+`): the
#: symbol is the hot key, pressed as it is; not `&&` (a literal ampersand) nor `&#…;`
SYMBOL_HOT_KEY = re.compile(r"(?<![&\w])&(?=[^\w\s&#;])")


def _code_masked(text: str) -> str:
    """The text with its markup, placeholders and URLs blanked, its length kept."""
    return _TARGET_CODE.sub(lambda m: " " * len(m.group()), text)


def _has_marker(masked: str, kind: str) -> bool:
    """Whether a `_code_masked` text marks an accelerator of this kind."""
    return bool((_GTK if kind == "_" else _QT).search(masked))


class Accelerators(Check):
    """A label's keyboard accelerator lost or added in the translation."""

    name = "accelerators"
    rules = (
        Rule("CHK002", "accelerator-mismatch", Severity.MINOR, "Design and markup/Markup tag",
             "The source label has a keyboard accelerator (_File, &File) and the target has none, or the "
             "target adds one the source does not have."),
    )

    options = (
        Option("report-added", True, "Also report an accelerator the target adds to a short label whose source has "
               "none (GTK 3 labels show a stray underscore; GTK 4 menus read it as a mnemonic)."),
    )

    def __init__(self, settings=None) -> None:
        super().__init__(settings)
        self._labels = 0  # units whose source label has an accelerator
        self._dropped: list = []  # findings of a dropped accelerator, held for check_document
        self._plain = 0  # short labels of the source without an accelerator
        self._added: list = []  # findings of an added accelerator, held for check_document
        self._symbol: list = []  # findings of an accelerator put on a symbol: kept, not dropped

    def check_document(self, document, ctx):
        """A file that keeps (almost) no accelerator follows a convention of its own (some
        language teams leave mnemonics out): those findings would all be noise. A file
        that keeps some uses them, however many it lost: each lost one is reported, with
        how few the file keeps when it lost most. An accelerator the target adds counts
        only in a file whose sources mark (almost) none: a program that marks them on a
        share of its labels reads them, so an added one is a mnemonic more (nautilus's
        `Cho _vào Thùng rác`); in a command-line tool's file it shows as an underscore."""
        yield from self._symbol
        if self._labels < _CONVENTION_SHARE * (self._labels + self._plain):
            yield from self._added
        dropped = len(self._dropped)
        if not dropped:
            return
        kept = self._labels - dropped
        if dropped >= 5 and (kept < _CONVENTION_KEPT or kept < _CONVENTION_SHARE * self._labels):
            return
        if dropped <= _MOSTLY_DROPPED * self._labels:
            yield from self._dropped
            return
        note = f" (this file keeps the accelerator on only {kept} of its {self._labels} labels)"
        for finding in self._dropped:
            yield replace(finding, message=finding.message[:-1] + note + ".",
                          data={**finding.data, "labels": self._labels, "kept": kept})

    def check_unit(self, unit, ctx):
        self._look(unit, ctx)
        return ()  # every finding waits for check_document, which knows the file's convention

    def _look(self, unit, ctx) -> None:
        if not translated(unit):
            return
        resource = unit.get("resource:format")
        kinds = "_&" if resource is None else _RESOURCE_MARKERS.get(resource, "")
        if not kinds:
            return  # a web or mobile resource file: an underscore or ampersand there is text
        source, target = unit.source.text, unit.target.text
        if "_" not in source + target and "&" not in source + target:
            if len(source) <= 200 and len(source.split()) <= 6 and _LABEL.fullmatch(source.strip()):
                self._plain += 1
            return
        if len(source) > 200:
            return  # a long text is a description or a help page, not a label
        marker = label_marker(source)
        if marker is not None and marker[0] not in kinds:
            marker = None
        if marker is not None:
            kind, at = marker
            token = re.search(r"[\w&]*\Z", source[:at]).group() + re.match(r"[\w&]*", source[at:]).group()
            if re.search(r"(?<!\w)" + re.escape(token) + r"(?!\w)", target):
                return  # the word is copied as it is: an identifier (lazy_name, check_policy), not a label
            self._labels += 1
            masked = _code_masked(target)
            marked = _has_marker(masked, kind)
            symbol = SYMBOL_HOT_KEY.search(masked) if kind == "&" and not marked else None
            if symbol is not None:
                # a hot key on a symbol works (the key is pressed as it is) but names nothing of
                # the item: said as it is, never as a missing accelerator, and not counted as one
                self._symbol.append(ctx.finding(
                    "CHK002",
                    f"The source {quote(source)} has the keyboard accelerator '{kind}{source[at + 1]}' and the target "
                    f"{quote(target)} has its accelerator on the symbol '{target[symbol.start():symbol.start() + 2]}', "
                    f"not on a letter of the label: mark a letter with '{kind}' if the keyboard can type one.",
                    source=Span(at, at + 2), target=Span(symbol.start(), symbol.start() + 2),
                    data={"kind": "symbol", "marker": kind},
                ))
            elif not marked:
                self._dropped.append(ctx.finding(
                    "CHK002",
                    f"The source {quote(source)} has the keyboard accelerator '{kind}{source[at + 1]}' and the target "
                    f"{quote(target)} has none: mark one letter with '{kind}'.",
                    source=Span(at, at + 2), target=Span(0, len(target)),
                    data={"kind": "missing", "marker": kind},
                ))
            return
        if "_" in source or "&" in source or not self.settings["report-added"]:
            return  # an underscore or ampersand of code in the source: nothing to compare
        if len(source.split()) > 6 or not _LABEL.fullmatch(source.strip()):
            return  # not a short label: an underscore the target adds is a joined word (kích_cỡ), not a mnemonic
        self._plain += 1
        added = label_marker(target)
        if added is not None and added[0] not in kinds:
            added = None
        if added is not None and added[0] == "_" and _joined_words(target, added[1]):
            added = None  # "help" -> "trợ_giúp": two words joined to stay one token (a command word), no mnemonic
        if added is not None:
            kind, at = added
            self._added.append(ctx.finding(
                "CHK002",
                f"The target adds the keyboard accelerator '{kind}{target[at + 1]}' to {quote(target)}, which the "
                f"source {quote(source)} does not have.",
                target=Span(at, at + 2),
                data={"kind": "added", "marker": kind},
            ))


@hookimpl
def tqa_register_checks():
    return [Accelerators]
