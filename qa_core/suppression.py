"""Known findings that should not block anyone: per-unit suppressions written in the
bilingual file, and a baseline file of findings accepted as they are.

In the file, a unit is exempted from named rules by
- a note or comment (XLIFF 2 and 1.2 `<note>`, a PO translator comment) holding a
  line `tqa: ignore BAS003, NUM002 -- the reason`; rule ids or names are required
  (there is no blanket ignore) and so is the reason after `--`;
- in XLIFF 2, an ITS Localization Quality Issue marked `its:locQualityIssueEnabled="no"`
  whose `its:locQualityIssueComment` names the rule (as tqa's own XLIFF write-back
  does: a reviewer turns an issue off in a CAT tool and tqa stops reporting it).

A suppression that names no rule, an unknown rule or no reason suppresses nothing
and is reported (TQA012); one that suppressed nothing is reported too (TQA010).

A baseline (`tqa check --write-baseline FILE`, then `--baseline FILE`) lists
finding fingerprints, which stay put across runs while the problem does; later runs
drop the findings it lists, so only new ones count toward the exit code, and report
its entries that no longer match anything (TQA011). `--no-suppress` audits
everything: neither the file's suppressions nor the baseline apply.

Both apply in the `tqa_process_findings` wrapper, per document, after every check
ran, so they work the same in `tqa check`, with `--jobs`, in the pytest plugin and
in the case-file harness.
"""

from __future__ import annotations

import itertools
import json
import os
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Iterable, Iterator, Sequence

from qa_core import hookimpl
from qa_core.check import Check, CheckContext, Option
from qa_core.config import Config
from qa_core.errors import InputError
from qa_core.findings import Finding, Location, fingerprint, unit_label
from qa_core.model import CodeKind, Document, Unit
from qa_core.project import project_file
from qa_core.rules import RULE_ID, Rule, Severity

ITS = "http://www.w3.org/2005/11/its"
ITS_ENABLED = f"{{{ITS}}}locQualityIssueEnabled"
ITS_COMMENT = f"{{{ITS}}}locQualityIssueComment"
DIRECTIVE = re.compile(r"\btqa:\s*ignore\b(?P<rest>[^\n]*)", re.IGNORECASE)
_CODE = re.compile(r"\b[A-Z]{2,5}[0-9]{3}\b")
#: rules about suppressions themselves, and crashes of checks: never suppressed or baselined
UNSUPPRESSIBLE = frozenset({"TQA001", "TQA010", "TQA011", "TQA012"})
BASELINE_VERSION = 1
_STORE = "tqa.suppression.directives"
_BASELINES = "tqa.suppression.baselines"
_RULES = "tqa.suppression.rules"


@dataclass(frozen=True, slots=True)
class Suppression:
    """One suppression found in a unit: the rule ids it names (resolved), its reason,
    where it was written (`note` or `its`) and, when it is refused, why."""

    unit_id: str
    codes: tuple[str, ...]
    reason: str
    origin: str
    text: str
    problem: str | None = None


def parse_note(text: str, unit_id: str, known: dict[str, Rule] | None) -> list[Suppression]:
    """The `tqa: ignore CODES -- reason` lines of a note. With `known` (the loaded
    rules by id) names become ids and unknown codes are refused; without it codes
    stay as written (ids upper-cased) and match findings by id or name."""
    out = []
    for match in DIRECTIVE.finditer(text):
        written = match.group(0).strip()
        rest = match.group("rest").strip()
        codes_part, sep, reason = rest.partition("--")
        tokens = [t for t in re.split(r"[,\s]+", codes_part.strip()) if t]
        codes, unknown = _resolve(tokens, known)
        problem = None
        if not tokens:
            problem = "names no rule (write the rule ids, e.g. 'tqa: ignore BAS003 -- reason'; there is no blanket ignore)"
        elif unknown:
            problem = f"names no loaded rule: {', '.join(unknown)}"
        elif not sep or not reason.strip():
            problem = "gives no reason (write it after '--')"
        out.append(Suppression(unit_id, codes, reason.strip(), "note", written, problem))
    return out


