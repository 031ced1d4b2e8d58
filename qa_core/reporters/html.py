"""The reviewer's report: one self-contained HTML file (inline CSS and script, no
network), with the MQM scorecard on top and every unit that has findings shown
source beside target, the spans of its findings highlighted. Filters by severity,
MQM category and rule narrow the list; the scorecard always covers the whole run.

Scorecard (MQM scoring model): each finding costs the weight of its severity
(default info 0, minor 1, major 5, critical 25); the absolute penalty total is
normed to 1,000 source words; the run passes when that normed penalty is at or
below the threshold (default 10, i.e. a quality score of at least 99 on the
model's 100-point scale). Options (`--reporter-option`): `weights` (a table
severity -> number), `threshold` (a number), `title` (a string).
"""

from __future__ import annotations

import html
import json
from collections import Counter
from dataclasses import dataclass
from typing import Any, Iterable

from qa_core import hookimpl
from qa_core.errors import UsageError
from qa_core.findings import Finding, unit_label
from qa_core.mqm import dimensions, split
from qa_core.report import Report
from qa_core.reporters import Reporter
from qa_core.rules import Severity

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
# Highlighting
# ---------------------------------------------------------------------------


def highlight(text: str, marks: list[tuple[int, int, int, str]]) -> str:
    """`text` as HTML with each (start, end, finding index, severity) span in a
    `<mark>`; overlapping spans split the text where they begin and end, and a
    piece covered by several findings names all of them. An empty span shows as
    a caret where the text is missing."""
    rank = {s: i for i, s in enumerate(reversed(SEVERITIES))}
    size = len(text)
    marks = [(min(start, size), min(end, size), i, sev) for start, end, i, sev in marks]
    cuts = {0, size}
    for start, end, _, _ in marks:
        cuts.update((start, end))
    points = sorted(cuts)
    out: list[str] = []
    for number, pos in enumerate(points):
        empties = [(i, sev) for start, end, i, sev in marks if start == end == pos]
        for index, severity in empties:
            out.append(f'<mark class="hl gap sev-{severity}" data-f="{index}" title="missing text here">\u2038</mark>')
        if number + 1 == len(points):
            break
        nxt = points[number + 1]
        piece = text[pos:nxt]
        covering = [(i, sev) for start, end, i, sev in marks if start <= pos and end >= nxt and start < end]
        if covering:
            top = max(covering, key=lambda c: rank[c[1]])[1]
            ids = " ".join(str(i) for i, _ in covering)
            out.append(f'<mark class="hl sev-{top}" data-f="{ids}">{esc(piece)}</mark>')
        else:
            out.append(esc(piece))
    return "".join(out)


# ---------------------------------------------------------------------------
# The reporter
# ---------------------------------------------------------------------------


