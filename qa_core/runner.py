"""Running the checks over inputs: find the files, open each through the reader
hook, stream its units past every enabled check, and collect the findings.

With `jobs > 1` files go whole to worker processes (`qa_core.workers`), largest
first; a file of `SPLIT_BYTES` or more that is over a fair share of the run (one
large file, or one that dominates) is shared by the parent and the workers (`Share`:
per-unit checks on chunks of units, checks with state whole in one process), and
the parent assembles its findings in the order one process gives. Each worker
builds its own plugin manager once, from the same plugin list and configuration.
`jobs` 0 means one process per core.
"""

from __future__ import annotations

import fnmatch
import itertools
import os
import re
import sys
import time
from array import array
from dataclasses import dataclass, field
from typing import Iterable, Iterator, Sequence

from qa_core import project
from qa_core.check import Check, CheckContext, RunContext
from qa_core.config import Config
from qa_core.engine import Engine
from qa_core.errors import InputError, TqaError, raised_at
from qa_core.findings import Finding, Location, SideLocation, Span
from qa_core.findings_store import Deduper, FindingStore, Spool, dedupe_stream, sort_findings
from qa_core.formats import ReadOptions, require_file
from qa_core.manager import Plugins, load_plugins
from qa_core.model import Document, Locator, Unit
from qa_core.readers.content import PROFILE_PROPERTY
from qa_core.workers import CallWatch, CheckTimeout, PluginError

WORD = re.compile(r"\w+(?:[-'’]\w+)*")
PROGRESS_EVERY = 2000


@dataclass
class InputSummary:
    """What the report records of one input."""

    path: str
    format: str
    version: str | None = None
    source_lang: str | None = None
    target_lang: str | None = None
    target_path: str | None = None
    units: int = 0
    segments: int = 0
    source_words: int = 0
    #: the checking profile the input ran with ("document" or "software": `tqa check --checking-profile`)
    profile: str | None = None
    #: for an aligned document pair: the link of every unit, in order, with each side's
    #: lines, length and text (see `alignment_entry`); None for other inputs
    alignment: list[dict] | None = None


#: the unit property that marks a unit of an aligned document pair (qa_core.align.document)
ALIGN_LINK = "align:link"


def alignment_entry(document: Document, unit: Unit, link: str) -> dict:
    """What a report needs to draw one link of an aligned pair: the link kind
    ('1-1', '1-0', '0-1', '2-1', ...), and per side the first and last line, the
    paragraph numbers, the length in characters and words, and the text."""
    entry: dict = {"unit": unit.id, "link": link}
    locator = document.locator or Locator(document.path, document.target_path)
    for side in ("source", "target"):
        content = unit.source if side == "source" else unit.target
        text = content.text if content is not None else ""
        if not text:
            entry[side] = None
            continue
        place = locator.locate(unit, side, 0, len(text))
        numbers = unit.get(f"align:{side}-paragraphs") or unit.get(f"align:{side}-sentences") or ""
        entry[side] = {
            "line": place.line,
            "end_line": place.end_line or place.line,
            "paragraphs": [int(n) for n in numbers.split(",") if n.strip().isdigit()],
            "chars": len(text),
            "words": len(WORD.findall(text)),
            "text": text,
        }
    return entry


@dataclass
class DocumentResult:
    """What checking one input gave: its summary and its findings."""

    summary: InputSummary
    #: a list, or the compact `FindingStore` a check of a file makes
    findings: list[Finding] | FindingStore = field(default_factory=list)
    #: check name -> what its `run_data` kept of this document, for `check_run`
    run_data: dict[str, object] = field(default_factory=dict)
    #: a share's result only (see `Share`): where its findings came from, four numbers a
    #: run of findings (part, unit, check position, end: see `check_document`)
    runs: array | None = None


@dataclass
class RunResult:
    """What a run gave: every input's summary, the findings in order, the inputs that
    could not be read, and when it started and how long it took."""

    inputs: list[InputSummary]
    #: sorted; a list, or past `findings_store.SORT_RUN` findings a compact `FindingStore`
    findings: list[Finding] | FindingStore
    errors: list[TqaError]
    started: float
    duration: float


# ---------------------------------------------------------------------------
# Finding the inputs
# ---------------------------------------------------------------------------


def display_path(path: str) -> str:
    """Paths in reports: relative to the working folder when inside it, with '/'."""
    absolute = os.path.abspath(path)
    try:
        relative = os.path.relpath(absolute)
    except ValueError:  # another drive on Windows
        relative = absolute
    chosen = absolute if relative.startswith("..") else relative
    return chosen.replace(os.sep, "/")


