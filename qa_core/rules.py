"""Rules: what a check can report, declared up front with a stable id and name."""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterable

from qa_core import mqm
from qa_core.errors import UsageError

if TYPE_CHECKING:
    from qa_core.check import Check

RULE_ID = re.compile(r"^[A-Z]{2,5}[0-9]{3}$")
RULE_NAME = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
#: the checking profiles: what a file holds decides which rules run by default
#: (`tqa check --checking-profile`, the `profile` key): "document" for prose (aligned documents,
#: TMX, XLIFF), "software" for software strings (PO/POT, MO, Qt, app resource files)
PROFILES = ("document", "software")
DOC_HEADINGS = (
    "What it checks",
    "Why it matters",
    "Example",
    "Passes",
    "Options",
    "Known false positives",
)


class Severity(str, enum.Enum):
    """MQM severities, plus `info` for findings that never count against a score."""

    INFO = "info"
    MINOR = "minor"
    MAJOR = "major"
    CRITICAL = "critical"

    @property
    def rank(self) -> int:
        return _RANK[self]

    @classmethod
    def parse(cls, value: str | Severity) -> Severity:
        if isinstance(value, Severity):
            return value
        try:
            return cls(str(value).lower())
        except ValueError:
            choices = ", ".join(s.value for s in cls)
            raise UsageError(f"'severity' must be one of {choices} (got {value!r})") from None


_RANK = {Severity.INFO: 0, Severity.MINOR: 1, Severity.MAJOR: 2, Severity.CRITICAL: 3}


@dataclass(frozen=True, slots=True)
class Rule:
    """One kind of finding. `summary` is a sentence for listings; the long docs are
    a Markdown file `docs/<ID>.md` in the check's package (see `RuleRegistry.docs`)."""

    id: str
    name: str
    severity: Severity
    category: str
    summary: str
    #: False for a rule that runs only when selected by name, prefix or category
    #: (or by `select = ["ALL"]`): too noisy or too slow for every run
    default: bool = True
    #: the profiles whose default selection includes the rule (see PROFILES): a rule whose
    #: first-sight precision on real software strings was measured low declares
    #: ("document",) and runs on software strings only when a selection names it
    profiles: tuple[str, ...] = PROFILES

    def __post_init__(self) -> None:
        if not RULE_ID.match(self.id):
            raise UsageError(f"'id' must look like 'NUM002' (got {self.id!r})")
        if not RULE_NAME.match(self.name):
            raise UsageError(f"'name' must be kebab-case like 'currency-changed' (got {self.name!r})")
        if not isinstance(self.severity, Severity):
            object.__setattr__(self, "severity", Severity.parse(self.severity))
        mqm.validate(self.category)
        if not self.profiles or any(p not in PROFILES for p in self.profiles):
            raise UsageError(f"'profiles' must name some of {', '.join(PROFILES)} (got {self.profiles!r})")

    def default_in(self, profile: str) -> bool:
        """Whether the rule runs in `profile` when no selection names it."""
        return self.default and profile in self.profiles

    @property
    def prefix(self) -> str:
        return self.id.rstrip("0123456789")