class HtmlReporter(Reporter):
    name = "html"
    description = "Self-contained HTML for reviewers: MQM scorecard, source and target side by side, filters."
    extension = ".html"
    option_names = ("weights", "threshold", "title")

    def render(self, report: Report) -> str:
        weights = _weights(self.options.get("weights"))
        threshold = _threshold(self.options.get("threshold"))
        title = str(self.options.get("title") or "tqa report")
        summary = report.summary()
        card = Scorecard.of(report.findings, summary["source_words"], weights, threshold)
        langs = {i.path: (i.source_lang, i.target_lang) for i in report.inputs}
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
            f"<header><h1>{esc(title)}</h1>{self._about(report, summary)}</header>",
            "<main>",
            self._scorecard(card),
            self._filters(report),
            self._findings(report, langs),
            "</main>",
            f'<script id="tqa-data" type="application/json">{_script_json(self._data(report, card))}</script>',
            f"<script>{SCRIPT}</script>",
            "</body>",
            "</html>",
        ]
        return "\n".join(parts) + "\n"

    # ----- sections ------------------------------------------------------

    def _about(self, report: Report, summary: dict[str, Any]) -> str:
        files = "".join(
            f"<li><code>{esc(i.path)}</code> {esc(i.format)}{' ' + esc(i.version) if i.version else ''}"
            f" · {esc(i.source_lang or '?')} → {esc(i.target_lang or '?')}"
            f" · {i.units} unit(s), {i.source_words} source word(s)</li>"
            for i in report.inputs
        )
        started = f" on {esc(report.started)}" if report.started else ""
        return (
            f'<p class="meta">tqa {esc(report.tool_version)}{started} · {summary["files"]} file(s), '
            f'{summary["units"]} unit(s), {summary["source_words"]} source word(s) · '
            f'<span id="total">{len(report.findings)}</span> finding(s) · fails on {esc(report.fail_on)}</p>'
            f'<ul class="files">{files}</ul>'
        )

    def _scorecard(self, card: Scorecard) -> str:
        head = "".join(f"<th scope=\"col\">{esc(s)} <small>×{_num(card.weights[s])}</small></th>" for s in SEVERITIES)
        rows = []
        for category in card.categories():
            cells = "".join(f"<td>{card.counts[category][s] or ''}</td>" for s in SEVERITIES)
            rows.append(f'<tr><th scope="row">{esc(category)}</th>{cells}<td class="num">{_num(card.penalty(category))}</td></tr>')
        if not rows:
            rows.append(f'<tr><th scope="row">no findings</th>{"<td></td>" * len(SEVERITIES)}<td class="num">0</td></tr>')
        totals = "".join(f"<td>{sum(c[s] for c in card.counts.values()) or ''}</td>" for s in SEVERITIES)
        normed = card.normed
        quality = card.quality_score
        verdict = "PASS" if card.passed else "FAIL"
        normed_text = f"{normed:.2f}" if normed is not None else "n/a (no source words)"
        quality_text = f"{quality:.2f}" if quality is not None else "n/a"
        return (
            '<section id="scorecard" aria-labelledby="sc-title">'
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
            "</dl></section>"
        )

    def _filters(self, report: Report) -> str:
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
        return (
            '<section id="filters" aria-label="Filters">'
            f'<fieldset><legend>Severity</legend>{boxes("severity", severities)}</fieldset>'
            f'<fieldset><legend>Category</legend>{boxes("category", categories)}</fieldset>'
            f'<fieldset><legend>Rule</legend>{boxes("rule", rules)}</fieldset>'
            '<fieldset><legend>Text</legend><input type="search" id="search" placeholder="message, unit, text" aria-label="Search findings"></fieldset>'
            f'<p id="shown" role="status">Showing {len(report.findings)} of {len(report.findings)} finding(s)</p>'
            "</section>"
        )

    def _findings(self, report: Report, langs: dict[str, tuple[str | None, str | None]]) -> str:
        if not report.findings:
            return '<section id="findings"><p class="clean">No findings.</p></section>'
        groups: dict[tuple[str, str | None], list[tuple[int, Finding]]] = {}
        for index, finding in enumerate(report.findings):
            groups.setdefault((finding.location.file, finding.location.unit_id), []).append((index, finding))
        out = ['<section id="findings" aria-label="Findings">']
        current_file = None
        for (path, unit_id), items in groups.items():
            if path != current_file:
                if current_file is not None:
                    out.append("</div>")
                current_file = path
                out.append(f'<div class="file" data-file="{esc(path)}"><h2 class="file-name"><code>{esc(path)}</code></h2>')
            source_lang, target_lang = langs.get(path, (None, None))
            out.append(self._unit(unit_id, items, source_lang, target_lang))
        out.append("</div></section>")
        return "\n".join(out)

    def _unit(self, unit_id: str | None, items: list[tuple[int, Finding]], source_lang: str | None, target_lang: str | None) -> str:
        label = f"Unit {esc(unit_label(unit_id))}" if unit_id is not None else "The file as a whole"
        first = items[0][1]
        source_html, target_html = self._texts(items)
        side_table = ""
        if source_html is not None or target_html is not None:
            slang = f' lang="{esc(source_lang)}"' if source_lang else ""
            tlang = f' lang="{esc(target_lang)}"' if target_lang else ""
            side_table = (
                '<div class="sides">'
                f'<div class="side source"><div class="side-head">Source{" (" + esc(source_lang) + ")" if source_lang else ""}</div>'
                f'<div class="text" dir="auto"{slang}>{source_html if source_html is not None else "<span class=none>(not concerned)</span>"}</div></div>'
                f'<div class="side target"><div class="side-head">Target{" (" + esc(target_lang) + ")" if target_lang else ""}</div>'
                f'<div class="text" dir="auto"{tlang}>{target_html if target_html is not None else "<span class=none>(no target)</span>"}</div></div>'
                "</div>"
            )
        rows = "".join(self._finding(index, finding) for index, finding in items)
        line = first.location.line
        where = f' <span class="line">line {line}</span>' if line is not None else ""
        return (
            f'<article class="unit" data-unit="{esc(unit_label(unit_id) or "")}">'
            f"<h3>{label}{where}</h3>{side_table}<ol class=\"list\">{rows}</ol></article>"
        )

    def _texts(self, items: list[tuple[int, Finding]]) -> tuple[str | None, str | None]:
        """Each side's text with its spans marked: the unit's whole text when the
        report carries it, else the matched snippets alone."""
        context = next((f.context for _, f in items if f.context is not None), None)
        out: list[str | None] = []
        for side in ("source", "target"):
            marks = []
            for index, finding in items:
                loc = finding.location.source if side == "source" else finding.location.target
                if loc is not None and loc.span is not None:
                    marks.append((loc.span.start, loc.span.end, index, finding.severity.value))
            if context is not None:
                text = context.source if side == "source" else context.target
                if text is None:
                    out.append(None)
                    continue
                if not text:
                    body = highlight(text, marks) or ""
                    out.append(body + '<span class="none">(empty)</span>')
                    continue
                out.append(highlight(text, marks))
                continue
            snippets = []
            for index, finding in items:
                loc = finding.location.source if side == "source" else finding.location.target
                if loc is not None and loc.text:
                    snippets.append(f'… <mark class="hl sev-{finding.severity.value}" data-f="{index}">{esc(loc.text)}</mark> …')
            out.append("<br>".join(snippets) if snippets else None)
        return out[0], out[1]

    def _finding(self, index: int, finding: Finding) -> str:
        loc = finding.location
        places = []
        for name, side in (("source", loc.source), ("target", loc.target)):
            if side is not None and side.line is not None:
                col = f":{side.column}" if side.column is not None else ""
                path = f"{esc(side.path)}:" if side.path != loc.file else ""
                places.append(f"{name} {path}{side.line}{col}")
        place = f' <span class="where">{esc(", ".join(places))}</span>' if places else ""
        suggestion = f'<div class="suggestion">Suggestion: {esc(finding.suggestion)}</div>' if finding.suggestion else ""
        search = " ".join(filter(None, [finding.message, loc.unit_label, loc.source.text if loc.source else None, loc.target.text if loc.target else None, finding.rule_id, finding.rule_name]))
        return (
            f'<li class="finding" id="f{index}" data-i="{index}" data-severity="{finding.severity.value}" '
            f'data-category="{esc(finding.category)}" data-rule="{esc(finding.rule_id)}" data-search="{esc(search.casefold())}">'
            f'<span class="badge sev-{finding.severity.value}">{finding.severity.value}</span> '
            f'<span class="rule" title="{esc(finding.rule_name)}">{esc(finding.rule_id)}</span> '
            f'<span class="category">{esc(finding.category)}</span>{place}'
            f'<div class="message">{esc(finding.message)}</div>{suggestion}</li>'
        )

    def _data(self, report: Report, card: Scorecard) -> dict[str, Any]:
        return {
            "severities": SEVERITIES,
            "weights": card.weights,
            "threshold": card.threshold,
            "findings": [{"severity": f.severity.value, "rule": f.rule_id, "category": f.category} for f in report.findings],
        }


