"""The reviewer's report: one self-contained HTML file (inline CSS and script, no
network, no external asset). It opens with what decides the job: the coverage of
an aligned document pair, the critical and major findings grouped (a repeated
finding is one card with a count), counts by rule and by file, beside the MQM
scorecard; then a map of each aligned pair (SVG: source and target as columns of
blocks scaled by length, their links, omissions and additions, findings as dots);
then the findings, source beside target with their spans marked (the whole
document for an aligned pair), a page at a time, filtered by severity, category,
rule, text and review state, with j/k from finding to finding. Marks (accepted /
false alarm, with a reason) stay in the browser and export as a baseline file that
`tqa check --baseline` reads.

Scorecard (MQM scoring model): each finding costs the weight of its severity
(default info 0, minor 1, major 5, critical 25); the absolute penalty total is
normed to 1,000 source words; the run passes when that normed penalty is at or
below the threshold (default 10, i.e. a quality score of at least 99 on the
model's 100-point scale). Options (`--reporter-option`): `weights` (a table
severity -> number), `threshold` (a number), `title` (a string).
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from typing import Any, Iterable

from qa_core import hookimpl
from qa_core.errors import UsageError
from qa_core.findings import Finding, unit_label
from qa_core.lazy import lazy_module
from qa_core.mqm import dimensions, split
from qa_core.report import Report
from qa_core.reporters import Reporter, overview
from qa_core.rules import Severity

#: `html` (with html.entities, ~2 ms) is imported when a report is written, not at every start-up
html = lazy_module("html", globals(), "html")

DEFAULT_WEIGHTS = {"info": 0.0, "minor": 1.0, "major": 5.0, "critical": 25.0}
DEFAULT_THRESHOLD = 10.0
REFERENCE_WORDS = 1000
SEVERITIES = [s.value for s in sorted(Severity, key=lambda s: -s.rank)]


def esc(text: Any) -> str:
    return html.escape(str(text), quote=True)


@dataclass(frozen=True, slots=True)
class Scorecard:
    """Penalties by MQM category and severity, normed to 1,000 source words."""

    counts: dict[str, Counter]  # category -> severity -> count
    weights: dict[str, float]
    source_words: int
    threshold: float

    @classmethod
    def of(cls, findings: Iterable[Finding], source_words: int, weights: dict[str, float], threshold: float) -> Scorecard:
        counts: dict[str, Counter] = {}
        for finding in findings:
            counts.setdefault(finding.category, Counter())[finding.severity.value] += 1
        return cls(counts, weights, source_words, threshold)

    def penalty(self, category: str | None = None, severity: str | None = None) -> float:
        total = 0.0
        for cat, by_severity in self.counts.items():
            if category is not None and cat != category:
                continue
            for sev, count in by_severity.items():
                if severity is None or sev == severity:
                    total += count * self.weights.get(sev, 0.0)
        return total

    @property
    def normed(self) -> float | None:
        """Penalty points per 1,000 source words (None when no words were counted)."""
        if not self.source_words:
            return None
        return self.penalty() * REFERENCE_WORDS / self.source_words

    @property
    def quality_score(self) -> float | None:
        """MQM quality score on a 100-point scale: 100 × (1 − penalty per word)."""
        if not self.source_words:
            return None
        return 100.0 * (1.0 - self.penalty() / self.source_words)

    @property
    def passed(self) -> bool:
        normed = self.normed
        if normed is None:
            return self.penalty() == 0
        return normed <= self.threshold

    def categories(self) -> list[str]:
        order = {d: i for i, d in enumerate(dimensions())}
        return sorted(self.counts, key=lambda c: (order.get(split(c)[0], 99), c))


def _weights(value: Any) -> dict[str, float]:
    weights = dict(DEFAULT_WEIGHTS)
    if value is None:
        return weights
    if isinstance(value, str):  # "minor=1,major=5,critical=25" from a command line
        pairs = [part.split("=", 1) for part in value.split(",") if part.strip()]
        if any(len(p) != 2 for p in pairs):
            raise UsageError(f"'weights' must be SEVERITY=NUMBER pairs separated by commas (got {value!r})")
        value = {k.strip(): v.strip() for k, v in pairs}
    if not isinstance(value, dict):
        raise UsageError(f"'weights' must be a table of severity = number (got {value!r})")
    for key, number in value.items():
        if key not in DEFAULT_WEIGHTS:
            raise UsageError(f"'weights' keys must be one of {', '.join(DEFAULT_WEIGHTS)} (got {key!r})")
        try:
            weights[key] = float(number)
        except (TypeError, ValueError):
            raise UsageError(f"'weights.{key}' must be a number (got {number!r})") from None
        if weights[key] < 0:
            raise UsageError(f"'weights.{key}' must be at least 0 (got {number!r})")
    return weights


def _threshold(value: Any) -> float:
    if value is None:
        return DEFAULT_THRESHOLD
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise UsageError(f"'threshold' must be a number of penalty points per 1,000 source words (got {value!r})") from None
    if number < 0:
        raise UsageError(f"'threshold' must be at least 0 (got {value!r})")
    return number


# ---------------------------------------------------------------------------
# The reporter
# ---------------------------------------------------------------------------

#: rows (units) the reading view shows per page; the findings are data, the page
#: renders one page of them at a time, so 20k findings stay usable
ROWS_PER_PAGE = 50
#: links of an aligned pair drawn one by one up to this many units; above, one band
MAP_LINKS = 3000
MAP_WIDTH = 560
#: summary cards shown at once, and at most (the rest are in the findings below)
CARDS_OPEN = 12
CARDS_MAX = 200
#: rules tqa never lets a baseline hide (crashes, findings about suppressions)
UNSUPPRESSIBLE = frozenset({"TQA001", "TQA010", "TQA011", "TQA012"})


class HtmlReporter(Reporter):
    name = "html"
    description = ("Self-contained HTML for reviewers: summary first, MQM scorecard, a map of aligned document pairs, "
                   "source and target side by side, review marks exported as a baseline.")
    extension = ".html"
    option_names = ("weights", "threshold", "title")

    def render(self, report: Report) -> str:
        weights = _weights(self.options.get("weights"))
        threshold = _threshold(self.options.get("threshold"))
        title = str(self.options.get("title") or "tqa report")
        summary = report.summary()
        card = Scorecard.of(report.findings, summary["source_words"], weights, threshold)
        rows, files = _rows(report)
        parts = [
            "<!DOCTYPE html>",
            '<html lang="en">',
            "<head>",
            '<meta charset="utf-8">',
            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'\">",
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f'<meta name="generator" content="tqa {esc(report.tool_version)}">',
            f"<title>{esc(title)}: {len(report.findings)} finding(s)</title>",
            f"<style>{CSS}</style>",
            "</head>",
            "<body>",
            '<a class="skip" href="#review">Skip to the findings</a>',
            f"<header><h1>{esc(title)}</h1>{self._about(report, summary)}</header>",
            "<main>",
            '<div class="top">',
            self._summary(report, card, rows),
            self._scorecard(card),
            "</div>",
            self._maps(report, rows),
            self._review(report, rows),
            "</main>",
            f'<script id="tqa-data" type="application/json">{_script_json(self._data(report, card, rows, files))}</script>',
            f"<script>{SCRIPT}</script>",
            "</body>",
            "</html>",
        ]
        return "\n".join(parts) + "\n"

    # ----- header --------------------------------------------------------

    def _about(self, report: Report, summary: dict[str, Any]) -> str:
        items = []
        for i in report.inputs:
            name = f"<code>{esc(i.path)}</code>"
            if i.target_path and i.target_path != i.path:
                name += f" → <code>{esc(i.target_path)}</code>"
            items.append(
                f"<li>{name} {esc(i.format)}{' ' + esc(i.version) if i.version else ''}"
                f" · {esc(i.source_lang or '?')} → {esc(i.target_lang or '?')}"
                f" · {i.units} unit(s), {i.source_words} source word(s)"
                f"{' · checking profile ' + esc(i.profile) if i.profile else ''}</li>"
            )
        files = f'<ul class="files">{"".join(items)}</ul>'
        if len(items) > 5:
            files = f'<details class="files"><summary>{len(items)} files</summary>{files}</details>'
        started = f" on {esc(report.started)}" if report.started else ""
        return (
            f'<p class="meta">tqa {esc(report.tool_version)}{started} · {summary["files"]} file(s), '
            f'{summary["units"]} unit(s), {summary["source_words"]} source word(s) · '
            f'<span id="total">{len(report.findings)}</span> finding(s) · fails on {esc(report.fail_on)}</p>{files}'
        )

    # ----- summary -------------------------------------------------------

    def _summary(self, report: Report, card: Scorecard, rows: list[dict[str, Any]]) -> str:
        findings = report.findings
        sev = Counter(f.severity.value for f in findings)
        counts = ", ".join(f"{sev[s]} {s}" for s in SEVERITIES if sev[s]) or "no findings"
        normed = card.normed
        rate = f"{normed:.1f} penalty points per 1,000 source words" if normed is not None else f"penalty {_num(card.penalty())}"
        verdict = "Passes" if card.passed else "Does not pass"
        out = [
            '<section id="summary" aria-labelledby="summary-title">',
            '<h2 id="summary-title">Summary</h2>',
            (f'<p class="headline"><strong class="{"pass" if card.passed else "fail"}">{verdict}</strong> the MQM threshold: '
             f"{esc(counts)}; {esc(rate)} (threshold {_num(card.threshold)}).</p>"),
        ]
        for number, cover in enumerate(overview.coverage(report)):
            names = f"<code>{esc(cover.path)}</code>" + (f" → <code>{esc(cover.target_path)}</code>" if cover.target_path else "")
            percent = cover.words_percent
            bar = ""
            if percent is not None:
                bar = (f'<div class="bar" role="img" aria-label="{_pct(100 - percent)} of the source\'s words translated">'
                       f'<span class="done" style="width:{100 - percent:.2f}%"></span><span class="gone" style="width:{percent:.2f}%"></span></div>')
            out.append(
                f'<div class="coverage{" gap" if cover.omitted_paragraphs else ""}" id="coverage-{number}">'
                f'<h3>Coverage of {names}</h3><p class="cover-text">{esc(cover.sentence())}</p>{bar}</div>'
            )
        if len(report.inputs) > 1:  # several files: which ones to look at first
            out.append(self._by_file(report, card))
        groups = overview.groups(findings)
        row_of = {i: r for r, row in enumerate(rows) for i in row["fs"]}
        paths = report.project_paths()
        total = sum(g.count for g in groups)
        out.append(f'<h3>Critical and major findings <span class="count">({len(groups)} group(s), {total} finding(s))</span></h3>')
        if groups:
            out.append('<ol class="cards">')
            out.extend(self._card(group, report, row_of) for group in groups[:CARDS_OPEN])
            out.append("</ol>")
            if len(groups) > CARDS_OPEN:
                more = groups[CARDS_OPEN:CARDS_MAX]
                out.append(f'<details class="more-cards"><summary>{len(groups) - CARDS_OPEN} more group(s)</summary><ol class="cards">'
                           + "".join(self._card(group, report, row_of) for group in more) + "</ol>")
                if len(groups) > CARDS_MAX:
                    out.append(f'<p class="more">… and {len(groups) - CARDS_MAX} more: filter the findings below by severity.</p>')
                out.append("</details>")
        else:
            out.append('<p class="clean">No critical or major findings.</p>')
        out.append(self._by_rule(report))
        out.append("</section>")
        return "\n".join(out)

    def _card(self, group: overview.Group, report: Report, row_of: dict[int, int]) -> str:
        index, first = group.findings[0]
        runs = group.paragraphs()
        badge = ""
        if runs and runs > 1:
            badge = f'<span class="times">{runs} paragraphs</span>'
        elif group.count > 1:
            badge = f'<span class="times">×{group.count}</span>'
        pair = any(i.target_path and i.target_path != i.path for i in report.inputs if i.path == first.location.file)
        where = overview.place(first, pair)
        if len(report.inputs) > 1:
            where = f"{first.location.file} {where}"
        places = ""
        if group.count > 1:
            several = len(report.inputs) > 1
            links = "".join(
                f'<li><a href="#f{i}" data-goto="{i}">{esc((f.location.file + " ") if several else "")}{esc(overview.place(f, pair))}'
                f'{" [" + esc(unit_label(f.location.unit_id)) + "]" if f.location.unit_id else ""}</a></li>'
                for i, f in group.findings[:100]
            )
            more = f"<li>… and {group.count - 100} more</li>" if group.count > 100 else ""
            places = f'<details><summary>{group.count} places</summary><ul class="places">{links}{more}</ul></details>'
        return (
            f'<li class="card sev-{first.severity.value}" data-rule="{esc(first.rule_id)}">'
            f'<span class="badge sev-{first.severity.value}">{first.severity.value}</span> '
            f'<span class="rule" title="{esc(first.rule_name)}">{esc(first.rule_id)}</span> {badge} '
            f'<span class="where">{esc(where)}</span>'
            f'<a class="msg" href="#f{index}" data-goto="{index}">{esc(first.message)}</a>{places}</li>'
        )

    def _by_rule(self, report: Report) -> str:
        if not report.findings:
            return ""
        table: dict[str, Counter] = {}
        names: dict[str, tuple[str, str]] = {}
        for f in report.findings:
            table.setdefault(f.rule_id, Counter())[f.severity.value] += 1
            names[f.rule_id] = (f.rule_name, f.category)
        rank = {s: i for i, s in enumerate(SEVERITIES)}

        def order(rule: str):
            worst = min(rank[s] for s in table[rule])
            return (worst, -sum(table[rule].values()), rule)

        head = "".join(f'<th scope="col">{s}</th>' for s in SEVERITIES)
        body = "".join(
            f'<tr><th scope="row"><a href="#review" data-rule="{esc(rule)}" title="show only {esc(rule)}">{esc(rule)}</a></th>'
            f"<td class=\"name\">{esc(names[rule][0])}</td><td class=\"name\">{esc(names[rule][1])}</td>"
            + "".join(f"<td>{table[rule][s] or ''}</td>" for s in SEVERITIES)
            + f'<td class="num">{sum(table[rule].values())}</td></tr>'
            for rule in sorted(table, key=order)
        )
        return (
            '<h3>By rule</h3><table class="counts by-rule"><thead><tr><th scope="col">Rule</th><th scope="col" class="name">Name</th>'
            f'<th scope="col" class="name">Category</th>{head}<th scope="col">All</th></tr></thead><tbody>{body}</tbody></table>'
        )

    def _by_file(self, report: Report, card: Scorecard) -> str:
        files = overview.by_file(report, card.weights)
        head = "".join(f'<th scope="col">{s}</th>' for s in SEVERITIES)

        def row(c: overview.FileCount) -> str:
            rate = f"{c.normed:.1f}" if c.normed is not None else "n/a"
            return (
                f'<tr><th scope="row"><a href="#review" data-file="{esc(c.path)}"><code>{esc(c.path)}</code></a></th>'
                + "".join(f"<td>{c.by_severity[s] or ''}</td>" for s in SEVERITIES)
                + f'<td class="num">{c.total}</td><td class="num">{c.source_words}</td><td class="num">{rate}</td></tr>'
            )

        top = "".join(row(c) for c in files[:10])
        rest = "".join(row(c) for c in files[10:])
        table = (
            '<table class="counts by-file"><thead><tr><th scope="col">File</th>'
            f'{head}<th scope="col">All</th><th scope="col">Source words</th><th scope="col">Penalty per 1,000 words</th></tr></thead>'
            f"<tbody>{top}</tbody></table>"
        )
        if rest:
            table += (f'<details><summary>{len(files) - 10} more file(s)</summary><table class="counts by-file"><tbody>{rest}'
                      "</tbody></table></details>")
        return f"<h3>By file, the worst first</h3>{table}"

    # ----- scorecard -----------------------------------------------------

    def _scorecard(self, card: Scorecard) -> str:
        head = "".join(f"<th scope=\"col\">{esc(s)} <small>×{_num(card.weights[s])}</small></th>" for s in SEVERITIES)
        rows = []
        for category in card.categories():
            cells = "".join(f"<td>{card.counts[category][s] or ''}</td>" for s in SEVERITIES)
            rows.append(
                f'<tr><th scope="row"><a href="#review" data-category="{esc(category)}">{esc(category)}</a></th>'
                f'{cells}<td class="num">{_num(card.penalty(category))}</td></tr>'
            )
        if not rows:
            rows.append(f'<tr><th scope="row">no findings</th>{"<td></td>" * len(SEVERITIES)}<td class="num">0</td></tr>')
        totals = "".join(f"<td>{sum(c[s] for c in card.counts.values()) or ''}</td>" for s in SEVERITIES)
        normed = card.normed
        quality = card.quality_score
        verdict = "PASS" if card.passed else "FAIL"
        normed_text = f"{normed:.2f}" if normed is not None else "n/a (no source words)"
        quality_text = f"{quality:.2f}" if quality is not None else "n/a"
        return (
            '<aside id="scorecard" aria-labelledby="sc-title">'
            '<h2 id="sc-title">MQM scorecard</h2>'
            '<table class="score"><thead><tr><th scope="col">Category</th>'
            f'{head}<th scope="col">Penalty</th></tr></thead>'
            f'<tbody>{"".join(rows)}</tbody>'
            f'<tfoot><tr><th scope="row">Total</th>{totals}<td class="num" id="penalty-total">{_num(card.penalty())}</td></tr></tfoot>'
            "</table>"
            '<dl class="verdict">'
            f'<dt>Source words</dt><dd id="source-words">{card.source_words}</dd>'
            f'<dt>Penalty per 1,000 source words</dt><dd id="normed-penalty">{normed_text}</dd>'
            f'<dt>Threshold</dt><dd id="threshold">{_num(card.threshold)}</dd>'
            f'<dt>Quality score</dt><dd id="quality-score">{quality_text}</dd>'
            f'<dt>Result</dt><dd><strong id="verdict" class="{verdict.lower()}">{verdict}</strong></dd>'
            "</dl></aside>"
        )

    # ----- the map of an aligned pair --------------------------------------

    def _maps(self, report: Report, rows: list[dict[str, Any]]) -> str:
        out = []
        for number, summary in enumerate(report.inputs):
            if not summary.alignment:
                continue
            mine = [(r, row) for r, row in enumerate(rows) if row["file"] == summary.path and row["k"] is not None]
            out.append(_map(number, summary, mine, report.findings))
        if not out:
            return ""
        return '<section id="map" aria-labelledby="map-title"><h2 id="map-title">The document pair at a glance</h2>' + "".join(out) + "</section>"

    # ----- the reading view ------------------------------------------------

    def _review(self, report: Report, rows: list[dict[str, Any]]) -> str:
        sev = Counter(f.severity.value for f in report.findings)
        cat = Counter(f.category for f in report.findings)
        rule = Counter(f.rule_id for f in report.findings)
        names = {f.rule_id: f.rule_name for f in report.findings}

        def boxes(kind: str, items: list[tuple[str, str, int]]) -> str:
            return "".join(
                f'<label><input type="checkbox" name="{kind}" value="{esc(value)}" checked> {esc(label)} <span class="count">{count}</span></label>'
                for value, label, count in items
            )

        severities = [(s, s, sev[s]) for s in SEVERITIES if sev[s]]
        categories = [(c, c, n) for c, n in sorted(cat.items())]
        rules = [(r, f"{r} {names[r]}", n) for r, n in sorted(rule.items())]
        aligned = any(row["k"] is not None for row in rows)
        mode = (
            '<label>View <select id="mode"><option value="document" selected>whole document, side by side</option>'
            '<option value="findings">units with findings</option></select></label>'
            if aligned else ""
        )
        return (
            '<section id="review" aria-labelledby="review-title">'
            '<h2 id="review-title">Findings, source beside target</h2>'
            '<noscript><p class="warn">The findings list needs JavaScript (it runs inside this file; nothing is loaded '
            "from the network). The summary, the scorecard and the map above are complete without it.</p></noscript>"
            '<div id="filters" role="search" aria-label="Filters">'
            f'<fieldset><legend>Severity</legend>{boxes("severity", severities)}</fieldset>'
            f'<fieldset><legend>Category</legend>{boxes("category", categories)}</fieldset>'
            f'<details class="rules"><summary>Rules ({len(rules)})</summary><fieldset><legend>Rule</legend>{boxes("rule", rules)}</fieldset></details>'
            '<fieldset class="row2"><legend>Text and review</legend>'
            '<input type="search" id="search" placeholder="message, unit, text" aria-label="Search findings"> '
            '<label>Review <select id="status"><option value="all">all</option><option value="open">not reviewed</option>'
            '<option value="accepted">accepted</option><option value="false-alarm">false alarm</option></select></label> '
            f"{mode}</fieldset>"
            f'<p id="shown" role="status" aria-live="polite">Showing {len(report.findings)} of {len(report.findings)} finding(s)</p>'
            "</div>"
            '<div id="toolbar">'
            '<span id="reviewed" role="status">0 marked</span> '
            '<button type="button" id="export">Export marks as a baseline</button> '
            '<label class="file-button">Load marks from a baseline <input type="file" id="import" accept=".json,application/json"></label> '
            '<button type="button" id="clear">Clear marks</button> '
            '<details class="keys"><summary>Keys</summary><p><kbd>j</kbd>/<kbd>k</kbd> next/previous finding · '
            "<kbd>a</kbd> accept · <kbd>x</kbd> false alarm · <kbd>u</kbd> clear the mark · <kbd>r</kbd> write the reason · "
            "<kbd>n</kbd>/<kbd>p</kbd> next/previous page. Marks stay in this browser (local storage) until exported; "
            "nothing leaves the machine.</p></details>"
            '<div id="export-box" hidden><p id="export-status" role="status"></p>'
            '<textarea id="export-text" rows="6" readonly aria-label="The baseline file"></textarea></div>'
            "</div>"
            '<nav class="pager" aria-label="Pages of findings, top"></nav>'
            '<div id="rows"></div>'
            '<nav class="pager" aria-label="Pages of findings, bottom"></nav>'
            "</section>"
        )

    # ----- data for the script ----------------------------------------------

    def _data(self, report: Report, card: Scorecard, rows: list[dict[str, Any]], files: list[str]) -> dict[str, Any]:
        row_of = {i: r for r, row in enumerate(rows) for i in row["fs"]}
        paths = report.project_paths()
        langs = {i.path: (i.source_lang, i.target_lang) for i in report.inputs}
        targets = {i.path: i.target_path for i in report.inputs if i.target_path and i.target_path != i.path}
        findings = []
        for index, f in enumerate(report.findings):
            loc = f.location
            pair = loc.file in targets
            places = []
            for name, side in (("src", loc.source), ("tgt", loc.target)):
                if side is not None and side.line is not None:
                    col = f":{side.column}" if side.column is not None else ""
                    path = f"{side.path}:" if side.path != loc.file and not pair else ""
                    if side.end_line is not None and side.end_line > side.line:
                        places.append(f"{name} {path}lines {side.line}-{side.end_line}")  # a run of paragraphs
                    else:
                        places.append(f"{name} {path}{side.line}{col}")
            findings.append({
                "r": row_of[index],
                "sev": f.severity.value,
                "rule": f.rule_id,
                "name": f.rule_name,
                "cat": f.category,
                "msg": f.message,
                "sug": f.suggestion,
                "fp": f.fingerprint,
                "ss": [loc.source.span.start, loc.source.span.end] if loc.source and loc.source.span else None,
                "ts": [loc.target.span.start, loc.target.span.end] if loc.target and loc.target.span else None,
                "st": loc.source.text if loc.source else None,
                "tt": loc.target.text if loc.target else None,
                "w": " · ".join(places),
                "x": 1 if f.rule_id in UNSUPPRESSIBLE else 0,
            })
        return {
            "severities": SEVERITIES,
            "weights": card.weights,
            "threshold": card.threshold,
            "tool_version": report.tool_version,
            "key": f"{report.started}|{len(report.findings)}|{report.findings[0].fingerprint if report.findings else ''}",
            "per_page": ROWS_PER_PAGE,
            # a file's project path ("key", where it is not the displayed one) names it in
            # the baseline the review marks export, as `tqa check --write-baseline` does
            "files": [{"path": p, **({"key": key} if (key := paths.of(p)) != p else {}), "target": targets.get(p),
                       "sl": langs.get(p, (None, None))[0], "tl": langs.get(p, (None, None))[1]} for p in files],
            "rows": [{k: v for k, v in row.items() if k != "file"} for row in rows],
            "findings": findings,
        }


def _rows(report: Report) -> tuple[list[dict[str, Any]], list[str]]:
    """The reading view's rows, file by file: every link of an aligned pair (the whole
    document), then the other units with findings in report order, each once, with
    its text on both sides when the report carries it; `fs` lists its findings."""
    files = [i.path for i in report.inputs]
    for f in report.findings:
        if f.location.file not in files:
            files.append(f.location.file)
    file_index = {p: n for n, p in enumerate(files)}
    by_unit: dict[tuple[str, str | None], list[int]] = {}
    for index, f in enumerate(report.findings):
        by_unit.setdefault((f.location.file, f.location.unit_id), []).append(index)
    per_file: dict[str, list[dict[str, Any]]] = {p: [] for p in files}
    for summary in report.inputs:
        for link in summary.alignment or ():
            source, target = link.get("source"), link.get("target")
            per_file[summary.path].append({
                "file": summary.path, "f": file_index[summary.path], "u": link["unit"], "k": link["link"],
                "s": source["text"] if source else None, "t": target["text"] if target else None,
                "sl": _line_range(source), "tl": _line_range(target),
                "sp": _numbers(source), "tp": _numbers(target),
                "fs": by_unit.pop((summary.path, link["unit"]), []),
            })
    for (path, unit_id), indexes in by_unit.items():
        items = [report.findings[i] for i in indexes]
        context = next((f.context for f in items if f.context is not None), None)
        per_file[path].append({
            "file": path, "f": file_index[path], "u": unit_id, "ul": unit_label(unit_id), "k": None,
            "s": context.source if context else None, "t": context.target if context else None,
            "sl": _first_line(items, "source"), "tl": _first_line(items, "target"), "sp": None, "tp": None,
            "fs": indexes,
        })
    rows = [row for path in files for row in per_file[path]]
    # the rows of an omitted run after its first one point to the run's finding
    run = None
    for row in rows:
        if row["k"] != "1-0":
            run = None
            continue
        first = next((i for i in row["fs"] if report.findings[i].rule_id == overview.OMITTED_RUN), None)
        if first is not None:
            run = first
        elif run is not None:
            row["run"] = run
    return rows, files


def _line_range(side: dict[str, Any] | None) -> str | None:
    if not side or side.get("line") is None:
        return None
    end = side.get("end_line")
    return f"{side['line']}–{end}" if end and end != side["line"] else str(side["line"])


def _numbers(side: dict[str, Any] | None) -> str | None:
    numbers = (side or {}).get("paragraphs") or []
    if not numbers:
        return None
    return str(numbers[0]) if len(numbers) == 1 else f"{numbers[0]}–{numbers[-1]}"


def _first_line(findings: list[Finding], side: str) -> str | None:
    for f in findings:
        loc = f.location.source if side == "source" else f.location.target
        if loc is not None and loc.line is not None:
            return str(loc.line)
    return None


def _map(number: int, summary, rows: list[tuple[int, dict[str, Any]]], findings: list[Finding]) -> str:
    """An SVG of one aligned pair: source and target as two columns of blocks, each as
    tall as its text is long, joined by their links; paragraphs with no translation in
    red, target paragraphs with no source in orange, findings as dots beside the block
    of their side. Every block and dot links to its place in the reading view."""
    width = MAP_WIDTH
    sx0, sx1, tx0, tx1 = 70, 230, 330, 490
    n = len(rows)
    height = max(160, min(900, 14 * n))
    top = 34
    gap = 1.0 if n <= 400 else 0.0
    minimum = 2.0 if n <= 400 else 0.4

    def layout(key: str) -> list[tuple[float, float] | None]:
        lengths = [len(row[key]) if row[key] else 0 for _, row in rows]
        blocks = sum(1 for x in lengths if x)
        room = height - blocks * (gap + minimum)
        scale = room / max(1, sum(lengths))
        out: list[tuple[float, float] | None] = []
        y = float(top)
        for length in lengths:
            if not length:
                out.append((y, y))  # where it would be: an omission points there
                continue
            h = minimum + length * scale
            out.append((y, y + h))
            y += h + gap
        return out

    src, tgt = layout("s"), layout("t")
    rank = {s: i for i, s in enumerate(SEVERITIES)}
    parts = [
        (f'<svg class="pairmap" id="map-{number}" role="group" aria-labelledby="map-{number}-t map-{number}-d" '
         f'viewBox="0 0 {width} {height + top + 10}" width="{width}" height="{height + top + 10}" xmlns="http://www.w3.org/2000/svg">'),
        f'<title id="map-{number}-t">Map of {esc(summary.path)} and {esc(summary.target_path or "")}</title>',
        f'<desc id="map-{number}-d">{esc(_map_desc(rows))}</desc>',
        f'<text x="{(sx0 + sx1) / 2}" y="14" class="col">Source{" (" + esc(summary.source_lang) + ")" if summary.source_lang else ""}</text>',
        f'<text x="{(tx0 + tx1) / 2}" y="14" class="col">Target{" (" + esc(summary.target_lang) + ")" if summary.target_lang else ""}</text>',
    ]
    if n > MAP_LINKS:
        parts.append(f'<rect class="band" x="{sx1}" y="{top}" width="{tx0 - sx1}" height="{height}"/>')
    for (r, row), s, t in zip(rows, src, tgt):
        has_s, has_t = bool(row["s"]), bool(row["t"])
        if has_s and has_t and n <= MAP_LINKS:
            parts.append(f'<path class="link" d="M{sx1} {s[0]:.1f}L{tx0} {t[0]:.1f}L{tx0} {t[1]:.1f}L{sx1} {s[1]:.1f}Z"/>')
        elif has_s and not has_t:
            mid = t[0]
            parts.append(f'<path class="lost" d="M{sx1} {s[0]:.1f}L{tx0} {mid:.1f}L{sx1} {s[1]:.1f}Z"/>')
        label = _block_label(row)
        if has_s:
            cls = "omitted" if not has_t else "block"
            parts.append(f'<a href="#row-{r}" data-row="{r}" tabindex="-1"><rect class="{cls}" x="{sx0}" y="{s[0]:.1f}" width="{sx1 - sx0}" '
                         f'height="{max(s[1] - s[0], 0.4):.1f}"><title>{esc(label)}</title></rect></a>')
        if has_t:
            cls = "added" if not has_s else "block"
            parts.append(f'<a href="#row-{r}" data-row="{r}" tabindex="-1"><rect class="{cls}" x="{tx0}" y="{t[0]:.1f}" width="{tx1 - tx0}" '
                         f'height="{max(t[1] - t[0], 0.4):.1f}"><title>{esc(label)}</title></rect></a>')
        # findings: a dot per side, coloured by the worst finding of the unit on that side
        for side, box, x in (("source", s, sx0 - 12), ("target", t, tx1 + 12)):
            mine = []
            for i in row["fs"]:
                f = findings[i]
                loc = f.location.target if side == "target" else f.location.source
                if side == "source" and f.location.target is not None and has_t:
                    continue  # a finding about both sides is drawn on the target, where it is fixed
                if loc is not None or (side == "source" and not has_t and f.location.source is None):
                    mine.append(i)
            if not mine:
                continue
            worst = min(mine, key=lambda i: rank[findings[i].severity.value])
            y = (box[0] + box[1]) / 2
            words = "; ".join(f"{findings[i].rule_id} {findings[i].severity.value}" for i in mine[:5])
            parts.append(f'<a href="#f{worst}" data-goto="{worst}" tabindex="-1"><circle class="dot sev-{findings[worst].severity.value}" '
                         f'cx="{x}" cy="{y:.1f}" r="5"><title>{len(mine)} finding(s): {esc(words)}</title></circle></a>')
    parts.append("</svg>")
    legend = (
        '<ul class="legend" aria-hidden="true"><li><span class="sw block"></span>translated</li>'
        '<li><span class="sw omitted"></span>no translation</li><li><span class="sw added"></span>no source</li>'
        + "".join(f'<li><span class="sw dot sev-{s}"></span>{s}</li>' for s in SEVERITIES)
        + "<li>Heights follow the length of the text; click a block to read it.</li></ul>"
    )
    return f'<figure class="map">{"".join(parts)}<figcaption>{legend}</figcaption></figure>'


def _block_label(row: dict[str, Any]) -> str:
    bits = []
    if row["s"]:
        bits.append(f"source ¶{row['sp'] or '?'} (line {row['sl'] or '?'}): {excerpt_of(row['s'])}")
    else:
        bits.append("no source")
    if row["t"]:
        bits.append(f"target ¶{row['tp'] or '?'} (line {row['tl'] or '?'}): {excerpt_of(row['t'])}")
    else:
        bits.append("no translation")
    return f"{row['u']} ({row['k']}) — " + " / ".join(bits)


def _map_desc(rows: list[tuple[int, dict[str, Any]]]) -> str:
    omitted = sum(1 for _, row in rows if row["s"] and not row["t"])
    added = sum(1 for _, row in rows if row["t"] and not row["s"])
    return f"{len(rows)} links; {omitted} source block(s) with no translation, {added} target block(s) with no source."


def excerpt_of(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _pct(value: float) -> str:
    return f"{value:.0f} %" if value >= 10 or value == 0 else f"{value:.1f} %"


def _num(value: float) -> str:
    return f"{value:g}"


def _script_json(data: Any) -> str:
    # '<' only occurs inside JSON strings: as \u003c no text can close the script element
    return json.dumps(data, ensure_ascii=True, separators=(",", ":")).replace("<", "\\u003c")


CSS = """
:root{--critical:#a4001d;--major:#a63d00;--minor:#765900;--info:#0b5394;--ok:#1e6b30;--bg:#fff;--fg:#1b1b1b;--muted:#555555;--line:#ccc;--soft:#f6f6f4;--focus:#1a4fd6}
*{box-sizing:border-box}body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;color:var(--fg);background:var(--bg);margin:0;padding:0 1.5rem 3rem}
a{color:#0b4fb3}a:focus-visible,button:focus-visible,input:focus-visible,select:focus-visible,summary:focus-visible,li.finding:focus{outline:3px solid var(--focus);outline-offset:2px}
.skip{position:absolute;left:-999px;top:0;background:#fff;padding:.4rem}.skip:focus{left:.5rem;z-index:9}
header{border-bottom:1px solid var(--line);margin-bottom:1rem}h1{font-size:1.5rem;margin:1rem 0 .25rem}
.meta{color:var(--muted);margin:.25rem 0}.files{margin:.25rem 0 1rem;padding-left:1.25rem;color:var(--muted)}
h2{font-size:1.2rem;margin:1.2rem 0 .5rem}h3{font-size:1rem;margin:1rem 0 .4rem}
.top{display:grid;grid-template-columns:minmax(0,1.3fr) minmax(0,1fr);gap:1.5rem;align-items:start}#scorecard{overflow-x:auto}table.score{font-size:.9em}
@media (max-width:70rem){.top{grid-template-columns:1fr}}
.headline{font-size:1.05rem}.headline .fail,#verdict.fail{color:var(--critical)}.headline .pass,#verdict.pass{color:var(--ok)}
.coverage{border-left:5px solid var(--ok);background:var(--soft);padding:.4rem .8rem;margin:.6rem 0}.coverage.gap{border-color:var(--critical)}
.coverage h3{margin:.2rem 0}.cover-text{font-size:1.05rem;margin:.2rem 0 .4rem;font-weight:600}
.bar{display:flex;height:.8rem;border:1px solid var(--line);border-radius:3px;overflow:hidden;max-width:36rem}.bar .done{background:#7fb77e}.bar .gone{background:var(--critical)}
ol.cards{list-style:none;padding:0;margin:0}.card{border:1px solid var(--line);border-left:6px solid var(--line);border-radius:6px;padding:.4rem .7rem;margin:.4rem 0}
.card.sev-critical{border-left-color:var(--critical)}.card.sev-major{border-left-color:var(--major)}.card .msg{display:block;color:var(--fg)}
.times{font-weight:700;background:var(--soft);border:1px solid var(--line);border-radius:10px;padding:0 .45rem;font-size:.85em}
.places{columns:3 12rem;margin:.2rem 0;font-size:.9em}
table{border-collapse:collapse}table.score,table.counts{width:100%}th,td{border:1px solid var(--line);padding:.2rem .5rem;text-align:right}
th[scope=row],thead th:first-child,td.name,thead th.name{text-align:left}tfoot{font-weight:600}table.counts{font-size:.92em;margin:.3rem 0}
dl.verdict{display:grid;grid-template-columns:max-content auto;gap:.2rem 1rem;margin:1rem 0}dl.verdict dt{color:var(--muted)}dl.verdict dd{margin:0}
figure.map{margin:.5rem 0;display:flex;flex-wrap:wrap;gap:1rem;align-items:flex-start}svg.pairmap{max-width:100%;height:auto;background:var(--soft);border-radius:6px}
svg .col{font-size:13px;text-anchor:middle;fill:var(--fg);font-weight:600}svg rect.block{fill:#8fa8c8}svg rect.omitted{fill:var(--critical)}svg rect.added{fill:#e8890c}
svg path.link{fill:#9fb4cf;opacity:.45}svg path.lost{fill:var(--critical);opacity:.25}svg rect.band{fill:#9fb4cf;opacity:.35}svg a:hover rect{stroke:#000;stroke-width:1.5}
svg circle.sev-critical{fill:var(--critical)}svg circle.sev-major{fill:var(--major)}svg circle.sev-minor{fill:var(--minor)}svg circle.sev-info{fill:var(--info)}svg circle{stroke:#fff;stroke-width:1}
.legend{list-style:none;padding:0;margin:0;font-size:.9em;max-width:16rem}.legend li{margin:.2rem 0}.sw{display:inline-block;width:1rem;height:.8rem;margin-right:.4rem;vertical-align:middle;background:#8fa8c8}
.sw.omitted{background:var(--critical)}.sw.added{background:#e8890c}.sw.dot{border-radius:50%;width:.8rem}.sw.sev-critical{background:var(--critical)}.sw.sev-major{background:var(--major)}.sw.sev-minor{background:var(--minor)}.sw.sev-info{background:var(--info)}
#filters{display:flex;flex-wrap:wrap;gap:.5rem .75rem;align-items:flex-start;position:sticky;top:0;background:var(--bg);padding:.5rem 0;border-bottom:1px solid var(--line);z-index:2}
fieldset{border:1px solid var(--line);border-radius:6px;padding:.2rem .6rem;margin:0}fieldset label{display:inline-block;margin-right:.6rem;white-space:nowrap}
details.rules{align-self:center}.count{color:var(--muted);font-size:.85em}#shown{margin:.3rem 0;color:var(--muted);flex-basis:100%}
#toolbar{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:center;margin:.6rem 0}#export-box{flex-basis:100%}#export-text{width:100%;font:12px ui-monospace,monospace}
button,.file-button{font:inherit;border:1px solid #767676;background:#fff;border-radius:4px;padding:.15rem .6rem;cursor:pointer}.file-button input{position:absolute;left:-999px}
.file-button:focus-within{outline:3px solid var(--focus)}
button[aria-pressed=true]{background:#1b1b1b;color:#fff}.pager{display:flex;gap:.5rem;align-items:center;margin:.5rem 0}
.row{border:1px solid var(--line);border-radius:8px;padding:.5rem .8rem;margin:.6rem 0}.row.k-omitted{border-left:6px solid var(--critical)}.row.k-added{border-left:6px solid #e8890c}
.row h3{font-size:.95rem;margin:0 0 .35rem;font-weight:600}.row h3 .line{color:var(--muted);font-weight:400}.row h3 .run{font-weight:400;font-size:.9em;margin-left:.5rem}.file-head{margin-top:1.2rem;font-size:1.05rem}
.sides{display:grid;grid-template-columns:1fr 1fr;gap:.8rem}.side-head{font-size:.78rem;text-transform:uppercase;letter-spacing:.04em;color:var(--muted)}
.text{white-space:pre-wrap;overflow-wrap:anywhere;background:var(--soft);border-radius:4px;padding:.35rem .5rem;min-height:1.8rem}
mark.hl{background:none;color:inherit;border-bottom:3px solid;padding:0 1px;cursor:pointer}mark.sev-critical{background:#fde2e4;border-color:var(--critical)}mark.sev-major{background:#ffe8d9;border-color:var(--major)}
mark.sev-minor{background:#fff3bf;border-color:var(--minor)}mark.sev-info{background:#e7f5ff;border-color:var(--info)}mark.gap{font-weight:700;color:var(--critical)}mark.focus{outline:2px solid var(--focus)}
.none{color:var(--muted);font-style:italic}ol.list{margin:.5rem 0 0;padding-left:1.4rem}.finding{margin:.35rem 0;padding:.15rem .3rem;border-radius:4px}
.finding.current{background:#eef3ff;box-shadow:inset 3px 0 0 var(--focus)}.finding.marked-accepted .message,.finding.marked-false-alarm .message{text-decoration:line-through;color:var(--muted)}
.badge{display:inline-block;font-size:.75rem;font-weight:700;color:#fff;border-radius:3px;padding:0 .35rem;text-transform:uppercase}
.badge.sev-critical{background:var(--critical)}.badge.sev-major{background:var(--major)}.badge.sev-minor{background:var(--minor)}.badge.sev-info{background:var(--info)}
.state{font-size:.8rem;font-weight:700;border:1px solid;border-radius:3px;padding:0 .3rem;margin-left:.3rem}.state.accepted{color:var(--ok)}.state.false-alarm{color:var(--major)}
.rule{font-family:ui-monospace,monospace;font-weight:700}.category,.where{color:var(--muted);font-size:.9em;margin-left:.4rem}.suggestion{color:var(--ok)}
.review{margin:.2rem 0 .1rem}.review .reason{min-width:18rem;font:inherit;margin-left:.3rem}.nobase{color:var(--muted);font-size:.85em}
.clean{font-size:1.05rem}.more{color:var(--muted)}.warn{border:1px solid var(--major);padding:.4rem}[hidden]{display:none!important}
kbd{border:1px solid var(--line);border-radius:3px;padding:0 .25rem;font-size:.85em;background:var(--soft)}
@media (max-width:50rem){.sides{grid-template-columns:1fr}}
@media print{
  body{padding:0;font-size:10pt}.sides{grid-template-columns:1fr 1fr;gap:.5rem}a{color:inherit;text-decoration:none}.skip,#filters,#toolbar,.pager,.review,noscript{display:none!important}
  .top{grid-template-columns:1fr}#scorecard{break-inside:avoid}.row,.card,figure.map{break-inside:avoid}
  details>summary{display:none}details{display:block}details>*{display:block}
  .text{background:none;border:1px solid var(--line)}svg.pairmap{background:none;max-height:24cm}
  *{-webkit-print-color-adjust:exact;print-color-adjust:exact}h2{break-after:avoid}
  .finding.current{background:none;box-shadow:none}
}
"""

SCRIPT = r"""
(function(){
'use strict';
window.addEventListener('error',function(e){document.body.dataset.error=String(e.message||e)});
var D=JSON.parse(document.getElementById('tqa-data').textContent);
var SEV=D.severities,F=D.findings,R=D.rows,PER=D.per_page;
function $(s,e){return (e||document).querySelector(s)}
function $$(s,e){return [].slice.call((e||document).querySelectorAll(s))}
function esc(t){return String(t).replace(/[&<>"']/g,function(c){return {'&':'&amp;','<':'&lt;','>':'&gt;','"':'&quot;',"'":'&#39;'}[c]})}
var rank={};SEV.forEach(function(s,i){rank[s]=SEV.length-i});
var STORE='tqa-review:'+D.key,marks={};
try{marks=JSON.parse(localStorage.getItem(STORE)||'{}')||{}}catch(e){marks={}}
function save(){try{localStorage.setItem(STORE,JSON.stringify(marks))}catch(e){}counted()}
function counted(){var n=0,a=0;for(var k in marks){n++;if(marks[k].s==='accepted')a++}
  $('#reviewed').textContent=n+' marked ('+a+' accepted, '+(n-a)+' false alarm)';document.body.dataset.marked=n}
var boxes=$$('#filters input[type=checkbox]'),search=$('#search'),statusSel=$('#status'),modeSel=$('#mode');
var shown=new Uint8Array(F.length),rowsShown=[],page=0,current=-1,texts=null;
function hay(i){if(!texts)texts=[];if(texts[i]===undefined){var f=F[i],r=R[f.r];
  texts[i]=[f.msg,f.rule,f.name,f.cat,r.u,f.st,f.tt,D.files[r.f].path].join(' ').toLowerCase()}return texts[i]}
function chosen(name){var s={};boxes.forEach(function(b){if(b.name===name&&b.checked)s[b.value]=1});return s}
function compute(){
  var sev=chosen('severity'),cat=chosen('category'),rule=chosen('rule'),q=(search.value||'').trim().toLowerCase(),st=statusSel.value,n=0;
  for(var i=0;i<F.length;i++){var f=F[i],m=marks[i];
    var ok=sev[f.sev]&&cat[f.cat]&&rule[f.rule]&&(st==='all'||(st==='open'?!m:(m&&m.s===st)))&&(!q||hay(i).indexOf(q)>=0);
    shown[i]=ok?1:0;if(ok)n++}
  var whole=modeSel&&modeSel.value==='document';rowsShown=[];
  for(var r=0;r<R.length;r++){var row=R[r],has=false;
    for(var j=0;j<row.fs.length;j++)if(shown[row.fs[j]]){has=true;break}
    if(has||(whole&&row.k))rowsShown.push(r)}
  $('#shown').textContent='Showing '+n+' of '+F.length+' finding(s) in '+rowsShown.length+' unit(s)';
  document.body.dataset.shown=n;
  if(page*PER>=rowsShown.length)page=0;
}
function pages(){return Math.max(1,Math.ceil(rowsShown.length/PER))}
function highlight(text,list){
  var size=text.length,cuts={0:1},out=[];cuts[size]=1;
  list=list.map(function(m){return [Math.min(m[0],size),Math.min(m[1],size),m[2],m[3]]});
  list.forEach(function(m){cuts[m[0]]=1;cuts[m[1]]=1});
  var pts=Object.keys(cuts).map(Number).sort(function(a,b){return a-b});
  for(var n=0;n<pts.length;n++){var pos=pts[n];
    list.forEach(function(m){if(m[0]===pos&&m[1]===pos)out.push('<mark class="hl gap sev-'+m[3]+'" data-f="'+m[2]+'" title="missing text here">\u2038</mark>')});
    if(n+1===pts.length)break;
    var nxt=pts[n+1],piece=text.slice(pos,nxt),cov=list.filter(function(m){return m[0]<=pos&&m[1]>=nxt&&m[0]<m[1]});
    if(cov.length){var top=cov.reduce(function(a,b){return rank[b[3]]>rank[a[3]]?b:a});
      out.push('<mark class="hl sev-'+top[3]+'" data-f="'+cov.map(function(m){return m[2]}).join(' ')+'">'+esc(piece)+'</mark>')}
    else out.push(esc(piece))}
  return out.join('');
}
function side(row,name){
  var text=name==='s'?row.s:row.t,file=D.files[row.f],lang=name==='s'?file.sl:file.tl;
  var label=(name==='s'?'Source':'Target')+(lang?' ('+esc(lang)+')':'');
  var where=name==='s'?row.sl:row.tl,para=name==='s'?row.sp:row.tp;
  if(where)label+=' · '+(para?'¶'+esc(para)+' · ':'')+'line '+esc(where);
  var body;
  if(text===null||text===undefined){
    if(row.s===null&&row.t===null){var snip=row.fs.filter(function(i){return shown[i]&&(name==='s'?F[i].st:F[i].tt)}).map(function(i){
        return '… <mark class="hl sev-'+F[i].sev+'" data-f="'+i+'">'+esc(name==='s'?F[i].st:F[i].tt)+'</mark> …'});
      body=snip.length?snip.join('<br>'):'<span class="none">(not concerned)</span>'}
    else body='<span class="none">'+(name==='s'?'(no source)':'(no translation)')+'</span>';
  }else{
    var list=[];row.fs.forEach(function(i){if(!shown[i])return;var sp=name==='s'?F[i].ss:F[i].ts;if(sp)list.push([sp[0],sp[1],i,F[i].sev])});
    body=highlight(text,list)+(text?'':'<span class="none">(empty)</span>');
  }
  return '<div class="side '+(name==='s'?'source':'target')+'"><div class="side-head">'+label+'</div><div class="text" dir="auto"'+(lang?' lang="'+esc(lang)+'"':'')+'>'+body+'</div></div>';
}
function findingHtml(i){
  var f=F[i],m=marks[i],state=m?'<span class="state '+m.s+'">'+(m.s==='accepted'?'accepted':'false alarm')+'</span>':'';
  var review=f.x?'<div class="nobase">tqa never baselines this rule</div>':
    '<div class="review" role="group" aria-label="Review of finding '+(i+1)+'">'+
    '<button type="button" class="mark" data-s="accepted" aria-pressed="'+!!(m&&m.s==='accepted')+'">Accept</button> '+
    '<button type="button" class="mark" data-s="false-alarm" aria-pressed="'+!!(m&&m.s==='false-alarm')+'">False alarm</button>'+
    '<input class="reason" type="text" placeholder="reason (goes into the baseline)" aria-label="Reason" value="'+esc(m&&m.r||'')+'"'+(m?'':' hidden')+'></div>';
  return '<li class="finding'+(m?' marked-'+m.s:'')+(i===current?' current':'')+'" id="f'+i+'" data-i="'+i+'" tabindex="-1">'+
    '<span class="badge sev-'+f.sev+'">'+f.sev+'</span> <span class="rule" title="'+esc(f.name)+'">'+esc(f.rule)+'</span>'+
    '<span class="category">'+esc(f.cat)+'</span>'+(f.w?'<span class="where">'+esc(f.w)+'</span>':'')+state+
    '<div class="message">'+esc(f.msg)+'</div>'+(f.sug?'<div class="suggestion">Suggestion: '+esc(f.sug)+'</div>':'')+review+'</li>';
}
function rowHtml(r,prev){
  var row=R[r],file=D.files[row.f],head='';
  if(prev===null||R[prev].f!==row.f)head='<h3 class="file-head"><code>'+esc(file.path)+'</code>'+(file.target?' → <code>'+esc(file.target)+'</code>':'')+'</h3>';
  var kind=row.k==='1-0'?' k-omitted':row.k==='0-1'?' k-added':'';
  var title=row.u!==null?'Unit '+esc(row.ul||row.u):'The file as a whole';
  if(row.k)title+=' <span class="line">link '+esc(row.k)+(row.k==='1-0'?', no translation':row.k==='0-1'?', no source':'')+'</span>';
  if(row.run!==undefined)title+=' <a class="run" href="#f'+row.run+'" data-run="'+row.run+'">part of the omitted run of finding '+(row.run+1)+'</a>';
  var vis=row.fs.filter(function(i){return shown[i]});
  var sides=(row.s!==null||row.t!==null||vis.some(function(i){return F[i].st||F[i].tt}))?'<div class="sides">'+side(row,'s')+side(row,'t')+'</div>':'';
  return head+'<article class="row'+kind+'" id="row-'+r+'" data-row="'+r+'" data-unit="'+esc(row.u===null?'':(row.ul||row.u))+'"><h3>'+title+'</h3>'+sides+
    (vis.length?'<ol class="list">'+vis.map(findingHtml).join('')+'</ol>':'')+'</article>';
}
function render(all){
  var start=all?0:page*PER,end=all?Math.min(rowsShown.length,5000):Math.min(rowsShown.length,start+PER),out=[];
  for(var k=start;k<end;k++)out.push(rowHtml(rowsShown[k],k>start?rowsShown[k-1]:null));
  $('#rows').innerHTML=out.join('')||'<p class="clean">'+(F.length?'No finding matches the filters.':'No findings.')+'</p>';
  $$('.pager').forEach(function(p){p.innerHTML=pages()>1?'<button type="button" data-page="-1"'+(page?'':' disabled')+'>Previous page</button>'+
    '<span>Page '+(page+1)+' of '+pages()+'</span><button type="button" data-page="1"'+(page+1<pages()?'':' disabled')+'>Next page</button>':''});
  if(current>=0)focusMarks(current);
}
function refresh(){compute();render()}
function order(){var out=[];rowsShown.forEach(function(r){R[r].fs.forEach(function(i){if(shown[i])out.push(i)})});return out}
function focusMarks(i){$$('mark.focus').forEach(function(m){m.classList.remove('focus')});
  $$('mark.hl').forEach(function(m){if(m.dataset.f.split(' ').indexOf(String(i))>=0)m.classList.add('focus')})}
function setCurrent(i,scroll){
  $$('li.finding.current').forEach(function(li){li.classList.remove('current')});current=i;
  var li=document.getElementById('f'+i);if(!li)return;li.classList.add('current');focusMarks(i);
  if(scroll){li.scrollIntoView({block:'center'});li.focus({preventScroll:true})}
}
function showAll(){boxes.forEach(function(b){b.checked=true});search.value='';statusSel.value='all'}
function gotoFinding(i){
  i=Number(i);if(!(i>=0&&i<F.length))return;
  if(!shown[i]){showAll();compute()}
  if(!document.getElementById('f'+i)){var pos=rowsShown.indexOf(F[i].r);if(pos<0)return;page=Math.floor(pos/PER);render()}
  setCurrent(i,true);
}
function gotoRow(r){
  r=Number(r);var pos=rowsShown.indexOf(r);
  if(pos<0){showAll();if(modeSel&&R[r].k)modeSel.value='document';compute();pos=rowsShown.indexOf(r)}
  if(pos<0)return;page=Math.floor(pos/PER);render();
  var el=document.getElementById('row-'+r);if(el){el.scrollIntoView({block:'start'});el.setAttribute('tabindex','-1');el.focus({preventScroll:true})}
}
function step(d){var list=order();if(!list.length)return;var pos=list.indexOf(current);
  var next=pos<0?(d>0?0:list.length-1):Math.min(list.length-1,Math.max(0,pos+d));gotoFinding(list[next])}
function mark(i,s){
  if(F[i].x)return;var m=marks[i];
  if(!s||(m&&m.s===s))delete marks[i];else marks[i]={s:s,r:m?m.r:''};
  save();var li=document.getElementById('f'+i);
  if(li){li.outerHTML=findingHtml(i);setCurrent(i,false);var input=$('#f'+i+' .reason');if(marks[i]&&input&&s)input.focus()}
}
function baseline(){
  var groups={},list=[];
  Object.keys(marks).forEach(function(k){var i=Number(k),f=F[i],m=marks[k];if(!f||f.x)return;var row=R[f.r];
    var e=groups[f.fp];
    if(!e){e=groups[f.fp]={fingerprint:f.fp,rule:f.rule,file:D.files[row.f].key||D.files[row.f].path,unit:row.u,severity:f.sev,message:f.msg,count:0,review:m.s};
      if(m.r)e.reason=m.r;list.push(e)}
    e.count++;if(m.r&&!e.reason)e.reason=m.r});
  list.sort(function(a,b){var x=[a.file,a.unit||'',a.rule,a.fingerprint],y=[b.file,b.unit||'',b.rule,b.fingerprint];
    for(var n=0;n<4;n++){if(x[n]<y[n])return -1;if(x[n]>y[n])return 1}return 0});
  return {tool:'tqa',version:1,tool_version:D.tool_version,written:new Date().toISOString().replace(/\.\d+Z$/,'Z'),findings:list};
}
function exportMarks(){
  var data=baseline(),text=JSON.stringify(data,null,2)+'\n',n=data.findings.reduce(function(a,e){return a+e.count},0);
  $('#export-box').hidden=false;$('#export-text').value=text;
  var url=URL.createObjectURL(new Blob([text],{type:'application/json'})),a=document.createElement('a');
  a.href=url;a.download='tqa-baseline.json';document.body.appendChild(a);a.click();a.remove();
  setTimeout(function(){URL.revokeObjectURL(url)},60000);
  $('#export-status').textContent=n+' finding(s) in '+data.findings.length+' baseline entr'+(data.findings.length===1?'y':'ies')+
    ' saved as tqa-baseline.json (also below). Next run: tqa check … --baseline tqa-baseline.json';
}
function importMarks(text){
  var data;try{data=JSON.parse(text)}catch(e){$('#export-box').hidden=false;$('#export-status').textContent='Not JSON: '+e.message;return}
  var want={},n=0;((data&&data.findings)||[]).forEach(function(e){if(e&&e.fingerprint)want[e.fingerprint]=e});
  F.forEach(function(f,i){var e=want[f.fp];if(e&&!f.x){marks[i]={s:e.review==='false-alarm'?'false-alarm':'accepted',r:e.reason||''};n++}});
  save();refresh();$('#export-box').hidden=false;$('#export-status').textContent='Marked '+n+' finding(s) from the baseline.';
}
boxes.forEach(function(b){b.addEventListener('change',function(){page=0;refresh()})});
search.addEventListener('input',function(){page=0;refresh()});
statusSel.addEventListener('change',function(){page=0;refresh()});
if(modeSel)modeSel.addEventListener('change',function(){page=0;refresh()});
$$('.pager').forEach(function(p){p.addEventListener('click',function(e){var b=e.target.closest('button[data-page]');if(!b)return;
  page=Math.min(pages()-1,Math.max(0,page+Number(b.dataset.page)));render();$('#rows').scrollIntoView()})});
var rows=$('#rows');
rows.addEventListener('click',function(e){
  var b=e.target.closest('button.mark');if(b){mark(Number(b.closest('li.finding').dataset.i),b.dataset.s);return}
  var m=e.target.closest('mark.hl');if(m){gotoFinding(m.dataset.f.split(' ')[0]);return}
  var run=e.target.closest('a[data-run]');if(run){e.preventDefault();gotoFinding(run.dataset.run);return}
  var li=e.target.closest('li.finding');if(li&&!e.target.closest('input'))setCurrent(Number(li.dataset.i),false);
});
rows.addEventListener('input',function(e){if(!e.target.classList.contains('reason'))return;
  var i=Number(e.target.closest('li.finding').dataset.i);if(marks[i]){marks[i].r=e.target.value;save()}});
document.addEventListener('click',function(e){
  var a=e.target.closest('[data-goto],[data-row],[data-rule],[data-category],[data-file]');if(!a||a.closest('#rows'))return;
  if(a.dataset.goto!==undefined){e.preventDefault();gotoFinding(a.dataset.goto);history.replaceState(null,'','#f'+a.dataset.goto);return}
  if(a.dataset.row!==undefined){e.preventDefault();gotoRow(a.dataset.row);history.replaceState(null,'','#row-'+a.dataset.row);return}
  e.preventDefault();showAll();
  if(a.dataset.rule)boxes.forEach(function(b){if(b.name==='rule')b.checked=b.value===a.dataset.rule});
  if(a.dataset.category)boxes.forEach(function(b){if(b.name==='category')b.checked=b.value===a.dataset.category});
  if(a.dataset.file){search.value=a.dataset.file.toLowerCase();if(modeSel)modeSel.value='findings'}
  page=0;refresh();$('#review').scrollIntoView();
});
$('#export').addEventListener('click',exportMarks);
$('#clear').addEventListener('click',function(){marks={};save();refresh()});
$('#import').addEventListener('change',function(e){var file=e.target.files[0];if(!file)return;var reader=new FileReader();
  reader.onload=function(){importMarks(String(reader.result))};reader.readAsText(file);e.target.value=''});
document.addEventListener('keydown',function(e){
  if(e.ctrlKey||e.metaKey||e.altKey)return;var t=e.target,typing=t&&(t.tagName==='INPUT'||t.tagName==='TEXTAREA'||t.tagName==='SELECT');
  if(typing){if(e.key==='Escape'){t.blur();if(current>=0)setCurrent(current,true)}return}
  var k=e.key;
  if(k==='j'){e.preventDefault();step(1)}else if(k==='k'){e.preventDefault();step(-1)}
  else if(k==='n'||k==='p'){var to=page+(k==='n'?1:-1);if(to>=0&&to<pages()){page=to;render();$('#rows').scrollIntoView()}}
  else if(current>=0&&(k==='a'||k==='x'||k==='u')){e.preventDefault();mark(current,k==='a'?'accepted':k==='x'?'false-alarm':null)}
  else if(current>=0&&k==='r'){var input=$('#f'+current+' .reason');if(input&&!input.hidden){e.preventDefault();input.focus()}}
});
window.addEventListener('beforeprint',function(){render(true)});
window.addEventListener('afterprint',function(){render()});
function fromHash(){var h=location.hash;if(/^#f\d+$/.test(h))gotoFinding(h.slice(2));else if(/^#row-\d+$/.test(h))gotoRow(h.slice(5))}
window.addEventListener('hashchange',fromHash);
var params=new URLSearchParams(location.search);
['severity','category','rule'].forEach(function(name){var want=params.get(name);if(!want)return;var keep=want.split(',');
  boxes.forEach(function(b){if(b.name===name)b.checked=keep.indexOf(b.value)>=0})});
if(params.get('q'))search.value=params.get('q');
if(params.get('status'))statusSel.value=params.get('status');
if(modeSel&&params.get('mode'))modeSel.value=params.get('mode');
counted();refresh();fromHash();
document.body.dataset.readyMs=Math.round(performance.now());document.body.dataset.ready='1';
})();
"""


@hookimpl
def tqa_register_reporters():
    return [HtmlReporter]
