"""The target's language: a unit left in the source language or written in a third
one, and a whole document whose text is not in the language it declares.

Every reader's units get this check (bilingual files, resource files paired by key,
aligned documents, a translation alone). The identifier (py3langid, shipped with its
model) is imported on the first text long enough to judge; see identify.py.
"""

from __future__ import annotations

import re

from collections import Counter

from qa_core import Check, Option, Rule, Severity, Span, hookimpl
from qa_core.languages import language_name

from . import identify

#: a document whose judged units are mostly not in the declared language gets one
#: document finding instead of one per unit, when at least this many units were judged
DOCUMENT_MIN_UNITS = 5
DOCUMENT_SHARE = 0.6
#: the source side is judged on a sample of this many units (its language is one fact)
SOURCE_SAMPLE = 200
#: per-unit findings kept for the end of the document at most
KEEP_AT_MOST = 20000
#: every target long enough is judged up to this many; past it, every `SAMPLE_EVERY`-th,
#: plus each one with a cheap sign of trouble (identify.worth_judging): the model costs
#: about 0.3 ms a text, so a 100k-unit file stays within a few seconds of extra time
JUDGE_ALL = 2000
SAMPLE_EVERY = 20


class TargetLanguage(Check):
    """Targets (and documents) that are not in the language they declare."""

    name = "language"
    needs_source = False
    rules = (
        Rule("LNG001", "target-in-source-language", Severity.MAJOR, "Accuracy/Untranslated",
             "The target is written in the source language: it was left untranslated (not a copy of the source).",
             profiles=("document",)),  # off on software strings: docs/precision.md, "Checking profiles"
        Rule("LNG002", "target-in-other-language", Severity.MAJOR, "Accuracy/Mistranslation",
             "The target is written in a third language, neither the target nor the source language."),
        Rule("LNG003", "document-not-in-target-language", Severity.CRITICAL, "Accuracy/Mistranslation",
             "Most targets of the document are in another language than the declared target language."),
        Rule("LNG004", "document-not-in-source-language", Severity.CRITICAL, "Accuracy/Mistranslation",
             "Most sources of the document are in another language than the declared source language."),
    )
    options = (
        Option("min-letters", identify.MIN_LETTERS, "Texts with fewer letters (placeholders, markup, URLs and "
               "digits removed) are too short to tell and never judged."),
    )

    def __init__(self, settings=None):
        super().__init__(settings)
        self._flagged: list[tuple] = []
        self._judged = 0
        self._elsewhere: Counter = Counter()
        self._source_judged = 0
        self._source_elsewhere: Counter = Counter()
        #: whether the sources judged so far leave LNG004 possible (`_judge_source`)
        self._source_open = True
        self._first_unit = None
        self._seen = 0

    def check_unit(self, unit, ctx):
        target = unit.target
        if not unit.translate or target is None:
            return ()
        tlang, slang = ctx.target_lang, ctx.source_lang
        if self._first_unit is None:
            self._first_unit = unit
        source_text = unit.source.text
        if slang and self._source_open and self._source_judged < SOURCE_SAMPLE and source_text.strip():
            self._judge_source(source_text, slang)
        text = target.text
        if not text.strip() or text.split() == source_text.split():  # (the same words: the same text, spaces aside)
            return ()  # empty (BAS001) or a copy of the source (BAS002)
        if _keyword_list(source_text) and ";" in text:
            # a desktop file's search keywords: translators keep the English ones beside their own
            # on purpose, so only the keywords the translator wrote are judged
            kept = {k.strip().casefold() for k in source_text.split(";")}
            text = ";".join(k for k in text.split(";") if k.strip().casefold() not in kept)
            if not text.strip(" ;"):
                return ()
        if _synopsis(source_text):
            # a command's usage line: options and subcommands stay as they are, only the
            # metavariables' names (<dir>, <Verzeichnis>) and any prose are the translator's
            kept = set(_SYNOPSIS_TOKEN.findall(source_text))
            text = " ".join(t for t in _SYNOPSIS_TOKEN.findall(text) if t not in kept and not t.startswith("-"))
            if not text.strip():
                return ()
        self._seen += 1
        if self._seen > JUDGE_ALL and self._seen % SAMPLE_EVERY and not identify.worth_judging(text, source_text, tlang):
            return ()
        plain = identify.plainly_declared(text, tlang)
        if plain:  # what the model would say, without it: declared, no finding
            if plain >= int(self.settings["min-letters"]):
                self._judged += 1
            return ()
        verdict = self._judge(text, tlang, slang)
        if verdict is None:
            return ()
        self._judged += 1
        if verdict.is_declared:
            return ()
        self._elsewhere[verdict.language] += 1
        if verdict.reported():
            if len(self._flagged) < KEEP_AT_MOST:
                self._flagged.append((unit, verdict))
        return ()

    def _judge(self, text, lang, source_lang=None):
        verdict = identify.judge(text, lang, source_lang)
        if verdict is None or verdict.letters < int(self.settings["min-letters"]):
            return None
        return verdict

    def _judge_source(self, text, lang):
        verdict = self._judge(text, lang)
        if verdict is None:
            return
        self._source_judged += 1
        if not verdict.is_declared:
            self._source_elsewhere[verdict.language] += 1
        # LNG004 needs one language to hold DOCUMENT_SHARE of the judged sources. Each source
        # judged from here on adds one to the judged and at most one to a language: with
        # SOURCE_SAMPLE judged in the end, a language holds at most `top` + the judgements
        # left; with k fewer, k fewer at most, where the share falls by only 0.6 k. When that
        # most falls short of the share of SOURCE_SAMPLE (by half a source, a margin for the
        # floats), LNG004 can no longer be reported and the other sources need no judging
        top = max(self._source_elsewhere.values(), default=0)
        if top + SOURCE_SAMPLE - self._source_judged < DOCUMENT_SHARE * SOURCE_SAMPLE - 0.5:
            self._source_open = False

    def check_document(self, document, ctx):
        tlang, slang = ctx.target_lang, ctx.source_lang
        whole = self._document_finding(ctx, "LNG003", "targets", tlang, self._judged, self._elsewhere)
        source = self._document_finding(ctx, "LNG004", "sources", slang, self._source_judged, self._source_elsewhere)
        if source is not None:
            yield source
        if whole is not None:
            yield whole
            return
        for unit, verdict in self._flagged:
            said = language_name(verdict.language)
            quoted = _quote(unit.target.text)
            span = Span(0, len(unit.target.text))
            if verdict.in_source_language():
                yield ctx.finding(
                    "LNG001",
                    f"The target {quoted} is in {language_name(slang)}, the source language, not {language_name(tlang)}: "
                    f"translate it.",
                    unit=unit, target=span,
                    data={"language": identify.code(slang), "probability": round(verdict.source, 3)},
                )
            else:
                yield ctx.finding(
                    "LNG002",
                    f"The target {quoted} is in {said}, not {language_name(tlang)}.",
                    unit=unit, target=span,
                    data={"language": verdict.language, "probability": round(verdict.confidence, 3)},
                )

    def _document_finding(self, ctx, rule_id, side, lang, judged, elsewhere):
        if not lang or judged < DOCUMENT_MIN_UNITS or not elsewhere:
            return None
        language, count = elsewhere.most_common(1)[0]
        if count < DOCUMENT_SHARE * judged:
            return None
        option = "--target-lang" if side == "targets" else "--source-lang"
        message = (
            f"The {side} of this document are in {language_name(language)} ({count} of the {judged} units long enough "
            f"to tell), not {language_name(lang)} ('{lang}') as declared: "
            + ("the file holds the wrong translation, or " if side == "targets" else "")
            + f"the declared language is wrong (the file's own language attribute or {option}); "
            + "the other checks read the text with the wrong language's conventions."
        )
        return ctx.finding(rule_id, message, unit=None,
                           data={"language": language, "declared": lang, "units": count, "judged": judged})