def _resolve(tokens: Iterable[str], known: dict[str, Rule] | None) -> tuple[tuple[str, ...], list[str]]:
    codes: list[str] = []
    unknown: list[str] = []
    for token in tokens:
        if known is None:
            code = token.upper() if RULE_ID.match(token.upper()) else token
        else:
            rule = known.get(token.upper()) or next((r for r in known.values() if r.name == token), None)
            if rule is None:
                unknown.append(token)
                continue
            code = rule.id
        if code not in codes:
            codes.append(code)
    return tuple(codes), unknown


def directives(unit: Unit, known: dict[str, Rule] | None = None) -> list[Suppression]:
    """Every suppression written in `unit`: its notes, and disabled ITS issues on
    its source or target."""
    found: list[Suppression] = []
    for note in unit.notes:
        if "tqa:" in note.text.lower():
            found.extend(parse_note(note.text, unit.id, known))
    for content in (unit.source, unit.target):
        if content is None:
            continue
        for code in content.codes:
            if code.kind not in (CodeKind.MRK_OPEN, CodeKind.SM) or code.attr(ITS_ENABLED) != "no":
                continue
            comment = code.attr(ITS_COMMENT) or ""
            if DIRECTIVE.search(comment):
                found.extend(parse_note(comment, unit.id, known))
                continue
            tokens = [t for t in _CODE.findall(comment) if known is None or t in known]
            written = f'its:locQualityIssueEnabled="no" its:locQualityIssueComment="{comment}"'
            problem = None if tokens else "is a disabled ITS quality issue whose comment names no tqa rule id"
            found.append(Suppression(unit.id, tuple(dict.fromkeys(tokens)), comment.strip(), "its", written, problem))
    return found


# ---------------------------------------------------------------------------
# Baseline files
# ---------------------------------------------------------------------------


@lru_cache(maxsize=1)
def baseline_schema() -> dict[str, Any]:
    from qa_core.lazy import package_text

    return json.loads(package_text("qa_core", "schema", "baseline.schema.json"))


@dataclass(frozen=True)
class Baseline:
    """Fingerprints of accepted findings (with how many times each occurs), and the
    entries as written, for messages about stale ones."""

    path: str
    counts: Counter
    entries: tuple[dict[str, Any], ...]
    #: the files the entries name ('/'-separated)
    files: frozenset[str] = frozenset()

    @classmethod
    def load(cls, path: str) -> Baseline:
        try:
            with open(path, encoding="utf-8") as handle:
                data = json.load(handle)
        except FileNotFoundError:
            raise InputError(path, "no such baseline file (write one with tqa check --write-baseline FILE)") from None
        except json.JSONDecodeError as error:
            raise InputError(path, f"the baseline is not JSON: {error.msg}", error.lineno, error.colno) from None
        except UnicodeDecodeError as error:
            raise InputError(path, f"the baseline is not UTF-8 text: {error.reason}") from None
        import jsonschema  # here: only runs with a baseline import it

        error = jsonschema.exceptions.best_match(jsonschema.Draft202012Validator(baseline_schema()).iter_errors(data))
        if error is not None:
            where = "/".join(str(p) for p in error.absolute_path) or "(root)"
            raise InputError(path, f"not a tqa baseline at {where}: {error.message}")
        counts: Counter = Counter()
        for entry in data["findings"]:
            counts[entry["fingerprint"]] += entry.get("count", 1)
        return cls(path, counts, tuple(data["findings"]), frozenset(e["file"].replace("\\", "/") for e in data["findings"]))