def collect_inputs(paths: Sequence[str], plugins: Plugins, config: Config, claimed: frozenset[str] | set[str] = frozenset(), paired: frozenset[str] | set[str] = frozenset()) -> list[str]:
    """The files to check: files as given, and the supported files inside folders
    (hidden folders and `exclude` patterns skipped), in a stable order. Files of
    resource pairs (`claimed`) are checked as pairs; a folder in `paired` held some."""
    out: list[str] = []
    extensions = sorted({ext for fmt in plugins.formats for ext in fmt.extensions})
    for path in paths:
        if os.path.isdir(path):
            found = []
            for folder, subfolders, files in os.walk(path):
                subfolders[:] = sorted(d for d in subfolders if not d.startswith(".") and not _excluded(os.path.join(folder, d), config))
                for name in sorted(files):
                    full = os.path.join(folder, name)
                    if name.lower().endswith(tuple(extensions)) and full not in claimed and not _excluded(full, config):
                        found.append(full)
            if not found and path not in paired:
                raise InputError(path, f"the folder holds no supported files (known extensions: {', '.join(extensions)})")
            out.extend(found)
        else:
            require_file(path)
            out.append(path)
    return out


def _excluded(path: str, config: Config) -> bool:
    shown = display_path(path)
    return any(fnmatch.fnmatch(shown, pattern) or fnmatch.fnmatch(os.path.basename(path), pattern) for pattern in config.exclude)


def open_document(path: str, plugins: Plugins, options: ReadOptions, format: str | None = None) -> Document:
    """Open one input through the `tqa_open_document` hook, or say which formats exist."""
    require_file(path)
    try:
        document = plugins.hook.tqa_open_document(path=path, format=format, options=options)
    except TqaError:
        raise
    except Exception as error:  # noqa: BLE001 - a reader's bug: named, with the file
        from qa_core.plugin_errors import describe

        raise InputError(path, describe(plugins.hook.tqa_open_document, "tqa_open_document", error)) from None
    if document is None:
        known = ", ".join(f"{f.name} ({' '.join(f.extensions)})" for f in plugins.formats)
        if format:
            raise InputError(path, f"no reader for format {format!r}; known formats: {known}")
        from qa_core.documents import EXTENSIONS

        if os.path.splitext(path)[1].lower() in EXTENSIONS:
            raise InputError(
                path,
                "not a bilingual file: check a translation alone with `tqa check --target-only "
                f"{display_path(path)} --target-lang LANG`, or with its source with `tqa check --source SRC "
                f"--target {display_path(path)} --source-lang LANG --target-lang LANG`",
            )
        raise InputError(path, f"unknown format; known formats: {known}")
    return document


# ---------------------------------------------------------------------------
# Checking one document
# ---------------------------------------------------------------------------


def content_profile(document: Document) -> str | None:
    """The profile the reader found from what the file holds (qa_core.readers.content), if any."""
    for key, value in document.properties:
        if key == PROFILE_PROPERTY:
            return value
    return None


def enabled_checks(plugins: Plugins, config: Config) -> list[type[Check]]:
    return [check for check in plugins.checks if any(config.is_enabled(rule) for rule in check.rules)]


@dataclass(frozen=True)
class Share:
    """One process's share of a file split over processes (`tqa check -j N` on a large
    file): every process streams the whole file; share `index` runs the checks that
    need every unit ("document" placement, dealt out round-robin; "parent" ones in
    share 0, the parent), and the per-unit checks ("units" placement) on the chunks of
    `chunk` units it claims first (`claim(chunk number)` answers who). The parent puts
    the shares' findings back in the order one process gives them."""

    index: int
    parts: int
    chunk: int
    #: which shared counter claims this file's chunks (see `_claimer`)
    counter: int = 0


def _share_checks(contexts: list, share: Share) -> set[int]:
    """The positions (in `contexts`) of the checks that need every unit and run in `share`."""
    mine: set[int] = set()
    dealt = 0
    for position, (check, _number, _ctx) in enumerate(contexts):
        place = type(check).placement()
        if place == "parent":
            if share.index == 0:
                mine.add(position)
        elif place != "units":
            # share 0 also assembles the report: deal from share 1 on
            if (dealt + 1) % share.parts == share.index:
                mine.add(position)
            dealt += 1
    return mine


def check_document(document: Document, plugins: Plugins, config: Config, progress=None, slot=None,
                   share: Share | None = None, claim=None, *, gather: bool = True) -> DocumentResult:
    """`_check_document` with the project paths of `config.root` current: the findings
    made take their fingerprints from their files' paths from the project root
    (`qa_core.project`), in this process or a worker's."""
    with project.current(config.root):
        return _check_document(document, plugins, config, progress, slot, share, claim, gather=gather)