class RuleRegistry:
    """Every rule of every loaded check, by id and by name; duplicates are refused."""

    def __init__(self) -> None:
        self._rules: dict[str, Rule] = {}
        self._by_name: dict[str, Rule] = {}
        self._owner: dict[str, type[Check]] = {}

    def add_check(self, check: type[Check]) -> None:
        for rule in check.rules:
            self.add(rule, check)

    def add(self, rule: Rule, owner: type[Check]) -> None:
        if rule.id in self._rules:
            other = self._owner[rule.id]
            raise UsageError(
                f"rule id {rule.id} is declared by both {_qualname(other)} and {_qualname(owner)}"
            )
        if rule.name in self._by_name:
            other = self._owner[self._by_name[rule.name].id]
            raise UsageError(
                f"rule name {rule.name!r} is declared by both {_qualname(other)} and {_qualname(owner)}"
            )
        self._rules[rule.id] = rule
        self._by_name[rule.name] = rule
        self._owner[rule.id] = owner

    def __iter__(self):
        return iter(sorted(self._rules.values(), key=lambda r: r.id))

    def __len__(self) -> int:
        return len(self._rules)

    def __contains__(self, rule_id: str) -> bool:
        return rule_id in self._rules

    def get(self, key: str) -> Rule | None:
        """A rule by id (any case) or by name."""
        return self._rules.get(key.upper()) or self._by_name.get(key)

    def __getitem__(self, key: str) -> Rule:
        rule = self.get(key)
        if rule is None:
            raise KeyError(key)
        return rule

    def owner(self, rule_id: str) -> type[Check]:
        return self._owner[rule_id]

    def docs(self, rule_id: str) -> str | None:
        """The rule's Markdown docs, read from `docs/<ID>.md` beside its check's module."""
        from qa_core.lazy import package_text

        owner = self._owner[rule_id]
        package = owner.__module__.rpartition(".")[0] or owner.__module__
        module = __import__(owner.__module__, fromlist=["_"])
        if getattr(module, "__path__", None):  # the check lives in a package's __init__
            package = owner.__module__
        try:
            return package_text(package, "docs", f"{rule_id}.md")
        except (FileNotFoundError, ModuleNotFoundError, NotADirectoryError):
            return None

    def resolve(self, selectors: Iterable[str]) -> list[Rule]:
        """The rules each selector names, for checking a selector list."""
        out = []
        for selector in selectors:
            out.extend(self.matching(selector))
        return out

    def matching(self, selector: str) -> list[Rule]:
        """Rules named by a selector: ALL, an id, a name, an id prefix, or an MQM category."""
        kind = self.selector_kind(selector)
        if kind is None:
            return []
        return [rule for rule in self if selector_specificity(selector, rule) is not None]

    def selector_kind(self, selector: str) -> str | None:
        if selector.upper() == "ALL":
            return "all"
        if self.get(selector) is not None:
            return "rule"
        if re.fullmatch(r"[A-Za-z]{1,5}[0-9]{0,2}", selector) and any(
            r.id.startswith(selector.upper()) for r in self._rules.values()
        ):
            return "prefix"
        if any(_category_matches(selector, r.category) for r in self._rules.values()):
            return "category"
        return None


def selector_specificity(selector: str, rule: Rule) -> int | None:
    """How specifically `selector` names `rule` (higher wins), or None when it does not.

    ALL = 0; a category = 1 + its depth; an id prefix = 10 + its length; the rule's
    id or name = 100. So `ignore = ["NUM"]` with `select = ["NUM002"]` keeps NUM002,
    and "Accuracy/Omission" beats "Accuracy".
    """
    if selector.upper() == "ALL":
        return 0
    if selector.upper() == rule.id or selector == rule.name:
        return 100
    upper = selector.upper()
    if re.fullmatch(r"[A-Z]{1,5}[0-9]{0,2}", upper) and rule.id.startswith(upper) and _prefix_fits(upper, rule):
        return 10 + len(upper)
    if _category_matches(selector, rule.category):
        return 1 + selector.count("/") + 1
    return None


def _prefix_fits(prefix: str, rule: Rule) -> bool:
    # "NUM" and "NUM0" match NUM002, but "NU" does not: a prefix must end on the
    # letter part or inside the digits, so plugin prefixes never bleed into each other.
    letters = rule.prefix
    return len(prefix) >= len(letters) and prefix.startswith(letters)


def _category_matches(selector: str, category: str) -> bool:
    sel = selector.strip().rstrip("/").lower()
    cat = category.lower()
    return cat == sel or cat.startswith(sel + "/")


def _qualname(cls: type) -> str:
    return f"{cls.__module__}.{cls.__qualname__}"
