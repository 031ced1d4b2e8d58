"""Omissions and additions: paragraphs, sentences and content the translation drops
or adds.

On an aligned document (`tqa check --source A --target B`, or an XLIFF written by
`tqa align`), every unit carries its link (`align:link`): a source paragraph linked
to nothing (1-0) is an omission, a target paragraph linked to nothing (0-1) an
addition. Runs of consecutive omitted paragraphs are one finding, with the headings
they span; an added paragraph is told apart as a repeat of another target
paragraph, a caption or publisher's line, or plain added text.

On every bilingual unit (XLIFF, PO, TMX, aligned paragraphs), the source's sentences
are aligned with the target's to find a sentence with no counterpart; the length of
the target is judged against the language pair's length model, calibrated on the
document itself; numbers, acronyms, URLs and code the source has and the target lacks
are evidence of content dropped inside a sentence; a target that stops short, without
the sentence end its source has, is reported as truncated.

Few false alarms is the promise: every threshold was set on clean data first
(docs/omission.md has the figures and the commands).
"""

from __future__ import annotations

from array import array
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from tqa_plugins.omission import signals
from tqa_plugins.omission.signals import excerpt

from qa_core import Check, Option, Rule, Severity, Span, hookimpl
from qa_core.align import lexicon
from qa_core.sentences import split_sentences

LINK = "align:link"
#: length decisions wait for the document's own calibration; until then units whose
#: length is this far off under the pair's model are kept as candidates
_CANDIDATE_Z = 2.0
#: at most this many candidates are kept (the most extreme when there are more)
_MAX_CANDIDATES = 20_000
#: units of several sentences this far short (or less) are kept for sentence alignment
_SENTENCE_CANDIDATE_Z = -0.3
#: the lexicon for aligning sentences is learnt from this many units of the document
_LEXICON_SAMPLE = 3000


def _quote(text: str, limit: int = 70) -> str:
    return f"'{excerpt(text, limit)}'"


def _lines(value: str | None) -> list[int]:
    return [int(x) for x in (value or "").split(",") if x.strip().isdigit()]


@dataclass
class _Paragraph:
    unit: Any
    kind: str  # "omitted", "added", "linked"
    text: str = ""
    source_lines: list[int] = field(default_factory=list)
    target_lines: list[int] = field(default_factory=list)
    paragraphs: list[int] = field(default_factory=list)
    confidence: float = 1.0


@dataclass
class _Candidate:
    unit: Any
    source_len: int
    target_len: int
    truncated: bool  # the target lacks the sentence end its source has
    spans: tuple | None = None  # the sentences of both sides, when the source has several
    missing: list[str] = field(default_factory=list)  # content anchors the target lacks