def baseline_entries(findings: Iterable[Finding], root: str | None = None) -> list[dict[str, Any]]:
    """Baseline entries for `findings`: one per fingerprint, with a count, sorted by
    file, unit and rule so that the file diffs well under version control. Files are
    named by their path from the project `root` (`qa_core.project`), as the
    fingerprints name them; without a root, as displayed."""
    from qa_core.project import project_paths

    named = project_paths(root, os.getcwd()).of if root is not None else (lambda path: path)
    grouped: dict[str, dict[str, Any]] = {}
    for finding in findings:
        if finding.rule_id in UNSUPPRESSIBLE:
            continue
        entry = grouped.get(finding.fingerprint)
        if entry is None:
            grouped[finding.fingerprint] = {
                "fingerprint": finding.fingerprint,
                "rule": finding.rule_id,
                "file": named(finding.location.file),
                "unit": finding.location.unit_id,
                "severity": finding.severity.value,
                "message": finding.message,
                "count": 1,
            }
        else:
            entry["count"] += 1
    return sorted(grouped.values(), key=lambda e: (e["file"], e["unit"] or "", e["rule"], e["fingerprint"]))


def write_baseline(path: str, findings: Iterable[Finding], tool_version: str, root: str | None = None) -> int:
    """Write every (suppressible) finding to a baseline file (files named from the
    project `root`); return how many."""
    from datetime import datetime, timezone

    entries = baseline_entries(findings, root)
    data = {
        "tool": "tqa",
        "version": BASELINE_VERSION,
        "tool_version": tool_version,
        "written": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "findings": entries,
    }
    import jsonschema

    jsonschema.Draft202012Validator(baseline_schema()).validate(data)
    from qa_core.report import write_atomic  # the report layer sits above the checks

    write_atomic(path, json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    return sum(e["count"] for e in entries)


def stop_baseline(config: Config) -> None:
    """For `--write-baseline`: the run must see every finding, so no baseline filters it."""
    config.checks.setdefault(Suppressions.name, {})["baseline"] = ""


# ---------------------------------------------------------------------------
# The check (its rules, its options, and collecting the directives)
# ---------------------------------------------------------------------------


class Suppressions(Check):
    """Collects the units that hold suppressions while the units stream past, so
    that the findings wrapper below need not read the document a second time, and
    notes which rules are loaded so that it can refuse unknown codes."""

    name = "suppression"
    split = "parent"  # apply() reads the units it collected, in the process that reports
    needs_target = False
    needs_source = False
    rules = (
        Rule("TQA010", "unused-suppression", Severity.MINOR, "Other",
             "A suppression in the file names a rule that reported nothing in its unit."),
        Rule("TQA011", "stale-baseline-entry", Severity.INFO, "Other",
             "An entry of the baseline file matches no finding any more."),
        Rule("TQA012", "invalid-suppression", Severity.MINOR, "Other",
             "A suppression in the file names no rule, an unknown rule, or gives no reason; it suppresses nothing."),
    )
    options = (
        Option("baseline", "", "Baseline file of accepted findings (tqa check --baseline FILE); empty for none."),
        Option("enabled", True, "Apply suppressions and the baseline; false audits everything (tqa check --no-suppress)."),
    )

    def check_unit(self, unit, ctx):
        if _has_directive(unit):
            _store(ctx).append(unit)
        return ()

    def check_document(self, document, ctx):
        _store(ctx)
        return ()


def unit_lines(unit: Unit) -> tuple[int, int] | None:
    """The first and last line of the file that `unit` occupies, as far as the reader
    said (None when it did not)."""
    lines = [unit.line] if unit.line is not None else []
    last = []
    for segment in unit.segments:
        for line, content in ((segment.source_line, segment.source), (segment.target_line, segment.target)):
            if line is not None:
                lines.append(line)
                last.append(line + (content.text.count("\n") if content is not None else 0))
    if not lines:
        return None
    return min(lines), max(last + lines)


def belongs(finding: Finding, unit: Unit, lines: tuple[int, int] | None) -> bool:
    """Whether `finding` (whose unit id is `unit.id`) is about this very unit: unit ids
    are unique only within an XLIFF <file>, so where the lines are known a finding
    must also lie within the unit's lines."""
    if lines is None:
        return True
    known = [side.line for side in (finding.location.source, finding.location.target)
             if side is not None and side.line is not None and side.path == finding.location.file]
    if not known:
        return True
    return any(lines[0] <= line <= lines[1] for line in known)


def _has_directive(unit: Unit) -> bool:
    # (asked of every unit: most have no note and no inline code, and make no generator)
    notes = unit.notes
    if notes and any("tqa:" in note.text.lower() for note in notes):
        return True
    for content in (unit.source, unit.target):
        if content is not None and content.codes and any(code.attr(ITS_ENABLED) == "no" for code in content.codes):
            return True
    return False


def _store(ctx: CheckContext) -> list[Unit]:
    extra = ctx.config.extra
    if _RULES not in extra and ctx.hook is not None:
        extra[_RULES] = {rule.id: rule for batch in ctx.hook.tqa_register_checks() for check in batch for rule in check.rules}
    return extra.setdefault(_STORE, {}).setdefault(ctx.document.path, [])


def _settings(config: Config) -> dict[str, Any]:
    values = {option.name: option.default for option in Suppressions.options}
    values.update(config.checks.get(Suppressions.name, {}))
    return values


@hookimpl
def tqa_register_checks():
    return [Suppressions]


@hookimpl(wrapper=True)
def tqa_process_findings(document, findings, config):
    findings = yield
    return apply(document, findings, config)


def apply(document: Document, findings: Sequence[Finding], config: Config) -> Sequence[Finding] | Iterable[Finding]:
    """The findings of one document less the suppressed and baselined ones, plus
    findings about the suppressions and the baseline themselves.

    `findings` is read as a stream (twice at most: it must be re-iterable, as the
    findings hook's argument is); when nothing applies it is returned as it is, else a
    list for a list and a lazy iterable for anything else (the runner keeps it compact).

    When the `suppression` check did not run (its rules deselected), suppressions
    still apply: the document's units are read once more to find them, and codes
    match findings by id or name without being checked against the loaded rules."""
    collected = config.extra.get(_STORE, {}).pop(document.path, None)
    settings = _settings(config)
    if not settings["enabled"]:
        return findings
    known: dict[str, Rule] | None = config.extra.get(_RULES) if collected is not None else None
    reporting = known is not None
    ctx = CheckContext(document, Suppressions(), config)
    extra: list[Finding] = []

    def eligible(finding: Finding) -> bool:
        return finding.location.unit_id is not None and finding.location.file == document.path and finding.rule_id not in UNSUPPRESSIBLE

    if collected is not None:
        units = collected
    else:  # read the document once more only for the units that have findings (their ids' hashes: a
        # collision only reads one more unit)
        with_findings = {hash(f.location.unit_id) for f in findings if eligible(f)}
        units = [u for u in document.units() if hash(u.id) in with_findings and _has_directive(u)] if with_findings else []
    # the findings of the units with directives only, with their places in the stream
    by_unit: dict[str, list[tuple[int, Finding]]] = {}
    if units:
        wanted = {unit.id for unit in units}
        for index, finding in enumerate(findings):
            if eligible(finding) and finding.location.unit_id in wanted:
                by_unit.setdefault(finding.location.unit_id, []).append((index, finding))
    removed: set[int] = set()
    for unit in units:
        for suppression in directives(unit, known):
            if suppression.problem is not None:
                if reporting and config.is_enabled(known["TQA012"]):
                    extra.append(ctx.finding(
                        "TQA012",
                        f"Suppression '{_short(suppression.text)}' {suppression.problem}; it suppresses nothing.",
                        unit=unit, sides=("source",), data={"origin": suppression.origin},
                    ))
                continue
            targets = set(suppression.codes) - UNSUPPRESSIBLE
            used: set[str] = set()
            lines = unit_lines(unit)
            for index, finding in by_unit.get(unit.id, ()):
                if index not in removed and (finding.rule_id in targets or finding.rule_name in targets) and belongs(finding, unit, lines):
                    removed.add(index)
                    used.add(finding.rule_id)
                    used.add(finding.rule_name)
            if not reporting or not config.is_enabled(known["TQA010"]):
                continue
            unused = [code for code in suppression.codes if code not in used and code in known and config.is_enabled(known[code])]
            if unused:
                extra.append(ctx.finding(
                    "TQA010",
                    f"Suppression '{_short(suppression.text)}' is unused: {', '.join(unused)} reported nothing in this unit; remove it.",
                    unit=unit, sides=("source",), data={"codes": unused, "origin": suppression.origin},
                ))
    del by_unit
    if not removed and not extra and not settings["baseline"]:
        return findings
    out: Iterable[Finding] = itertools.chain(
        (finding for index, finding in enumerate(findings) if index not in removed) if removed else findings, extra)
    if settings["baseline"]:
        out = _apply_baseline(document, out, config, settings["baseline"], config.extra.get(_RULES))
    return list(out) if isinstance(findings, list) else out


def _apply_baseline(
    document: Document, findings: Iterable[Finding], config: Config, path: str, known: dict[str, Rule] | None = None
) -> Iterator[Finding]:
    """`findings` less those the baseline accepts, plus a TQA011 finding per entry that
    matches nothing any more (after the others: a stream, read once). An entry of a rule
    that did not run (deselected, ignored, or of a plugin not loaded) is neither matched
    nor stale: nothing could have fixed it."""
    cache = config.extra.setdefault(_BASELINES, {})
    if path not in cache:
        cache[path] = Baseline.load(path)
    baseline: Baseline = cache[path]
    remaining = Counter(baseline.counts)
    shown = document.path
    legacy = _legacy_fingerprints(baseline, shown)
    name = project_file(shown) if legacy is None else shown.replace("\\", "/")
    for finding in findings:
        if finding.rule_id in UNSUPPRESSIBLE:
            yield finding
        elif remaining[finding.fingerprint] > 0:
            remaining[finding.fingerprint] -= 1
        elif legacy and finding.location.file == shown and remaining[old := fingerprint(finding, shown)] > 0 and old in legacy:
            remaining[old] -= 1
        else:
            yield finding
    rule = Suppressions.rules[1]
    if not config.is_enabled(rule):
        return
    severity = config.severity_for(rule, rule.severity)
    for entry in baseline.entries:
        if entry["file"].replace("\\", "/") != name or remaining[entry["fingerprint"]] <= 0:
            continue
        if known is not None and (entry["rule"] not in known or not config.is_enabled(known[entry["rule"]])):
            continue
        left = remaining[entry["fingerprint"]]
        remaining[entry["fingerprint"]] = 0
        unit = f" in unit '{unit_label(entry['unit'])}'" if entry.get("unit") else ""
        times = f" ({left} of {entry.get('count', 1)} no longer occur)" if entry.get("count", 1) > 1 else ""
        yield Finding(
            rule_id=rule.id,
            rule_name=rule.name,
            severity=severity,
            category=rule.category,
            message=(
                f"Baseline entry {entry['fingerprint'][:12]} for {entry['rule']}{unit} matches no finding any more{times} "
                f"(was: '{_short(entry.get('message', ''))}'); rewrite the baseline with --write-baseline."
            ),
            location=Location(file=document.path, unit_id=entry.get("unit")),
            data={"fingerprint": entry["fingerprint"], "baseline": path, "rule": entry["rule"]},
        )


def _legacy_fingerprints(baseline: Baseline, shown: str) -> frozenset[str] | None:
    """For a baseline written by a tqa that named files as displayed (before project
    roots, tqa 9253f46 and earlier) in a folder other than the root: the fingerprints of
    its entries for the document `shown`, which name it by its displayed path; else None
    (the usual case: the displayed path is the project path, or the baseline names the
    document by its project path).

    Such an entry matches a finding whose fingerprint, made from the displayed path, is
    its own, and is stale by the same name: run from the folder it was written in, the
    baseline keeps working (and `--write-baseline` rewrites it with project paths). A
    baseline that names no file by this document's project path but some by its displayed
    path is taken as such (an entry of another file whose project path is this file's
    displayed path, `x.po` at the root seen from `locales/` holding `x.po`, could be taken
    for one; it then matches only a finding of the same rule, unit and text)."""
    shown = shown.replace("\\", "/")
    key = project_file(shown)
    if key == shown or key in baseline.files or shown not in baseline.files:
        return None
    return frozenset(entry["fingerprint"] for entry in baseline.entries if entry["file"].replace("\\", "/") == shown)


def _short(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
