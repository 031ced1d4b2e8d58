"""Every hook tqa calls, grouped by phase. Plugins implement them with
`@qa_core.hookimpl`; names start with `tqa_`.

Hooks that register things return data (lists of classes or records) rather than
acting, so what a plugin brings can be listed and tested. "Who handles this?" hooks
are `firstresult`: the first plugin to answer (the most recently registered first,
so third-party plugins can override built-ins) wins.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Iterable, Sequence

import pluggy

if TYPE_CHECKING:
    from qa_core.align import AnchorKey
    from qa_core.check import Check
    from qa_core.commands import Command
    from qa_core.config import Config
    from qa_core.findings import Finding, Span
    from qa_core.formats import Format, ReadOptions
    from qa_core.glossary import Glossary, GlossaryOptions
    from qa_core.model import Document
    from qa_core.reporters import Reporter

hookspec = pluggy.HookspecMarker("tqa")

# ---------------------------------------------------------------------------
# Set-up
# ---------------------------------------------------------------------------


@hookspec
def tqa_add_options(parser: argparse._ArgumentGroup) -> None:
    """Add command-line options to `tqa check` (and the commands that run checks).

    Give an option a `dest` of the form "<check name>.<option>" (for example
    `dest="terminology.profile"`) and its value, when given, overrides that check's
    option from the configuration file. Return nothing.
    """


@hookspec(historic=True)
def tqa_configure(config: Config) -> None:
    """Called once the configuration is final, before any input is read; also for
    plugins registered later. Read what you need from `config`; return nothing."""


# ---------------------------------------------------------------------------
# Registration
# ---------------------------------------------------------------------------


@hookspec
def tqa_register_checks() -> list[type[Check]]:
    """Return the `Check` classes this plugin provides. Their rules join the rule
    registry; an id or name declared twice is an error."""


@hookspec
def tqa_register_formats() -> list[Format]:
    """Return the input formats this plugin can read, as `Format` records (name,
    file extensions, description). They are listed when an input matches none."""


@hookspec
def tqa_register_reporters() -> list[type[Reporter]]:
    """Return the `Reporter` classes this plugin provides, one per output format
    (`tqa check --format NAME`)."""


@hookspec
def tqa_register_commands() -> list[Command]:
    """Return `Command` records for subcommands of `tqa` this plugin provides."""


# ---------------------------------------------------------------------------
# Input
# ---------------------------------------------------------------------------


@hookspec(firstresult=True)
def tqa_open_document(path: str, format: str | None, options: ReadOptions) -> Document | None:
    """Open the bilingual file at `path` and return a `Document` whose `units()`
    streams its units, or None when this plugin does not read it.

    `format` is the format name the user asked for, or None: then decide from the
    file's extension and first bytes (`qa_core.formats.head(path)`). Raise
    `qa_core.InputError` naming the file and place for input that is broken.
    firstresult: the first non-None answer wins.
    """


@hookspec(firstresult=True)
def tqa_load_glossary(path: str, options: GlossaryOptions) -> Glossary | None:
    """Load the glossary file at `path` and return a `qa_core.glossary.Glossary`, or
    None when this plugin does not read that format.

    Decide from `options.format` when the user named one, else from the file's
    extension and first bytes. `options` also carries the languages of header-less
    CSV/TSV columns. Raise `qa_core.ConfigError(path, message, line)` for a broken
    file; report what the format does not allow but can be read as
    `Glossary.warnings`. firstresult: the first non-None answer wins.
    """


# ---------------------------------------------------------------------------
# Text analysis and alignment of parallel documents
# ---------------------------------------------------------------------------


@hookspec(firstresult=True)
def tqa_split_sentences(text: str, lang: str | None) -> list[Span] | None:
    """Split `text` (in language `lang`, BCP 47, maybe None) into sentences.

    Return the sentences as `Span`s of `text` in order, without the whitespace between
    them, or None to let the next plugin (at last tqa's rules for English, Vietnamese
    and a generic fallback, `qa_core.sentences`) answer. firstresult.
    """


@hookspec
def tqa_alignment_anchors(texts: list[str], lang: str | None) -> list[list[AnchorKey]] | None:
    """Contribute alignment anchors for a batch of paragraphs of one document.

    Return, for each text in order, the anchors found in it as `AnchorKey(key, weight)`
    records, where `key` is language-neutral so that a source paragraph and its
    translation produce the same key (a glossary plugin returns one key per term
    pair, e.g. "term:peace-corps", for "Đoàn Hòa bình" and "Peace Corps" alike), and
    `weight` is about 1.0 for a strong anchor. Return None to contribute nothing. Called
    once per side per alignment; the answers of all plugins are added to tqa's own
    anchors (numbers, acronyms, names, URLs, code).
    """


@hookspec
def tqa_similarity(
    source_texts: list[str],
    target_texts: list[str],
    pairs: list[tuple[int, int]],
    source_lang: str | None,
    target_lang: str | None,
) -> list[float] | None:
    """Score how likely paragraphs are translations of each other, for the aligner.

    `pairs` are (source index, target index) pairs into the two lists, all the
    candidates the aligner considers, in one call so that a plugin can batch the work
    (embed every text once, then take dot products). Return one score in [0, 1] per
    pair, in order (1 = certainly translations), or None when this plugin cannot score
    these languages. The scores of all answering plugins are averaged and added to
    tqa's own cost; with no answer tqa aligns on lengths and anchors alone.
    """


# ---------------------------------------------------------------------------
# Run
# ---------------------------------------------------------------------------


@hookspec(firstresult=True)
def tqa_process_findings(document: Document, findings: Sequence[Finding], config: Config) -> Iterable[Finding]:
    """Return the findings of one document, after all checks ran on it.

    `findings` is a read-only sequence (since tqa 0.1's flat memory: a compact
    `FindingStore`, not a list): `len`, iteration as often as needed (each pass makes
    the findings objects a batch at a time), indexing; `list(findings)` copies it when a
    plugin needs a list (that holds every finding as an object). Return the findings
    unchanged (the same object), or any iterable of findings: a generator is read once,
    lazily, and kept compact again.

    tqa's own implementation returns them unchanged and runs last; implement this as
    a wrapper (`@hookimpl(wrapper=True)`, `findings = yield`) to filter, merge or
    enrich them, for example to apply suppressions. firstresult.
    """
