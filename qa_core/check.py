"""The base class of checks and the context through which they report findings.

A check declares its rules and options up front. The runner makes one instance per
document, calls `check_unit` for each unit in document order and `check_document`
once after the last unit; a check that needs the whole document keeps what it needs
on `self` while the units stream past. A check that compares documents of one run
(consistency across files) returns what it needs from `run_data` after each document
(picklable: documents may be checked in other processes), and the runner calls the
class's `check_run` once with every document's data, after the last document.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, Iterable, Mapping

from qa_core.errors import UsageError
from qa_core.findings import Finding, Location, SideLocation, Span, UnitText
from qa_core.model import Document, Side, Unit, unit_text
from qa_core.rules import Rule, Severity

if TYPE_CHECKING:
    from qa_core.config import Config


@dataclass(frozen=True, slots=True)
class Option:
    """A setting of a check, read from `[tool.tqa.<check name>]` or `--set name.key=value`.
    The type is the default's type unless `type` says otherwise; `choices` limits strings."""

    name: str
    default: Any
    help: str
    choices: tuple[str, ...] | None = None
    type: str | None = None  # JSON Schema type, e.g. "array" when the default is None

    def json_schema(self) -> dict[str, Any]:
        schema: dict[str, Any] = {"description": self.help}
        kind = self.type or _json_type(self.default)
        if kind:
            schema["type"] = kind
        if self.choices:
            schema["enum"] = list(self.choices)
        return schema


def _json_type(value: Any) -> str | None:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, (list, tuple)):
        return "array"
    if isinstance(value, dict):
        return "object"
    return None


class Check:
    """Subclass, set `name`, `rules` (and `options`), and implement `check_unit`
    and/or `check_document`. Both are generators of findings made by `ctx.finding`."""

    name: ClassVar[str] = ""
    rules: ClassVar[tuple[Rule, ...]] = ()
    options: ClassVar[tuple[Option, ...]] = ()
    #: checks that need both sides skip units with no target; set False to see them
    needs_target: ClassVar[bool] = True
    #: checks that compare with the source do not run on monolingual documents
    needs_source: ClassVar[bool] = True
    #: how the runner may share this check out when it splits one large file's units over
    #: processes (`tqa check -j`): "units" (any process checks any share of the units: the
    #: check keeps nothing from one unit to the next), "document" (one process streams every
    #: unit past one instance, then calls `check_document`), "parent" (as "document", in the
    #: process that writes the report: the check leaves state there for the findings
    #: hooks). None lets the runner decide: "document" for a check with state of its own
    #: (an `__init__`, `check_document` or `check_run`), else "units".
    split: ClassVar[str | None] = None

    def __init__(self, settings: Mapping[str, Any] | None = None) -> None:
        values = {option.name: option.default for option in self.options}
        values.update(settings or {})
        self.settings = values

    def check_unit(self, unit: Unit, ctx: CheckContext) -> Iterable[Finding]:
        return ()

    def check_document(self, document: Document, ctx: CheckContext) -> Iterable[Finding]:
        return ()

    def run_data(self) -> Any:
        """What `check_run` needs of this document, picklable; None for nothing."""
        return None

    def check_run(self, data: list[Any], ctx: RunContext) -> Iterable[Finding]:
        """Findings across all documents of the run, from each document's `run_data`
        (in input order); called on a fresh instance with the run's settings."""
        return ()

    @classmethod
    def handles_runs(cls) -> bool:
        return cls.check_run is not Check.check_run

    @classmethod
    def handles_units(cls) -> bool:
        return cls.check_unit is not Check.check_unit

    @classmethod
    def handles_documents(cls) -> bool:
        return cls.check_document is not Check.check_document

    @classmethod
    def placement(cls) -> str:
        """Where the runner may run this check when it splits a file: see `split`."""
        if cls.split == "units" and (cls.handles_documents() or cls.handles_runs()):
            return "document"  # a document-level part must see every unit
        if cls.split is not None:
            return cls.split
        stateful = cls.__init__ is not Check.__init__ or cls.handles_documents() or cls.handles_runs()
        return "document" if stateful else "units"