def _check_document(document: Document, plugins: Plugins, config: Config, progress=None, slot=None,
                    share: Share | None = None, claim=None, *, gather: bool = True) -> DocumentResult:
    """Stream the document's units past every enabled check, then run the
    document-level parts; a check that raises (or runs past `config.time_limit`)
    becomes a TQA001 finding; a check that exits the process is a `PluginError`.

    With a `share` (and its `claim` function), only that share's part of the work is
    done, the findings come back unprocessed with `runs` saying where each came from,
    and `assemble` makes the document's result of all the shares'.

    `gather` False: the checks' `run_data` is not asked for (a run of one input has
    nothing to compare across files; what a check keeps of a large file is not copied)."""
    config = config.for_document(document.format, content_profile(document))  # the rules of the file's profile
    engine = CheckContext(document, Engine(), config, plugins.hook)
    numbers = {cls: i for i, cls in enumerate(plugins.checks)}
    checks = [
        cls(config.settings_for(cls))
        for cls in enabled_checks(plugins, config)
        if cls is not Engine and not (document.monolingual and cls.needs_source)
    ]
    contexts = [(check, numbers.get(type(check), -1), CheckContext(document, check, config, plugins.hook)) for check in checks]
    # each check's `check_unit` bound once (not looked up and bound again for every unit)
    per_unit = [(position, check, number, ctx, check.needs_target, check.check_unit)
                for position, (check, number, ctx) in enumerate(contexts) if check.handles_units()]
    if share is None:
        mine = set(range(len(contexts)))
        own_chunks = every_unit = per_unit
        chunk_size = 1 << 62
    else:
        mine = _share_checks(contexts, share)
        every_unit = [entry for entry in per_unit if entry[0] in mine]
        own_chunks = [entry for entry in per_unit if entry[0] in mine or type(entry[1]).placement() == "units"]
        chunk_size = share.chunk
    #: what a unit without a target (or a fuzzy one, unless checked) is shown: the checks
    #: that do not need a target, picked once per list rather than tested per call
    own_untargeted = [entry for entry in own_chunks if not entry[4]]
    every_untargeted = own_untargeted if every_unit is own_chunks else [entry for entry in every_unit if not entry[4]]
    #: share mode: the findings up to `end` came from (part, unit, check position), part 0
    #: a unit's check and 1 a document-level one; four numbers a run in one flat array of
    #: 32-bit numbers (16 bytes, where a tuple of a tuple took ~180: a run for every unit
    #: with a finding; 64-bit past `_NARROW`); a run of one process keeps none
    runs = array("i") if share is not None else _NO_RUNS
    summary = InputSummary(
        path=document.path,
        format=document.format,
        version=document.version,
        source_lang=document.source_lang or config.source_lang,
        target_lang=document.target_lang or config.target_lang,
        target_path=document.target_path,
        profile=config.resolved_profile,
    )
    findings = FindingStore(spool=Spool())
    append = findings.append
    deduper = Deduper() if share is None else None
    if deduper is not None:
        # one process's findings are kept one per problem as they are made, so that
        # `_finish` need not read them all back and keep them compact again to drop
        # the repeats (a share's are deduplicated once assembled, in the order of one
        # process)
        first_of_its_problem = deduper.keep

        def append(finding: Finding, _append=findings.append) -> None:
            if first_of_its_problem(finding):
                _append(finding)

    keep = config.is_enabled
    check_fuzzy = config.check_fuzzy
    rules = plugins.rules
    count = 0
    from qa_core.limits import current as current_limits

    limits = current_limits()
    alignment: list[dict] | None = None
    summarise = share is None or share.index == 0
    owned = True
    checking, checking_untargeted = own_chunks, own_untargeted
    next_chunk = chunk_size
    watch = CallWatch(config.time_limit, slot).start()
    try:
        for unit in document.units():
            if count == next_chunk or (count == 0 and share is not None):
                owned = claim(count // chunk_size)
                if runs.typecode == "i" and max(count, len(findings)) > _NARROW:
                    runs = array("q", runs)  # (a chunk's units cannot add 2**30 findings)
                checking, checking_untargeted = (own_chunks, own_untargeted) if owned else (every_unit, every_untargeted)
                next_chunk = count + chunk_size if count else chunk_size
            count += 1
            if summarise:
                if count == 1 and unit.get(ALIGN_LINK) is not None:
                    alignment = summary.alignment = []
                if alignment is not None:
                    alignment.append(alignment_entry(document, unit, unit.get(ALIGN_LINK) or "?"))
                segments = unit.segments
                if len(segments) == 1:  # (most units: no generator made)
                    summary.segments += not segments[0].ignorable
                else:
                    summary.segments += sum(1 for s in segments if not s.ignorable)
                summary.source_words += len(WORD.findall(unit.source.text))
                if progress is not None and count % PROGRESS_EVERY == 0:
                    progress.update(PROGRESS_EVERY)
            # a fuzzy translation is not in use: content checks would only add noise to
            # the one finding (BAS006) that says it needs review; a copy of the source that
            # the file marks as not translated yet is no translation (BAS001 says so)
            has_target = unit.target is not None and (check_fuzzy or not unit.fuzzy) and not unit.untranslated_copy
            too_big = _over_limits(unit, limits)
            if too_big is not None:
                if owned and keep(rules["TQA003"]):
                    engine.unit = unit
                    # at the start of the source: locating (and copying) the whole of a huge side is the cost avoided
                    append(engine.finding("TQA003", too_big, unit=unit, source=Span(0, 0),
                                                   data={"limit": too_big.split("'")[1]}))
                    runs.extend((0, count, -1, len(findings)))
                continue
            watch.unit = unit
            # (the loop runs for every unit and check: ~60 checks a unit, so what it does
            # itself is kept to attribute stores; `watch.mark` written out, no len() calls;
            # the time limit needs `calls` and `check`, the slot names the check to the
            # parent of a worker)
            for position, check, number, ctx, _needs_target, check_unit in checking if has_target else checking_untargeted:
                ctx.unit = unit
                watch.calls += 1
                watch.check = check
                if slot is not None:
                    slot[1] = number
                added = False
                try:
                    for finding in check_unit(unit, ctx):
                        if keep(rules[finding.rule_id]):
                            append(finding)
                            added = True
                except TqaError:
                    raise
                except SystemExit as error:
                    raise _exited(check, document, unit, error) from None
                except Exception as error:  # noqa: BLE001 - a broken check must not end the run
                    engine.unit = unit
                    append(_crash(engine, check, error, unit, watch))
                    added = True
                if added:
                    runs.extend((0, count, position, len(findings)))
                watch.check = None
            if slot is not None:
                slot[1] = -1  # reading the next unit is nobody's check
        summary.units = count
        if progress is not None:
            progress.update(count % PROGRESS_EVERY)
        # a document-level check sees every unit: its limit grows with the document
        watch.limit = config.time_limit * max(1.0, count / 1000)
        watch.unit = None
        for position, (check, number, ctx) in enumerate(contexts):
            if not check.handles_documents() or position not in mine:
                continue
            ctx.unit = None
            watch.calls += 1
            watch.check = check
            watch.mark(number)
            before = len(findings)
            try:
                for finding in check.check_document(document, ctx):
                    if keep(rules[finding.rule_id]):
                        append(finding)
            except TqaError:
                raise
            except SystemExit as error:
                raise _exited(check, document, None, error) from None
            except Exception as error:  # noqa: BLE001
                engine.unit = None
                append(_crash(engine, check, error, None, watch))
            if len(findings) != before:
                runs.extend((1, 0, position, len(findings)))
            watch.check = None
            watch.mark(-1)
    finally:
        watch.stop()
    run_data = {check.name: data for position, (check, _, _) in enumerate(contexts)
                if gather and position in mine and check.handles_runs() and (data := check.run_data()) is not None}
    if share is not None:
        return DocumentResult(summary, findings, run_data, runs)
    return DocumentResult(summary, _finish(document, findings, plugins, config, findings.spool, deduper), run_data)


def _finish(document: Document, findings: Iterable[Finding], plugins: Plugins, config: Config,
            spool: Spool | None = None, deduper: Deduper | None = None) -> FindingStore:
    """The reader's warnings added, one finding per problem, and the findings hooks
    (suppressions, baseline) applied: what a document reports. `findings` is read once,
    as a stream; what comes out is kept compact (`FindingStore`), and the findings hook
    is given it (a sized, re-iterable sequence: see `tqa_process_findings`). A store
    already kept one per problem by `deduper` takes the warnings and is that store."""
    engine = CheckContext(document, Engine(), config, plugins.hook)
    rules = plugins.rules
    warnings = document.warnings and config.is_enabled(rules["TQA002"])
    if deduper is not None and isinstance(findings, FindingStore):
        if warnings:
            findings.extend(dedupe_stream(_warnings(engine, document, rules["TQA002"]), deduper))
        deduped = findings
    else:
        if warnings:
            findings = itertools.chain(findings, _warnings(engine, document, rules["TQA002"]))
        deduped = FindingStore(dedupe_stream(findings), spool)
    try:
        processed = plugins.hook.tqa_process_findings(document=document, findings=deduped, config=config)
        if processed is not deduped:  # a plugin made a new collection: kept compact in turn
            processed = FindingStore(processed, spool)
    except TqaError:
        raise
    except Exception as error:  # noqa: BLE001 - the findings stay as they were, and say so
        from qa_core.plugin_errors import describe

        processed = deduped
        processed.append(engine.finding(
            "TQA001",
            f"{describe(plugins.hook.tqa_process_findings, 'tqa_process_findings', error)}; the findings are reported unprocessed.",
            data={"hook": "tqa_process_findings", "error": type(error).__name__},
        ))
    return processed


def assemble(document: Document, shares: Sequence[DocumentResult], plugins: Plugins, config: Config,
             release: bool = False) -> DocumentResult:
    """`_assemble` with the project paths of `config.root` current (see `check_document`)."""
    with project.current(config.root):
        return _assemble(document, shares, plugins, config, release)


def _assemble(document: Document, shares: Sequence[DocumentResult], plugins: Plugins, config: Config,
              release: bool = False) -> DocumentResult:
    """One document's result from the results of its shares (`shares[0]` the parent's,
    made on `document`): the findings in the order one process makes them (by unit,
    then check; then the document-level parts by check), then as `check_document`.

    `release`: the shares' compact findings are let go as they are made objects (the
    shares are left empty), so that a large file's are not held twice at the end."""
    config = config.for_document(document.format, content_profile(document))
    pieces = _pieces(shares)
    # a share's findings come in the order it made them, which is the order of its
    # pieces here (units in order, checks in order, then the document-level parts): each
    # share is read as a stream, one compact batch at a time
    streams = [_reader(result.findings, release) for result in shares]
    if release:
        for result in shares:
            result.runs = None

    def ordered():
        for first in range(0, len(pieces), 4096):  # made Python numbers a block at a time
            for _part, _unit, _check, number, start, end in pieces[first:first + 4096].tolist():
                yield from itertools.islice(streams[number], end - start)

    run_data: dict[str, object] = {}
    for result in shares:
        run_data.update(result.run_data)
    spool = next((r.findings.spool for r in shares if isinstance(r.findings, FindingStore) and r.findings.spool), None)
    return DocumentResult(shares[0].summary, _finish(document, ordered(), plugins, config, spool or Spool()), run_data)


class _NoRuns:
    """Where a run of one process (no `Share`) writes its runs of findings: nowhere."""

    typecode = ""

    def extend(self, _numbers) -> None:
        pass


_NO_RUNS = _NoRuns()
#: past this many units or findings a share's runs are kept as 64-bit numbers
_NARROW = (1 << 31) - (1 << 30)


def _pieces(shares: Sequence[DocumentResult]):
    """The runs of findings of all the shares in the order one process makes them: one
    numpy array, a row a run (part, unit, check position, share, start, end), sorted by
    its columns in turn. 48 bytes a run, where a tuple of a tuple took ~200 (the runs of
    a 1M-unit file, one for most units with a finding, peaked the parent's assembly)."""
    import numpy

    tables = []
    for number, result in enumerate(shares):
        if result.runs is None or not len(result.runs):
            continue
        runs = numpy.frombuffer(result.runs, dtype=numpy.dtype(result.runs.typecode)).reshape(-1, 4)
        table = numpy.empty((len(runs), 6), dtype=numpy.int64)
        table[:, :3] = runs[:, :3]
        table[:, 3] = number
        table[0, 4] = 0
        table[1:, 4] = runs[:-1, 3]  # a run starts where the share's previous one ended
        table[:, 5] = runs[:, 3]
        tables.append(table)
        del runs
    if not tables:
        return numpy.empty((0, 6), dtype=numpy.int64)
    table = numpy.concatenate(tables) if len(tables) > 1 else tables[0]
    del tables
    # lexsort's last key is the first one: the columns reversed sort by part, then unit, ...
    return table[numpy.lexsort(table.T[::-1])]


def _reader(findings, release: bool = True) -> Iterator[Finding]:
    """The findings of a result read once, in order: a store emptied as it is read
    (`release`), a list as it is."""
    if isinstance(findings, FindingStore):
        return findings.consume() if release else iter(findings)
    return iter(findings)


def check_run(results: Sequence[DocumentResult], plugins: Plugins, config: Config) -> list[Finding]:
    """The run-level part of the checks that compare documents (`Check.check_run`), with
    the project paths of `config.root` current (see `check_document`)."""
    with project.current(config.root):
        return _check_run(results, plugins, config)


def _check_run(results: Sequence[DocumentResult], plugins: Plugins, config: Config) -> list[Finding]:
    findings: list[Finding] = []
    config = config.for_run(r.summary.profile or "document" for r in results)
    keep = config.is_enabled
    for cls in enabled_checks(plugins, config):
        if not cls.handles_runs():
            continue
        data = [r.run_data[cls.name] for r in results if cls.name in r.run_data]
        if not data:
            continue
        check = cls(config.settings_for(cls))
        findings.extend(f for f in check.check_run(data, RunContext(check, config)) if keep(plugins.rules[f.rule_id]))
    return findings


def _over_limits(unit: Unit, limits) -> str | None:
    """Why a unit is too big to check (see `qa_core.limits`), or None."""
    chars_limit, codes_limit = limits.unit_chars, limits.unit_codes
    source, target = unit.source, unit.target
    if _within(source, chars_limit, codes_limit) and (target is None or _within(target, chars_limit, codes_limit)):
        return None  # (every unit asks, and nearly every one is within the limits: the loop below is for the rest)
    for side, content in (("source", source), ("target", target)):
        if content is None or _within(content, chars_limit, codes_limit):
            continue
        chars = len(content.text) + content.omitted_chars
        if content.omitted_chars or limits.over("unit_chars", chars):
            return (f"The {side} of this unit has {chars:,} characters, over the limit 'unit_chars' of {limits.unit_chars:,}: "
                    f"it was not {'read whole nor ' if content.omitted_chars else ''}checked (raise the limit with --limit unit_chars=N).")
        codes = len(content.inline_codes) + content.omitted_codes
        if content.omitted_codes or limits.over("unit_codes", codes):
            return (f"The {side} of this unit has {codes:,} inline codes, over the limit 'unit_codes' of {limits.unit_codes:,}: "
                    f"it was not checked (raise the limit with --limit unit_codes=N).")
    return None


def _within(content, chars_limit: int, codes_limit: int) -> bool:
    """Whether a side is surely within the unit limits: read whole, and its text and all
    its codes (inline codes are counted only when all codes could be too many) not over."""
    return (not content.omitted_chars and not content.omitted_codes and (not chars_limit or len(content.text) <= chars_limit)
            and (not codes_limit or len(content.codes) <= codes_limit))


def check_label(check) -> str:
    """A check as messages name it: its name and the module that defines it."""
    cls = check if isinstance(check, type) else type(check)
    return f"check '{cls.name}' ({cls.__module__})"


def _exited(check: Check, document: Document, unit: Unit | None, error: SystemExit) -> PluginError:
    place = f"on unit {unit.id!r}" if unit is not None else "in its document-level part"
    return PluginError(
        f"{document.path}: {check_label(check)} tried to end the process (SystemExit {error.code!r}) {place}; "
        "the file was not fully checked"
    )


def _crash(engine: CheckContext, check: Check, error: Exception, unit: Unit | None, watch: CallWatch | None = None) -> Finding:
    place = f"unit {unit.id!r}" if unit is not None else "the document"
    if isinstance(error, CheckTimeout) or (watch is not None and watch.fired()):
        return engine.finding(
            "TQA001",
            f"Check '{check.name}' ran past the time limit of {watch.limit:g} s on {place} and was stopped"
            " (setting 'time-limit', option --time-limit).",
            unit=unit,
            sides=("source",) if unit is not None else None,
            data={"check": check.name, "error": "time-limit"},
        )
    return engine.finding(
        "TQA001",
        f"Check '{check.name}' failed on {place}: {type(error).__name__}: {' '.join(str(error).split())[:300]}{raised_at(error)}; plugin {type(check).__module__}.",
        unit=unit,
        sides=("source",) if unit is not None else None,
        data={"check": check.name, "error": type(error).__name__},
    )


def _warnings(engine: CheckContext, document: Document, rule) -> Iterable[Finding]:
    severity = engine.config.severity_for(rule, rule.severity)
    for warning in document.warnings:
        yield Finding(
            rule_id=rule.id,
            rule_name=rule.name,
            severity=severity,
            category=rule.category,
            message=warning.message,
            location=Location(
                file=document.path,
                unit_id=warning.unit_id,
                source=SideLocation(path=document.path, line=warning.line),
            ),
        )


# ---------------------------------------------------------------------------
# Running over many inputs
# ---------------------------------------------------------------------------


def run(
    paths: Sequence[str],
    plugins: Plugins,
    config: Config,
    *,
    options: ReadOptions | None = None,
    format: str | None = None,
    plugin_modules: Sequence[str] = (),
    show_progress: bool | None = None,
) -> RunResult:
    """Check every input; input errors are collected (the caller exits 2 on any)."""
    started = time.time()
    clock = time.perf_counter()
    options = options or ReadOptions(source_lang=config.source_lang, target_lang=config.target_lang)
    pairs, claimed, paired = _resource_pairs(paths, config)
    files: list = collect_inputs(paths, plugins, config, claimed, paired) + pairs
    if show_progress is None:
        show_progress = sys.stderr.isatty()
    results: dict[str, DocumentResult] = {}
    errors: list[TqaError] = []
    cores = effective_jobs(config.jobs)
    sizes = [_size(path) for path in files]
    split = [i for i, path in enumerate(files) if cores > 1 and _splits(path, sizes[i], sum(sizes), cores)]
    jobs = max(1, min(cores, len(files)))
    gather = len(files) > 1  # the checks' run_data: only a run of several inputs compares them
    if jobs == 1 and not split:
        for path in files:
            try:
                results[path] = _run_one(path, plugins, config, options, format, show_progress, gather)
            except TqaError as error:
                errors.append(error)
    else:
        _run_in_workers(files, split, cores, plugins, config, options, format, plugin_modules, show_progress, results, errors,
                        gather, sizes)
    done = [results[path] for path in files if path in results]
    return RunResult([r.summary for r in done], gather_findings(done, check_run(done, plugins, config)), errors, started,
                     time.perf_counter() - clock)


def gather_findings(results: Sequence[DocumentResult], run_findings: list[Finding]) -> list[Finding] | FindingStore:
    """The findings of a run, sorted (`Finding.sort_key`; of equal keys, the documents'
    order, then the run-level findings): a list, or past `findings_store.SORT_RUN` a
    compact `FindingStore` (an external merge sort); each document's findings are let
    go as they are read."""
    pieces = []
    for result in results:
        pieces.append(_reader(result.findings))
        result.findings = []
    return sort_findings(pieces + [run_findings])


#: files at least this large (bytes) are split over the worker processes (`Share`) when
#: they are more than a fair share of the run (see `_splits`)
SPLIT_BYTES = 1 << 20
#: units per chunk that a share claims for the per-unit checks
CHUNK_UNITS = 256


def _size(path) -> int:
    """An input's size in bytes (a resource pair: its target file's), the measure of its
    work that the scheduler uses."""
    try:
        return os.path.getsize(path if isinstance(path, str) else path.target)
    except (OSError, AttributeError, TypeError):
        return 0


def _splits(path, size: int, total: int, cores: int) -> bool:
    """Whether a file is shared out over the processes rather than checked whole by one.
    Only a file that is large (`SPLIT_BYTES`) and more than a fair share of the run
    (`size * cores > total`) is split: a run of many files keeps every core busy with
    whole files, which costs less than splitting (every share reads the whole file and
    the document-level checks do not divide), and is as fast when no file dominates.
    A threshold of 0 (`TQA_SPLIT_BYTES=0`, for tests and comparisons) splits every file."""
    if not isinstance(path, str):  # a resource pair: small files, checked whole
        return False
    threshold = SPLIT_BYTES
    if os.environ.get("TQA_SPLIT_BYTES", "").isdigit():
        threshold = int(os.environ["TQA_SPLIT_BYTES"])
    if threshold == 0:
        return True
    return size >= threshold and size * cores > total


def _claimer(counters, lock, number: int, pump=None):
    """`claim(chunk)`: True for the first share to ask about a chunk. Shares read the
    units in order, so one counter per file suffices: the next chunk nobody claimed."""

    def claim(chunk: int) -> bool:
        if pump is not None:
            pump()
        with lock:
            if counters[number] <= chunk:
                counters[number] = chunk + 1
                return True
            return False

    return claim


def _run_in_workers(files, split, cores, plugins, config, options, format, plugin_modules, show_progress, results, errors,
                    gather: bool = True, sizes: Sequence[int] | None = None) -> None:
    """`run` with worker processes: the other files go whole to the workers, the
    largest first (so that the last to finish is a small one and no core waits long
    for another); each large file (`split`) is shared by the parent and `cores - 1`
    workers (`Share`), and the parent assembles its result. With both, one more
    worker takes the whole files while the shares run."""
    import multiprocessing

    from qa_core.workers import Pool

    context = multiprocessing.get_context()
    counters = context.RawArray("q", max(1, len(split)))
    lock = context.Lock()
    parts = cores if split else 1
    items: list = []  # (file number, share or None)
    for slot_number, number in enumerate(split):
        items.extend((number, Share(k, parts, CHUNK_UNITS, slot_number)) for k in range(1, parts))
    whole = [number for number in range(len(files)) if number not in split]
    if sizes is not None:
        whole.sort(key=lambda number: -sizes[number])  # stable: equal sizes keep their order
    items.extend((number, None) for number in whole)
    shares: dict[int, dict[int, DocumentResult]] = {number: {} for number in split}
    failures: dict[int, dict[int, TqaError]] = {number: {} for number in split}
    bar = _progress(len(files), "files", show_progress)

    def collect(item_number: int, kind: str, value) -> None:
        number, share = items[item_number]
        path = files[number]
        if kind == "ok":
            outcome = value
        elif kind == "error":
            outcome = value
        else:
            check_number, message = value
            outcome = _worker_failure(path, plugins, check_number, f"raised {message}")
        if share is not None:
            (shares if kind == "ok" else failures)[number][share.index] = outcome
            return
        if kind == "ok":
            results[path] = outcome
        else:
            errors.append(outcome)
        if bar is not None:
            bar.update(1)

    def death(item_number: int, check_number: int, how: str) -> TqaError:
        return _worker_failure(files[items[item_number][0]], plugins, check_number, f"ended its worker process ({how})")

    # the parent works on the split files' share 0: cores - 1 workers for the other
    # shares, and one more for the whole files, if any (else it would wait for them)
    workers = (cores - 1 + (1 if whole else 0) if split else cores) if items else 0
    try:
        with Pool(max(1, min(workers, len(items))), _init_worker,
                  (tuple(plugin_modules) + config.plugins, config.disable_plugins, config, options, format, counters, lock),
                  _worker_run, death, collect) as pool:
            if items:
                pool.start([(files[number], share, gather) for number, share in items])
            documents: dict[int, Document] = {}
            for slot_number, number in enumerate(split):
                share = Share(0, parts, CHUNK_UNITS, slot_number)
                try:
                    document = documents[number] = open_document(display_path(files[number]), plugins, options, format)
                    shares[number][0] = check_document(document, plugins, config, None, None, share,
                                                       _claimer(counters, lock, slot_number, pool.pump), gather=gather)
                except TqaError as error:
                    if pool.failed:  # a worker died while the parent fed it: that ends the run
                        raise
                    failures[number][0] = error
            pool.finish()
        for number in split:
            path = files[number]
            if failures[number]:
                errors.append(failures[number][min(failures[number])])
            elif len(shares[number]) == parts:
                try:
                    ordered = [shares[number].pop(k) for k in range(parts)]
                    results[path] = assemble(documents[number], ordered, plugins, config, release=True)
                except TqaError as error:
                    errors.append(error)
            if bar is not None:
                bar.update(1)
    finally:
        if bar is not None:
            bar.close()


def run_documents(documents: Sequence[Document], plugins: Plugins, config: Config) -> RunResult:
    """Check documents built in memory (two aligned documents, a monolingual one)."""
    started = time.time()
    clock = time.perf_counter()
    results = [check_document(document, plugins, config) for document in documents]
    run_findings = check_run(results, plugins, config)
    return RunResult([r.summary for r in results], gather_findings(results, run_findings), [], started,
                     time.perf_counter() - clock)


def _resource_pairs(paths: Sequence[str], config: Config):
    """Resource files inside the folders, paired by layout (`qa_core.resources`)."""
    from qa_core.resources.layouts import find_pairs

    pairs: list = []
    claimed: set[str] = set()
    paired: set[str] = set()
    for path in paths:
        if not os.path.isdir(path):
            continue
        plan = find_pairs(
            path, config.source_lang, config.resource_layouts, skip=lambda p: _excluded(p, config),
            target_lang=config.target_lang, layout_root=config.root if config.path else None,
        )
        for note in plan.notes:
            print(f"tqa: note: {note}", file=sys.stderr)
        if plan.pairs:
            paired.add(path)
        elif plan.other_langs and config.target_lang:
            # resource files, none in the language asked for: say so, rather than "no supported files"
            shown = ", ".join(sorted(plan.other_langs)[:12]) + (" …" if len(plan.other_langs) > 12 else "")
            print(f"tqa: note: {path}: no resource file in {config.target_lang} (target languages found: {shown})", file=sys.stderr)
            paired.add(path)
        pairs.extend(plan.pairs)
        claimed |= plan.claimed
    return pairs, claimed, paired


def _run_one(path, plugins, config, options, format, show_progress, gather: bool = True) -> DocumentResult:
    if not isinstance(path, str):  # a resource pair
        from qa_core.resources.pairs import open_pair

        return check_document(open_pair(path, display_path), plugins, config, gather=gather)
    document = open_document(display_path(path), plugins, options, format)
    total = count_units(path, document.format) if show_progress else None
    bar = _progress(total, "units", show_progress, os.path.basename(path))
    try:
        return check_document(document, plugins, config, bar, gather=gather)
    finally:
        if bar is not None:
            bar.close()


#: how each format's units start in its bytes, to count them before a run (a progress
#: bar with a total, a percentage and an ETA); formats not listed get a bar without total
_UNIT_MARKERS = {
    "po": (b"\nmsgid ", 1), "xliff1": (b"<trans-unit", 0), "sdlxliff": (b"<trans-unit", 0),
    "mqxliff": (b"<trans-unit", 0), "xliff2": (b"<unit ", 0), "tmx": (b"<tu>", 0), "ts": (b"<message", 0),
}


def count_units(path: str, format: str) -> int | None:
    """About how many units a file holds, by counting where they start in its bytes
    (one pass over the file, about 1 s per GB); None for formats without a marker. A PO
    file's count includes its header entry, which is not a unit: `max(0, n - 1)`."""
    marker = _UNIT_MARKERS.get(format)
    if marker is None:
        return None
    needle, header = marker
    count = 0
    tail = b""
    try:
        with open(path, "rb") as handle:
            while True:
                chunk = handle.read(1 << 22)
                if not chunk:
                    break
                block = tail + chunk
                count += block.count(needle)
                tail = block[-(len(needle) - 1):]
                count -= tail.count(needle)  # counted again with the next chunk
    except OSError:
        return None
    count += tail.count(needle)
    if format == "po":
        with open(path, "rb") as handle:
            count += handle.read(len(needle) - 1) == needle[1:]  # the first msgid, at the very start
    return max(0, count - header) or None


def _progress(total: int | None, unit: str, enabled: bool, label: str | None = None):
    if not enabled:
        return None
    try:
        from tqdm import tqdm
    except ImportError:  # pragma: no cover - tqdm is a dependency
        return None
    return tqdm(total=total, desc=label, unit=" " + unit, file=sys.stderr, leave=False, mininterval=0.5, dynamic_ncols=True)


def effective_jobs(jobs: int) -> int:
    """`jobs` as a number of processes: 0 means one per core this process may use."""
    if jobs and jobs > 0:
        return jobs
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):  # not Linux
        return max(1, os.cpu_count() or 1)