def _num(value: float) -> str:
    return f"{value:g}"


def _script_json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=True).replace("</", "<\\/")


CSS = """
:root{--critical:#b00020;--major:#d9480f;--minor:#b08800;--info:#1864ab;--bg:#fff;--fg:#1b1b1b;--muted:#666;--line:#ddd}
*{box-sizing:border-box}body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;color:var(--fg);background:var(--bg);margin:0;padding:0 1.5rem 3rem}
header{border-bottom:1px solid var(--line);margin-bottom:1rem}h1{font-size:1.5rem;margin:1rem 0 .25rem}
.meta{color:var(--muted);margin:.25rem 0}.files{margin:.25rem 0 1rem;padding-left:1.25rem;color:var(--muted)}
h2{font-size:1.15rem}table.score{border-collapse:collapse;min-width:40rem}table.score th,table.score td{border:1px solid var(--line);padding:.25rem .6rem;text-align:right}
table.score th[scope=row],table.score thead th:first-child{text-align:left}table.score tfoot{font-weight:600}
dl.verdict{display:grid;grid-template-columns:max-content auto;gap:.2rem 1rem;margin:1rem 0}dl.verdict dt{color:var(--muted)}dl.verdict dd{margin:0}
#verdict.pass{color:#2b8a3e}#verdict.fail{color:var(--critical)}
#filters{display:flex;flex-wrap:wrap;gap:.75rem;align-items:flex-start;position:sticky;top:0;background:var(--bg);padding:.5rem 0;border-bottom:1px solid var(--line);z-index:1}
fieldset{border:1px solid var(--line);border-radius:6px;padding:.25rem .6rem;margin:0}fieldset label{display:inline-block;margin-right:.6rem;white-space:nowrap}
.count{color:var(--muted);font-size:.85em}#shown{margin:.4rem 0;color:var(--muted)}
.file-name{margin-top:1.5rem}.unit{border:1px solid var(--line);border-radius:8px;padding:.6rem .9rem;margin:.8rem 0}.unit h3{font-size:1rem;margin:0 0 .4rem}
.line{color:var(--muted);font-weight:400;font-size:.9em}.sides{display:grid;grid-template-columns:1fr 1fr;gap:.8rem}
.side-head{font-size:.8rem;text-transform:uppercase;letter-spacing:.04em;color:var(--muted)}.text{white-space:pre-wrap;word-wrap:break-word;background:#fafafa;border-radius:4px;padding:.4rem .5rem;min-height:2rem}
mark.hl{background:none;border-bottom:3px solid;padding:0 1px}mark.sev-critical{background:#fde2e4;border-color:var(--critical)}mark.sev-major{background:#ffe8d9;border-color:var(--major)}
mark.sev-minor{background:#fff3bf;border-color:var(--minor)}mark.sev-info{background:#e7f5ff;border-color:var(--info)}mark.gap{font-weight:700;color:var(--critical)}
mark.off{background:none!important;border-color:transparent!important}mark.focus{outline:2px solid #222}
.none{color:var(--muted);font-style:italic}ol.list{margin:.6rem 0 0;padding-left:1.4rem}.finding{margin:.35rem 0;cursor:pointer}
.badge{display:inline-block;font-size:.75rem;font-weight:600;color:#fff;border-radius:3px;padding:0 .35rem;text-transform:uppercase}
.badge.sev-critical{background:var(--critical)}.badge.sev-major{background:var(--major)}.badge.sev-minor{background:var(--minor)}.badge.sev-info{background:var(--info)}
.rule{font-family:ui-monospace,monospace;font-weight:600}.category,.where{color:var(--muted);font-size:.9em;margin-left:.4rem}.suggestion{color:#2b8a3e}
.clean{font-size:1.1rem}[hidden]{display:none!important}
@media (max-width:50rem){.sides{grid-template-columns:1fr}}@media print{#filters{display:none}}
"""

