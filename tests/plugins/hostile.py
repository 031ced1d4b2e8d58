"""A plugin that raises in the hook named by the environment variable TQA_TEST_RAISE
(tests/test_plugin_errors.py): every hook a third-party plugin may implement."""

from __future__ import annotations

import os

from qa_core import hookimpl
from qa_core.check import Check
from qa_core.findings import Span
from qa_core.reporters import Reporter
from qa_core.rules import Rule, Severity


def _maybe(hook: str) -> None:
    if os.environ.get("TQA_TEST_RAISE") == hook:
        raise RuntimeError(f"boom in {hook}\nsecond line")


class BadSpan(Check):
    """Reports a finding whose span lies outside the target (when asked to)."""

    name = "hostile-span"
    rules = (Rule("HST001", "hostile-span", Severity.MINOR, "Other", "A test rule with a wrong span."),)

    def check_unit(self, unit, ctx):
        if os.environ.get("TQA_TEST_RAISE") == "bad_span" and unit.target is not None:
            yield ctx.finding("HST001", "out of range", target=Span(0, len(unit.target.text) + 50))


class Broken(Reporter):
    name = "broken"
    description = "A reporter that raises in render."
    extension = ".txt"

    def render(self, report):
        raise RuntimeError("cannot render\nat all")


@hookimpl
def tqa_add_options(parser):
    _maybe("tqa_add_options")


@hookimpl
def tqa_configure(config):
    _maybe("tqa_configure")


@hookimpl
def tqa_register_checks():
    _maybe("tqa_register_checks")
    return [BadSpan]


@hookimpl
def tqa_register_reporters():
    _maybe("tqa_register_reporters")
    return [Broken]


@hookimpl
def tqa_register_formats():
    _maybe("tqa_register_formats")
    return []


@hookimpl(tryfirst=True)
def tqa_open_document(path, format, options):
    _maybe("tqa_open_document")
    return None


@hookimpl
def tqa_process_findings(document, findings, config):
    _maybe("tqa_process_findings")
    return findings


@hookimpl(tryfirst=True)
def tqa_split_sentences(text, lang):
    _maybe("tqa_split_sentences")
    return None


@hookimpl(tryfirst=True)
def tqa_load_glossary(path, options):
    _maybe("tqa_load_glossary")
    return None


@hookimpl
def tqa_alignment_anchors(texts, lang):
    _maybe("tqa_alignment_anchors")
    return None


@hookimpl
def tqa_similarity(source_texts, target_texts, pairs, source_lang, target_lang):
    _maybe("tqa_similarity")
    return None
