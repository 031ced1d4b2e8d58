"""Custom checks written in the configuration, as Xbench checklists and Okapi
patterns are: regular expressions on the source and/or the target, each with its own
id, message, severity and MQM category; and a do-not-translate list."""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from qa_core import Check, Option, Rule, Severity, Span, hookimpl
from qa_core import mqm

from tqa_plugins.everyday.common import config_error, quote, translated

_ITEM_KEYS = {"id", "message", "severity", "category", "source", "target", "ignore-case"}


@lru_cache(maxsize=256)
def _compile(pattern: str, ignore_case: bool) -> re.Pattern:
    return re.compile(pattern, re.IGNORECASE if ignore_case else 0)


class CustomChecks(Check):
    """Patterns and do-not-translate terms from the project's configuration."""

    name = "custom"
    rules = (
        Rule("CUS001", "custom-pattern", Severity.MINOR, "Style/Organizational style",
             "A pattern of the configuration matched (target only: forbidden text; source and target: when the "
             "source matches, the target must match too; source only: the source matched)."),
        Rule("CUS002", "do-not-translate", Severity.MAJOR, "Accuracy/Do not translate",
             "A term of the do-not-translate list appears in the source but not, unchanged, in the target."),
    )
    options = (
        Option("checks", [], "Patterns: a list of {id, message, source, target, severity, category, ignore-case}.",
               type="array"),
        Option("do-not-translate", [], "Terms that must appear unchanged in the target when the source has them.",
               type="array"),
    )

    def check_unit(self, unit, ctx):
        if not translated(unit):
            return
        source, target = unit.source.text, unit.target.text
        for item in self.settings["checks"]:
            ignore_case = bool(item.get("ignore-case", False))
            src_re = _compile(item["source"], ignore_case) if item.get("source") else None
            tgt_re = _compile(item["target"], ignore_case) if item.get("target") else None
            found = None
            if src_re is not None and tgt_re is not None:
                m = src_re.search(source)
                if m and not tgt_re.search(target):
                    found = dict(source=Span(m.start(), m.end()), target=Span(0, len(target)))
            elif tgt_re is not None:
                m = tgt_re.search(target)
                if m:
                    found = dict(target=Span(m.start(), m.end()))
            elif src_re is not None:
                m = src_re.search(source)
                if m:
                    found = dict(source=Span(m.start(), m.end()))
            if found is None:
                continue
            finding = ctx.finding(
                "CUS001", f"[{item['id']}] {item.get('message') or 'custom pattern matched'}: {quote(m.group() or target)}.",
                severity=item.get("severity"), data={"check": item["id"]}, **found,
            )
            if item.get("category"):
                finding = replace(finding, category=item["category"])
            yield finding
        for term in self.settings["do-not-translate"]:
            for m in re.finditer(r"(?<!\w)" + re.escape(term) + r"(?!\w)", source):
                if not re.search(r"(?<!\w)" + re.escape(term) + r"(?!\w)", target):
                    yield ctx.finding(
                        "CUS002",
                        f"'{term}' is on the do-not-translate list but the target does not keep it: {quote(target)}.",
                        source=Span(m.start(), m.end()), target=Span(0, len(target)), suggestion=term,
                        data={"term": term},
                    )
                break


@hookimpl
def tqa_configure(config):
    """Refuse a malformed pattern, an unknown severity or category, naming the setting and its line."""
    settings = config.checks.get("custom") or {}
    seen = set()
    for index, item in enumerate(settings.get("checks") or []):
        where = f"checks[{index}]"
        if not isinstance(item, dict):
            raise config_error(config, "custom", "checks", f"{where} must be a table {{id, message, source, target, ...}} (got {item!r})")
        unknown = set(item) - _ITEM_KEYS
        if unknown:
            raise config_error(config, "custom", "checks", f"{where} has unknown keys {sorted(unknown)} (known: {sorted(_ITEM_KEYS)})")
        if not isinstance(item.get("id"), str) or not re.fullmatch(r"[A-Za-z0-9][\w.-]*", item.get("id") or ""):
            raise config_error(config, "custom", "checks", f"{where}.id must be a name such as 'no-exclamation' (got {item.get('id')!r})")
        if item["id"] in seen:
            raise config_error(config, "custom", "checks", f"{where}.id {item['id']!r} is used twice")
        seen.add(item["id"])
        if not item.get("source") and not item.get("target"):
            raise config_error(config, "custom", "checks", f"{where} ({item['id']}) needs 'source' and/or 'target'")
        for side in ("source", "target"):
            pattern = item.get(side)
            if pattern is None:
                continue
            if not isinstance(pattern, str):
                raise config_error(config, "custom", "checks", f"{where}.{side} must be a regular expression string (got {pattern!r})")
            try:
                re.compile(pattern)
            except re.error as error:
                raise config_error(config, "custom", "checks",
                                   f"{where}.{side} ({item['id']}) is not a valid regular expression: {error} (got {pattern!r})",
                                   needle=item["id"]) from None
        if "severity" in item:
            try:
                Severity.parse(item["severity"])
            except Exception:  # noqa: BLE001 - report the setting, not the parser
                raise config_error(config, "custom", "checks",
                                   f"{where}.severity must be info, minor, major or critical (got {item['severity']!r})") from None
        if "category" in item and not mqm.is_category(str(item["category"])):
            raise config_error(config, "custom", "checks",
                               f"{where}.category must be an MQM core category such as 'Style' (got {item['category']!r})")
    for term in settings.get("do-not-translate") or []:
        if not isinstance(term, str) or not term.strip():
            raise config_error(config, "custom", "do-not-translate", f"must list non-empty strings (got {term!r})")


@hookimpl
def tqa_register_checks():
    return [CustomChecks]