class CheckContext:
    """What a check sees of the run: the document, the current unit, the config, and
    `finding(...)`, the only way to make a finding. It fills in the rule's name,
    category and effective severity, and the place in the original files, and it
    refuses rule ids the check did not declare."""

    def __init__(self, document: Document, check: Check, config: Config, hook: Any = None) -> None:
        self.document = document
        self.check = check
        self.config = config
        self.unit: Unit | None = None
        self.hook = hook  # the plugin manager's hook relay, to ask other plugins (sentences, glossaries)
        self._rules = {rule.id: rule for rule in check.rules}
        self._context: tuple[Unit | None, UnitText | None] = (None, None)
        self._profiles: dict[str, Config] = {}  # the configuration in another profile (`is_enabled`)

    def is_enabled(self, rule_id: str, *, profile: str | None = None) -> bool:
        """Whether the check's rule `rule_id` is on for this document: selected by the
        configuration (`--select`, `--ignore`, `[tool.tqa]`) in the document's checking
        profile, or in `profile` when given (a check that compares the files of a run asks
        what the run's profile may turn on: `profile="document"`). A check asks before it
        does work that only an optional rule's findings need; the runner drops the findings
        of a rule that is off anyway. Like `finding`, it refuses ids the check did not
        declare. (The configuration keeps each answer, and the context the configuration of
        each profile asked about: asking per unit costs two lookups.)"""
        rule = self._rules.get(rule_id)
        if rule is None:
            declared = ", ".join(sorted(self._rules)) or "none"
            raise UsageError(
                f"check {type(self.check).__name__} asked about {rule_id}, which it does not declare (declared: {declared})"
            )
        config = self.config
        if profile is not None:
            other = self._profiles.get(profile)
            if other is None:
                other = self._profiles[profile] = config.with_profile(profile)
            config = other
        return config.is_enabled(rule)

    # (checks ask ~8 times a unit: the unit's languages, `Unit.source_lang`, are its
    # file's, read here without that property's call and without reading it twice)
    @property
    def source_lang(self) -> str | None:
        unit = self.unit
        if unit is not None:
            lang = unit.file.source_lang
            if lang:
                return lang
        return self.document.source_lang or self.config.source_lang

    @property
    def target_lang(self) -> str | None:
        unit = self.unit
        if unit is not None:
            lang = unit.file.target_lang
            if lang:
                return lang
        return self.document.target_lang or self.config.target_lang

    def finding(
        self,
        rule_id: str,
        message: str,
        *,
        unit: Unit | None = None,
        source: Span | None = None,
        target: Span | None = None,
        suggestion: str | None = None,
        severity: Severity | str | None = None,
        data: Mapping[str, Any] | None = None,
        sides: tuple[Side, ...] | None = None,
    ) -> Finding:
        """Make a finding of a declared rule about `unit` (default: the current unit).

        `source`/`target` are spans in the unit's text. With no span, the finding
        concerns the whole side(s) named in `sides` (default: target when the unit
        has one, else source). `severity` lowers or raises the rule's default for this
        one finding (say, by the size of an omission); the configuration still wins.
        """
        rule = self._rules.get(rule_id)
        if rule is None:
            declared = ", ".join(sorted(self._rules)) or "none"
            raise UsageError(
                f"check {type(self.check).__name__} reported {rule_id}, which it does not declare (declared: {declared})"
            )
        unit = unit if unit is not None else self.unit
        bad = _bad_span(unit, source, target)
        if bad is not None:
            return self._dropped(rule, unit, bad)
        location = self.location(unit, source, target, sides)
        chosen = Severity.parse(severity) if severity is not None else rule.severity
        chosen = self.config.severity_for(rule, chosen)
        return Finding(
            rule_id=rule.id,
            rule_name=rule.name,
            severity=chosen,
            category=rule.category,
            message=message,
            location=location,
            suggestion=suggestion,
            data=dict(data or {}),
            context=self._unit_text(unit),
        )

    def _unit_text(self, unit: Unit | None) -> UnitText | None:
        """One UnitText per unit, shared by its findings (it holds the unit's strings, not
        copies; sharing also keeps one object, and one pickled copy under -j)."""
        if unit is None:
            return None
        cached_unit, cached = self._context
        if cached_unit is not unit:
            cached = UnitText(unit.source.text, unit.target.text if unit.target is not None else None)
            self._context = (unit, cached)
        return cached

    def _dropped(self, rule: Rule, unit: Unit | None, problem: str) -> Finding:
        """A finding the check made wrongly becomes a TQA001 finding naming the check
        and its plugin: the run goes on, the user sees that something was dropped."""
        from qa_core.engine import Engine

        engine_rule = next(r for r in Engine.rules if r.id == "TQA001")
        check = type(self.check)
        return Finding(
            rule_id=engine_rule.id,
            rule_name=engine_rule.name,
            severity=self.config.severity_for(engine_rule, engine_rule.severity),
            category=engine_rule.category,
            message=f"Check '{check.name}' (plugin {check.__module__}) made a {rule.id} finding with {problem}; it was dropped.",
            location=Location(file=self.document.path, unit_id=unit.id if unit is not None else None),
            data={"check": check.name, "plugin": check.__module__, "dropped": rule.id},
        )

    def location(
        self,
        unit: Unit | None,
        source: Span | None,
        target: Span | None,
        sides: tuple[Side, ...] | None = None,
    ) -> Location:
        doc = self.document
        if unit is None:
            return Location(file=doc.path)
        if source is None and target is None:
            if sides is None:
                sides = ("target",) if unit.target is not None else ("source",)
            whole = {side: Span(0, len(unit_text(unit, side))) for side in sides}
            source, target = whole.get("source"), whole.get("target")
        if target is None and source is not None and getattr(doc.locator, "locates_both_sides", False):
            # two documents aligned: a finding about what the target lacks also points
            # into the target (its paragraph, or where a missing paragraph belongs)
            target = Span(0, len(unit_text(unit, "target")))
        return Location(
            file=doc.path,
            unit_id=unit.id,
            source=self._side(unit, "source", source) if source is not None else None,
            target=self._side(unit, "target", target) if target is not None else None,
        )

    def _side(self, unit: Unit, side: Side, span: Span) -> SideLocation:
        text = unit_text(unit, side)
        if span.end > len(text):
            raise UsageError(
                f"'{side}' span must lie within the unit's {side} text of {len(text)} characters (got {span.start}-{span.end})"
            )
        place = self.document.locate(unit, side, span.start, span.end)
        return SideLocation(
            path=place.path,
            line=place.line,
            column=place.column,
            end_line=place.end_line,
            end_column=place.end_column,
            span=span,
            text=span.slice(text),
        )