def _worker_failure(path, plugins: Plugins, check_number: int, how: str) -> TqaError:
    shown = display_path(path if isinstance(path, str) else path.target)  # a file, or a resource pair
    if 0 <= check_number < len(plugins.checks):
        return PluginError(f"{shown}: {check_label(plugins.checks[check_number])} {how}; the file was not checked")
    return PluginError(f"{shown}: reading or checking the file {how}; the file was not checked")


def _init_worker(plugin_modules: Sequence[str], disable: Sequence[str], config: Config, options: ReadOptions, format: str | None,
                 counters=None, lock=None):
    # a worker process keeps the manager it built for the whole pool's life
    return (load_plugins(plugin_modules, disable), config, options, format, counters, lock)


def _worker_run(state, item, slot) -> DocumentResult:
    plugins, config, options, format, counters, lock = state
    path, share, gather = item
    if not isinstance(path, str):  # a resource pair
        from qa_core.resources.pairs import open_pair

        return check_document(open_pair(path, display_path), plugins, config, None, slot, gather=gather)
    document = open_document(display_path(path), plugins, options, format)
    if share is not None:
        return check_document(document, plugins, config, None, slot, share, _claimer(counters, lock, share.counter),
                              gather=gather)
    return check_document(document, plugins, config, None, slot, gather=gather)