def _quote(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return f"'{text if len(text) <= limit else text[: limit - 1] + '…'}'"


@hookimpl
def tqa_register_checks():
    return [TargetLanguage]


_SYNOPSIS_TOKEN = re.compile(r"[^\W\d][\w'-]*|-{1,2}[\w-]+")
#: what a usage line is made of: options in brackets, alternatives, metavariables
_SYNOPSIS_MARK = re.compile(r"\[-{1,2}\w|\s-{1,2}\w[\w-]*|<[^<>\s][^<>]{0,30}>|\s\|\s|\.\.\.\]")


def _synopsis(text: str) -> bool:
    """A command's usage line ("git worktree lock [--reason <string>] <worktree>"): a program
    name first, then at least three options, metavariables or alternatives, and no sentence."""
    stripped = text.strip()
    if not stripped or not (stripped[0].isalpha() and stripped[0].islower()) or ". " in stripped:
        return False
    return len(_SYNOPSIS_MARK.findall(stripped)) >= 3


def _keyword_list(text: str) -> bool:
    """A desktop-file keyword list ("Files;Folders;Browse;"): one line of words between semicolons."""
    stripped = text.strip()
    return stripped.endswith(";") and stripped.count(";") >= 2 and "\n" not in stripped and ". " not in stripped