def _bad_span(unit: Unit | None, source: Span | None, target: Span | None) -> str | None:
    """What is wrong with a finding's spans, or None: a span outside its side's text
    (or on a side the unit does not have) cannot be shown or located."""
    for side, span in (("source", source), ("target", target)):
        if span is None:
            continue
        if unit is None:
            return f"a {side} span but no unit"
        if side == "target" and unit.target is None and (span.start, span.end) != (0, 0):
            return "a target span on a unit without a target"  # (0, 0) is an insertion point: where it belongs
        length = len(unit_text(unit, side))
        if not (0 <= span.start <= span.end <= length):
            return f"a {side} span {span.start}-{span.end} outside the {side} text of {length} characters"
    return None


class RunContext:
    """What `Check.check_run` sees: the config and `finding(...)`, which takes a
    location kept from a document's `CheckContext.location` (findings across files
    point at units of several documents)."""

    def __init__(self, check: Check, config: Config) -> None:
        self.check = check
        self.config = config
        self._rules = {rule.id: rule for rule in check.rules}

    def finding(self, rule_id: str, message: str, location: Location, *, context: UnitText | None = None,
                suggestion: str | None = None, data: Mapping[str, Any] | None = None) -> Finding:
        rule = self._rules.get(rule_id)
        if rule is None:
            declared = ", ".join(sorted(self._rules)) or "none"
            raise UsageError(
                f"check {type(self.check).__name__} reported {rule_id}, which it does not declare (declared: {declared})"
            )
        return Finding(
            rule_id=rule.id,
            rule_name=rule.name,
            severity=self.config.severity_for(rule, rule.severity),
            category=rule.category,
            message=message,
            location=location,
            suggestion=suggestion,
            data=dict(data or {}),
            context=context,
        )