SCRIPT = """
(function(){
  var data=JSON.parse(document.getElementById('tqa-data').textContent);
  var order=data.severities;
  var items=[].slice.call(document.querySelectorAll('li.finding'));
  var boxes=[].slice.call(document.querySelectorAll('#filters input[type=checkbox]'));
  var search=document.getElementById('search');
  function chosen(name){var s={};boxes.forEach(function(b){if(b.name===name&&b.checked)s[b.value]=1});return s}
  function apply(){
    var sev=chosen('severity'),cat=chosen('category'),rule=chosen('rule');
    var q=(search&&search.value||'').trim().toLowerCase();
    var visible={},shown=0;
    items.forEach(function(li){
      var ok=sev[li.dataset.severity]&&cat[li.dataset.category]&&rule[li.dataset.rule]&&(!q||li.dataset.search.indexOf(q)>=0);
      li.hidden=!ok;if(ok){visible[li.dataset.i]=1;shown++}
    });
    document.querySelectorAll('mark.hl').forEach(function(m){
      var best=-1;m.dataset.f.split(' ').forEach(function(i){if(visible[i]){var r=order.length-order.indexOf(data.findings[i].severity);if(r>best)best=r}});
      m.classList.toggle('off',best<0);
      order.forEach(function(s){m.classList.remove('sev-'+s)});
      if(best>=0)m.classList.add('sev-'+order[order.length-best]);
    });
    document.querySelectorAll('article.unit').forEach(function(a){a.hidden=!a.querySelector('li.finding:not([hidden])')});
    document.querySelectorAll('div.file').forEach(function(d){d.hidden=!d.querySelector('article.unit:not([hidden])')});
    var el=document.getElementById('shown');if(el)el.textContent='Showing '+shown+' of '+items.length+' finding(s)';
    document.body.dataset.shown=shown;
  }
  boxes.forEach(function(b){b.addEventListener('change',apply)});
  if(search)search.addEventListener('input',apply);
  items.forEach(function(li){li.addEventListener('click',function(){
    document.querySelectorAll('mark.focus').forEach(function(m){m.classList.remove('focus')});
    document.querySelectorAll('mark.hl').forEach(function(m){if(m.dataset.f.split(' ').indexOf(li.dataset.i)>=0)m.classList.add('focus')});
  })});
  var params=new URLSearchParams(location.search);
  ['severity','category','rule'].forEach(function(name){
    var want=params.get(name);if(!want)return;var keep=want.split(',');
    boxes.forEach(function(b){if(b.name===name)b.checked=keep.indexOf(b.value)>=0});
  });
  if(search&&params.get('q'))search.value=params.get('q');
  apply();
  document.body.dataset.ready='1';
})();
"""


@hookimpl
def tqa_register_reporters():
    return [HtmlReporter]