class Omission(Check):
    """Omitted and added paragraphs, omitted sentences, length outliers, dropped
    content anchors and truncated targets."""

    name = "omission"
    needs_target = False  # 1-0 links have no target, and they are the omissions
    rules = (
        Rule("OMI001", "omitted-paragraphs", Severity.MAJOR, "Accuracy/Omission",
             "A source paragraph, or a run of consecutive ones, has no counterpart in the translation."),
        Rule("OMI002", "added-paragraph", Severity.MINOR, "Accuracy/Addition",
             "A target paragraph has no counterpart in the source."),
        Rule("OMI003", "repeated-paragraph", Severity.MINOR, "Accuracy/Addition",
             "A target paragraph with no counterpart repeats another paragraph of the translation."),
        Rule("OMI004", "caption-or-boilerplate", Severity.MINOR, "Accuracy/Addition",
             "A target-only paragraph looks like a photo caption, a credit or a publisher's line."),
        Rule("OMI005", "omitted-sentence", Severity.MAJOR, "Accuracy/Omission",
             "A sentence of the source has no counterpart in the unit's translation."),
        Rule("OMI006", "target-too-short", Severity.MINOR, "Accuracy/Omission",
             "The target is much shorter than the length model of the language pair expects."),
        Rule("OMI007", "target-too-long", Severity.MINOR, "Accuracy/Addition",
             "The target is much longer than the length model of the language pair expects."),
        Rule("OMI008", "content-missing", Severity.MAJOR, "Accuracy/Omission",
             "Numbers, acronyms, URLs or code of the source are missing from the target: part of it was dropped."),
        Rule("OMI009", "truncated-target", Severity.MAJOR, "Accuracy/Omission",
             "The target stops short: no sentence end where the source has one, and much shorter than expected."),
    )
    options = (
        Option("min-source-chars", 40, "Segment-level rules (OMI005-OMI009) skip sources shorter than this."),
        Option("sentence-confidence", 0.7, "OMI005 reports a source sentence linked to nothing only when the "
               "sentence alignment is at least this sure (0-1)."),
        Option("sentence-z", 0.5, "OMI005 looks for an omitted sentence only in targets at least this many "
               "standard deviations shorter than the calibrated length model expects."),
        Option("min-sentence-chars", 20, "OMI005 ignores omitted sentences shorter than this (interjections, "
               "'Thank you.')."),
        Option("short-z", 4.0, "OMI006: how many standard deviations of the calibrated length model below the "
               "expected length a target must be."),
        Option("long-z", 5.0, "OMI007: how many standard deviations above the expected length."),
        Option("truncated-z", 2.0, "OMI009: how many standard deviations below the expected length a target "
               "without its source's sentence end must be."),
        Option("anchor-z", 1.5, "OMI008 with a single missing anchor also needs the target this many standard "
               "deviations short; two missing anchors suffice on their own."),
        Option("critical-paragraphs", 3, "OMI001 is critical from this many consecutive omitted paragraphs."),
        Option("critical-chars", 1000, "OMI001 is critical from this many omitted characters."),
    )

    def __init__(self, settings=None) -> None:
        super().__init__(settings)
        self._paragraphs: list[_Paragraph] = []
        self._target_seen: dict[str, list[int]] = {}  # normalised target paragraph -> its lines
        self._source_lens = array("f")
        self._target_lens = array("f")
        self._candidates: list[_Candidate] = []
        self._model = None
        self._pair_model = None
        self._hook = None
        self._sample: list[tuple[set, set]] = []

    # ----- units -------------------------------------------------------------

    def check_unit(self, unit, ctx):
        if not unit.translate:
            return
        link = unit.get(LINK)
        if link is not None:
            self._remember(unit, link)
            if link in ("1-0", "0-1"):
                return
        if unit.fuzzy and not ctx.config.check_fuzzy:
            return  # an outdated translation: BAS006 reports it once, and its length must not calibrate the model
        source = unit.source.text
        target = unit.target.text if unit.target is not None else ""
        if not target.strip() or not source.strip():
            return  # untranslated: BAS001's
        self._segment(unit, ctx, source, target)
        return
        yield  # noqa: the findings come at the end of the document (check_document)

    def _remember(self, unit, link: str) -> None:
        source_lines = _lines(unit.get("align:source-lines"))
        target_lines = _lines(unit.get("align:target-lines"))
        try:
            confidence = float(unit.get("align:confidence") or 1.0)
        except ValueError:
            confidence = 1.0
        if link == "1-0":
            self._paragraphs.append(_Paragraph(unit, "omitted", unit.source.text, source_lines, [],
                                               _lines(unit.get("align:source-paragraphs")), confidence))
            return
        target = unit.target.text if unit.target is not None else ""
        # the aligner joins a link's paragraphs with a newline, but a paragraph may hold
        # newlines of its own (hard-wrapped text): split only links of several paragraphs
        texts = [target] if len(target_lines) <= 1 else signals.split_paragraphs(target)
        for line, text in zip(target_lines or [None] * len(texts), texts):
            self._target_seen.setdefault(signals.normalised(text), []).append(line)
        kind = "added" if link == "0-1" else "linked"
        self._paragraphs.append(_Paragraph(unit, kind, target, source_lines, target_lines,
                                           _lines(unit.get("align:target-paragraphs")), confidence))

    # ----- segment level -----------------------------------------------------

    def _segment(self, unit, ctx, source: str, target: str) -> None:
        """Keep what the document-level decision needs: lengths, a sample for the
        lexicon, and the units that may hold an omission."""
        settings = self.settings
        if len(source.strip()) < int(settings["min-source-chars"]):
            return
        slang, tlang = ctx.source_lang, ctx.target_lang
        if self._pair_model is None:
            self._pair_model = signals.pair_model(slang, tlang)
            self._hook = ctx.hook
        source_len, target_len = len(source.strip()), len(target.strip())
        self._source_lens.append(source_len)
        self._target_lens.append(target_len)
        if len(self._source_lens) in (50, 200, 1000, 5000, 20000):
            self._model = signals.calibrate(np.frombuffer(self._source_lens, dtype=np.float32),
                                            np.frombuffer(self._target_lens, dtype=np.float32), self._pair_model)
        # lengths are judged now against the model so far, to keep only candidates;
        # every decision waits for the document's own calibration (check_document)
        z = signals.delta(self._model or self._pair_model, source_len, target_len)
        if len(self._sample) < _LEXICON_SAMPLE:
            self._sample.append((lexicon.tokens(source), lexicon.tokens(target)))
        missing = signals.missing_anchors(source, target, slang, tlang)
        spans = None
        if (self._model is None or z <= _SENTENCE_CANDIDATE_Z) and signals.may_hold_sentences(source):
            src_spans = split_sentences(source, slang, ctx.hook)
            if len(src_spans) >= 2:
                spans = (src_spans, split_sentences(target, tlang, ctx.hook))
        truncated = signals.ends_a_sentence(source) and (
            not signals.ends_a_sentence(target) or (signals.ends_with_ellipsis(target) and not signals.ends_with_ellipsis(source))
        )
        if spans is not None or missing or abs(z) >= _CANDIDATE_Z or (truncated and z <= -1.0):
            self._candidates.append(_Candidate(unit, source_len, target_len, truncated, spans, missing))
            if len(self._candidates) > _MAX_CANDIDATES:
                self._prune()

    def _content_missing(self, ctx, unit, missing: list[str], z: float | None):
        missing = list(dict.fromkeys(missing))  # a repeated anchor is one problem
        listed = ", ".join(f"'{m}'" for m in missing[:6]) + (" …" if len(missing) > 6 else "")
        why = "" if z is None else f", and the target is {abs(z):.1f} standard deviations shorter than expected"
        return ctx.finding(
            "OMI008",
            f"The target lacks {listed} of the source{why}: part of the source may have been dropped.",
            unit=unit,
            source=Span(0, len(unit.source.text)),
            data={"missing": missing, "z": None if z is None else round(z, 2)},
        )

    def _prune(self) -> None:
        model = self._model or self._pair_model
        self._candidates.sort(key=lambda c: -abs(signals.delta(model, c.source_len, c.target_len)))
        del self._candidates[_MAX_CANDIDATES // 2 :]

    # ----- document level ----------------------------------------------------

    def check_document(self, document, ctx):
        yield from self._lengths(ctx)
        yield from self._omitted_runs(ctx)
        yield from self._added(ctx)

    def _lengths(self, ctx):
        if not self._candidates:
            return
        model = signals.calibrate(np.frombuffer(self._source_lens, dtype=np.float32),
                                  np.frombuffer(self._target_lens, dtype=np.float32), self._pair_model)
        settings = self.settings
        short_z, long_z = float(settings["short-z"]), float(settings["long-z"])
        truncated_z, sentence_z = float(settings["truncated-z"]), float(settings["sentence-z"])
        learnt = None
        anchor_z = float(settings["anchor-z"])
        for candidate in self._candidates:
            unit = candidate.unit
            z = signals.delta(model, candidate.source_len, candidate.target_len)
            if candidate.spans is not None and z <= -sentence_z:
                if learnt is None:
                    learnt = lexicon.learn([a for a, _ in self._sample], [b for _, b in self._sample],
                                           [(k, k) for k in range(len(self._sample))])
                found = list(self._sentences(ctx, unit, candidate.spans, learnt))
                if found:
                    yield from found
                    continue  # the shortfall is explained: one omission, one finding
            if len(candidate.missing) >= 2:
                yield self._content_missing(ctx, unit, candidate.missing, None)
                continue
            if candidate.missing and z <= -anchor_z:
                yield self._content_missing(ctx, unit, candidate.missing, z)
                continue
            expected = round(model.c * candidate.source_len)
            confidence = round(1.0 - signals.two_sided(z), 4)
            data = {"z": round(z, 2), "expected_length": expected, "length": candidate.target_len,
                    "ratio": round(model.c, 3), "confidence": confidence}
            if candidate.truncated and z <= -truncated_z:
                yield ctx.finding(
                    "OMI009",
                    f"The target stops at {_quote(_tail(unit.target.text), 45)} without the sentence end its source has, "
                    f"at {candidate.target_len} of about {expected} characters expected: the rest may be missing.",
                    unit=unit, target=Span(len(unit.target.text), len(unit.target.text)), data=data,
                )
            elif z <= -short_z:
                yield ctx.finding(
                    "OMI006",
                    f"The target has {candidate.target_len} characters where about {expected} are expected for "
                    f"{_quote(unit.source.text, 50)} ({abs(z):.1f} standard deviations short, confidence {confidence:.2f}): "
                    "part of the source may be missing.",
                    unit=unit, data=data,
                )
            elif z >= long_z and not signals.is_keyword_list(unit.source.text):
                yield ctx.finding(
                    "OMI007",
                    f"The target has {candidate.target_len} characters where about {expected} are expected for "
                    f"{_quote(unit.source.text, 50)} ({z:.1f} standard deviations long, confidence {confidence:.2f}): "
                    "it may add text the source does not have.",
                    unit=unit, data=data,
                )

    def _sentences(self, ctx, unit, spans, learnt):
        settings = self.settings
        source, target = unit.source.text, unit.target.text
        src_spans, tgt_spans = spans
        for miss in signals.missing_sentences(source, target, ctx.source_lang, ctx.target_lang, self._hook,
                                              src_spans, tgt_spans, known_lexicon=learnt or None):
            sentence = source[miss.start : miss.end]
            if (miss.confidence < float(settings["sentence-confidence"]) or len(sentence) < int(settings["min-sentence-chars"])
                    or not signals.has_letters(sentence)):
                continue
            where = f"before {_quote(miss.before, 40)}" if miss.before is not None else "at the end of the target"
            yield ctx.finding(
                "OMI005",
                f"The source sentence {_quote(sentence)} has no counterpart in the target; it belongs {where}.",
                unit=unit,
                source=Span(miss.start, miss.end),
                target=Span(miss.insert_at, miss.insert_at),
                data={"omitted": sentence, "confidence": miss.confidence, "insert_at": miss.insert_at},
            )

    def _omitted_runs(self, ctx):
        items = self._paragraphs
        index = 0
        while index < len(items):
            if items[index].kind != "omitted":
                index += 1
                continue
            start = index
            while index < len(items) and items[index].kind == "omitted":
                index += 1
            run = [p for p in items[start:index]]
            if not any(signals.has_letters(p.text) for p in run):
                continue
            before = next((p for p in reversed(items[:start]) if p.target_lines), None)
            after = next((p for p in items[index:] if p.target_lines), None)
            yield self._omission(ctx, run, before, after)

    def _omission(self, ctx, run: list[_Paragraph], before, after):
        first = run[0]
        lines = [line for p in run for line in p.source_lines]
        numbers = [n for p in run for n in p.paragraphs]
        chars = sum(len(p.text) for p in run)
        headings = [excerpt(p.text, 60) for p in run if signals.looks_like_heading(p.text)]
        count = len(numbers) or len(run)
        if before is None:
            where = "at the start of the target"
        elif after is None:
            where = f"after target line {before.target_lines[-1]}, where the translation stops"
        else:
            where = f"after target line {before.target_lines[-1]}"
        if count == 1:
            what = f"Source paragraph {_place(numbers, lines)} has no translation: {_quote(first.text)} is missing"
        else:
            what = (f"{count} consecutive source paragraphs {_place(numbers, lines)}, {chars} characters, have no "
                    f"translation, from {_quote(first.text, 50)} to {_quote(run[-1].text, 50)}")
        if headings:
            what += "; headings: " + ", ".join(f"'{h}'" for h in headings[:5]) + (" …" if len(headings) > 5 else "")
        critical = count >= int(self.settings["critical-paragraphs"]) or chars >= int(self.settings["critical-chars"])
        data = {
            "count": count,
            "characters": chars,
            "source_lines": [lines[0], lines[-1]] if lines else [],
            "headings": headings,
            "paragraphs": [{"paragraph": p.paragraphs[0] if p.paragraphs else None,
                            "line": p.source_lines[0] if p.source_lines else None,
                            "excerpt": excerpt(p.text), "confidence": p.confidence} for p in run],
            "after_target_line": before.target_lines[-1] if before is not None else None,
            "before_target_line": after.target_lines[0] if after is not None else None,
        }
        return ctx.finding("OMI001", f"{what}; it belongs {where}.", unit=first.unit,
                           source=Span(0, len(first.unit.source.text)),
                           severity=Severity.CRITICAL if critical else None, data=data)

    def _added(self, ctx):
        for p in self._paragraphs:
            if p.kind != "added" or not signals.has_letters(p.text):
                continue
            line = p.target_lines[0] if p.target_lines else None
            at = f"Target paragraph (line {line})" if line is not None else "A target paragraph"
            others = [x for x in self._target_seen.get(signals.normalised(p.text), []) if x != line]
            data = {"line": line, "excerpt": excerpt(p.text)}
            if others:
                yield ctx.finding(
                    "OMI003",
                    f"{at} {_quote(p.text, 50)} repeats target line {others[0]} word for word and has no "
                    "counterpart of its own in the source: delete the repeat.",
                    unit=p.unit, data={**data, "repeats_line": others[0]},
                )
                continue
            look = signals.looks_like_caption(p.text)
            if look is not None:
                yield ctx.finding(
                    "OMI004",
                    f"{at} {_quote(p.text, 60)} has no counterpart in the source and looks like a "
                    f"{'photo caption or credit' if look == 'caption' else 'publisher line'}: keep it only if the "
                    "client wants it.",
                    unit=p.unit, data={**data, "looks_like": look},
                )
                continue
            severity = Severity.MAJOR if len(p.text) >= 100 else None
            yield ctx.finding(
                "OMI002",
                f"{at} {_quote(p.text)} has no counterpart in the source: text was added, or the source "
                "paragraph it translates is missing.",
                unit=p.unit, severity=severity, data=data,
            )


def _tail(text: str, size: int = 40) -> str:
    """The last words of a text, '…' first when they do not start it."""
    text = " ".join(text.split())
    if len(text) <= size:
        return text
    cut = text[-size:]
    space = cut.find(" ")
    return "…" + (cut[space + 1 :] if 0 <= space < size - 5 else cut)


def _place(numbers: list[int], lines: list[int]) -> str:
    if not numbers:
        return f"(line {lines[0]})" if lines else ""
    if len(numbers) == 1:
        return f"{numbers[0]} (line {lines[0]})" if lines else str(numbers[0])
    return f"{numbers[0]}-{numbers[-1]} (lines {lines[0]}-{lines[-1]})" if lines else f"{numbers[0]}-{numbers[-1]}"


@hookimpl
def tqa_register_checks():
    return [Omission]
