"""Configuration: `[tool.tqa]` in pyproject.toml or a `tqa.toml`, then the command line.

Both are validated against one JSON Schema built from tqa's own keys and every
loaded check's options, so an unknown key is an error that names it. Rule
selection follows ruff: in each layer (defaults, file, command line) the most
specific selector wins; a layer with `select` starts from nothing.
"""

from __future__ import annotations

import dataclasses
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Mapping, Sequence

from qa_core.errors import ConfigError, UsageError
from qa_core.limits import DESCRIPTIONS as LIMIT_DESCRIPTIONS
from qa_core.limits import SIZE_PATTERN
from qa_core.rules import PROFILES, Rule, RuleRegistry, Severity, selector_specificity

if TYPE_CHECKING:
    from qa_core.check import Check

FAIL_ON = ("info", "minor", "major", "critical", "never")
#: `--checking-profile` / `profile =` ("auto" picks each file's profile from its format;
#: `--profile` is taken: the terminology plugin's sea-name policy)
PROFILE_CHOICES = ("auto", *PROFILES)
#: formats that hold software strings (the "software" profile under "auto", unless the
#: reader finds otherwise: qa_core/readers/content.py); a format
#: named "resource:..." (JSON, ARB, Android, iOS, .properties ...) too. Everything else
#: (XLIFF, TMX, aligned and target-only documents, glossaries, a third-party format) is
#: a document, unless its reader finds software strings (an XLIFF file whose first
#: <file> names a software datatype or resource original)
SOFTWARE_FORMATS = frozenset({"po", "mo", "ts", "lang", "catkeys"})
#: seconds one check may spend on one unit (a document-level check: this per 1,000 units)
DEFAULT_TIME_LIMIT = 60.0

CORE_KEYS: dict[str, dict[str, Any]] = {
    "select": {"type": "array", "items": {"type": "string"}, "description": "Rules to run: ALL, ids, names, id prefixes or MQM categories."},
    "extend-select": {"type": "array", "items": {"type": "string"}, "description": "Rules to add to the selection."},
    "ignore": {"type": "array", "items": {"type": "string"}, "description": "Rules not to run (same selectors as select)."},
    "severity": {
        "type": "object",
        "additionalProperties": {"enum": [s.value for s in Severity]},
        "description": "Severity overrides: selector -> critical|major|minor|info.",
    },
    "fail-on": {"enum": list(FAIL_ON), "description": "Exit with 1 when a finding is at or above this severity."},
    "format": {"type": "string", "description": "Default output format."},
    "source-lang": {"type": "string", "description": "Source language (BCP 47) for inputs that do not say."},
    "target-lang": {"type": "string", "description": "Target language (BCP 47) for inputs that do not say."},
    "exclude": {"type": "array", "items": {"type": "string"}, "description": "Glob patterns of paths to skip when a folder is given."},
    "jobs": {
        "oneOf": [{"type": "integer", "minimum": 0}, {"const": "auto"}],
        "description": "Worker processes across files; 0 or \"auto\" = one per core (the default).",
    },
    "time-limit": {
        "type": "number",
        "minimum": 0,
        "description": "Seconds one check may spend on one unit before it is stopped and reported as TQA001 (0 = no limit).",
    },
    "resource-layouts": {
        "type": "array",
        "items": {
            "type": "object",
            "properties": {
                "source": {"type": "string", "description": "Glob of the source-language files, relative to the folder checked."},
                "target": {"type": "string", "pattern": "\\{lang\\}", "description": "Path of a target file with {lang} for its language (and {stem}, the source file's name without extension)."},
                "format": {"type": "string", "description": "Resource format when the extension does not tell (json, yaml, android, strings, ...)."},
            },
            "required": ["source", "target"],
            "additionalProperties": False,
        },
        "description": "Resource-file layouts beyond the usual ones (en.json/vi.json, values-vi/, vi.lproj, messages_vi.properties...).",
    },
    "lexicon": {"type": "string", "description": "A word lexicon file (tqa lexicon learn FILES -o LEX) the aligner uses for --source/--target documents, relative to this file; 'builtin', the word table tqa ships for the language pair (the default when it ships one); or 'none', the documents' own lexicon only."},
    "profile": {
        "enum": list(PROFILE_CHOICES),
        "description": "Which rules run by default: 'software' strings (PO, MO, app resource files) leave out the rules measured noisy on them, 'document' runs them all, 'auto' (the default) picks by each file's format.",
    },
    "check-fuzzy": {"type": "boolean", "description": "Also run content checks on fuzzy (outdated, unused) PO translations."},
    "limits": {
        "type": "object",
        "properties": {
            name.replace("_", "-"): {
                "oneOf": [{"type": "integer", "minimum": 0}, {"type": "string", "pattern": SIZE_PATTERN}],
                "description": text,
            }
            for name, text in LIMIT_DESCRIPTIONS.items()
        } | {
            name: {"oneOf": [{"type": "integer", "minimum": 0}, {"type": "string", "pattern": SIZE_PATTERN}],
                   "description": f"Same as {name.replace('_', '-')}."}
            for name in LIMIT_DESCRIPTIONS if "_" in name
        },
        "additionalProperties": False,
        "description": "Limits on what one input may cost (see docs/security.md): a whole number, sizes with k, M or G; 0 = no limit. TQA_LIMITS and --limit override them.",
    },
    "plugins": {"type": "array", "items": {"type": "string"}, "description": "Extra plugin modules to load by import name."},
    "disable-plugins": {"type": "array", "items": {"type": "string"}, "description": "Plugins (by name) not to load."},
}


@dataclass(frozen=True)
class Layer:
    """Rule selectors from one place (defaults, a file, the command line)."""

    origin: str
    select: tuple[str, ...] | None = None
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: tuple[tuple[str, str], ...] = ()


@dataclass
class Config:
    """The settings of one run. Built by `load_config`; plugins read it in
    `tqa_configure`; checks see their own table as `Check.settings`."""

    path: str | None = None
    #: the project root (`qa_core.project.find_root`): the configuration file's folder,
    #: else the git work tree tqa runs in, else the working folder; fingerprints and
    #: baselines name files by their path from it ("." for a configuration made in
    #: code: the working folder)
    root: str = "."
    layers: list[Layer] = field(default_factory=lambda: [Layer("defaults", select=("ALL",))])
    fail_on: str = "minor"
    format: str = "text"
    source_lang: str | None = None
    target_lang: str | None = None
    exclude: tuple[str, ...] = ()
    resource_layouts: tuple[dict[str, Any], ...] = ()
    jobs: int = 0  # 0 = one worker process per core
    time_limit: float = DEFAULT_TIME_LIMIT
    check_fuzzy: bool = False
    #: "auto" (each file's profile from its format: `profile_for_format`), "document" or
    #: "software"; a document's own config (`for_document`) holds the profile it runs
    profile: str = "auto"
    #: a word lexicon file for aligning --source/--target documents (tqa lexicon learn)
    lexicon: str | None = None
    plugins: tuple[str, ...] = ()
    disable_plugins: tuple[str, ...] = ()
    checks: dict[str, dict[str, Any]] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)
    _enabled: dict[str, bool] = field(default_factory=dict, repr=False)
    _severity: dict[str, Severity | None] = field(default_factory=dict, repr=False)

    # ----- rule selection -------------------------------------------------

    def is_enabled(self, rule: Rule) -> bool:
        cached = self._enabled.get(rule.id)
        if cached is None:
            cached = self._enabled[rule.id] = _decide(self.layers, rule, self.resolved_profile)
        return cached

    # ----- profiles ---------------------------------------------------------

    @property
    def resolved_profile(self) -> str:
        """The profile the rule selection uses: "auto" not yet resolved for a file is
        "document" (every default rule, as before profiles existed)."""
        return self.profile if self.profile in PROFILES else "document"

    def with_profile(self, profile: str) -> Config:
        """This configuration with `profile` (a copy with its own rule decisions)."""
        if profile == self.profile:
            return self
        return dataclasses.replace(self, profile=profile, _enabled={}, _severity={})

    def for_document(self, document_format: str, content: str | None = None) -> Config:
        """The configuration one input runs with: when the profile is "auto", the profile
        its reader found from what the file holds (`content`: a PO catalogue of
        documentation, an XLIFF file of software strings; see qa_core.readers.content),
        else the one of its format."""
        if self.profile != "auto":
            return self
        return self.with_profile(content if content in PROFILES else profile_for_format(document_format))

    def for_run(self, profiles: Iterable[str]) -> Config:
        """The configuration of the checks that compare the inputs of a run (cross-file
        consistency), given the profile each input ran with: "auto" is "software" when
        every input ran as software strings."""
        if self.profile != "auto":
            return self
        profiles = set(profiles)
        return self.with_profile(profiles.pop() if len(profiles) == 1 else "document")

    def severity_for(self, rule: Rule, default: Severity) -> Severity:
        """The configured severity of a rule, or `default` when no override names it."""
        if rule.id not in self._severity:
            best: tuple[int, int] | None = None
            chosen: Severity | None = None
            for order, layer in enumerate(self.layers):
                for selector, value in layer.severity:
                    rank = selector_specificity(selector, rule)
                    if rank is not None and (best is None or (order, rank) >= best):
                        best, chosen = (order, rank), Severity.parse(value)
            self._severity[rule.id] = chosen
        return self._severity[rule.id] or default

    def fails(self, severity: Severity) -> bool:
        if self.fail_on == "never":
            return False
        return severity.rank >= Severity.parse(self.fail_on).rank

    def settings_for(self, check: type[Check]) -> dict[str, Any]:
        return dict(self.checks.get(check.name, {}))

    def check_selectors(self, registry: RuleRegistry) -> None:
        """Refuse selectors that name no loaded rule: a typo must not silently run everything."""
        for layer in self.layers:
            named = list(layer.select or ()) + list(layer.extend_select) + list(layer.ignore)
            named += [selector for selector, _ in layer.severity]
            for selector in named:
                if registry.selector_kind(selector) is None:
                    from qa_core.suggest import did_you_mean

                    rules = list(registry)
                    names = [r.id for r in rules] + [r.name for r in rules] + sorted({r.category for r in rules})
                    raise UsageError(
                        f"{layer.origin}: selector {selector!r} names no rule, rule name, id prefix or MQM category "
                        f"of the loaded checks{did_you_mean(selector, names)} (see `tqa rules`)"
                    )

    def as_dict(self) -> dict[str, Any]:
        """What the report records of the configuration."""
        return {
            "path": self.path,
            "fail_on": self.fail_on,
            "profile": self.profile,
            "layers": [
                {
                    "origin": layer.origin,
                    "select": list(layer.select) if layer.select is not None else None,
                    "extend_select": list(layer.extend_select),
                    "ignore": list(layer.ignore),
                    "severity": dict(layer.severity),
                }
                for layer in self.layers
            ],
        }


def profile_for_format(document_format: str) -> str:
    """The profile "auto" gives an input of this format (see SOFTWARE_FORMATS)."""
    if document_format in SOFTWARE_FORMATS or document_format.startswith("resource:"):
        return "software"
    return "document"


def _decide(layers: Sequence[Layer], rule: Rule, profile: str = "document") -> bool:
    enabled = False
    for layer in layers:
        if layer.origin == "defaults" and not rule.default_in(profile):
            continue  # an opt-in rule (in this profile): only a selection that names it turns it on
        best: tuple[int, int] | None = None  # (specificity, 1 for ignore) - ignore wins ties
        decision: bool | None = None
        candidates = [(s, True) for s in (layer.select or ())]
        candidates += [(s, True) for s in layer.extend_select]
        candidates += [(s, False) for s in layer.ignore]
        for selector, turn_on in candidates:
            rank = selector_specificity(selector, rule)
            if rank is None:
                continue
            key = (rank, 0 if turn_on else 1)
            if best is None or key > best:
                best, decision = key, turn_on
        if layer.select is not None:
            enabled = bool(decision)
        elif decision is not None:
            enabled = decision
    return enabled


# ---------------------------------------------------------------------------
# Loading
# ---------------------------------------------------------------------------


def find_config(start: str | os.PathLike = ".") -> tuple[Path, dict[str, Any]] | None:
    """The nearest tqa.toml, or pyproject.toml with a [tool.tqa] table, from `start` up."""
    here = Path(start).resolve()
    for folder in (here, *here.parents):
        candidate = folder / "tqa.toml"
        if candidate.is_file():
            return candidate, _read_toml(candidate).get("tool", {}).get("tqa", None) or _read_toml(candidate)
        candidate = folder / "pyproject.toml"
        if candidate.is_file():
            table = _read_toml(candidate).get("tool", {}).get("tqa")
            if table is not None:
                return candidate, table
    return None


def read_config_file(path: str | os.PathLike) -> dict[str, Any]:
    """The tqa table of a given file: [tool.tqa] of a pyproject.toml, or a whole tqa.toml."""
    path = Path(path)
    if not path.is_file():
        raise ConfigError(str(path), "no such configuration file")
    data = _read_toml(path)
    if path.name == "pyproject.toml" or "tool" in data:
        table = data.get("tool", {}).get("tqa")
        if table is None:
            raise ConfigError(str(path), "has no [tool.tqa] table")
        return table
    return data


def _read_toml(path: Path) -> dict[str, Any]:
    from qa_core import cache

    try:
        with open(path, "rb") as handle:
            return cache.toml_loads(handle.read().decode("utf-8"))  # what tomllib.load does, remembered
    except cache.toml_module().TOMLDecodeError as error:
        line, column = _toml_error_place(str(error))
        message = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(error))
        raise ConfigError(str(path), f"invalid TOML: {message}", line, column) from None
    except UnicodeDecodeError as error:
        raise ConfigError(str(path), f"not UTF-8 text ({error.reason} at byte {error.start})") from None
    except (ValueError, RecursionError) as error:  # an integer of 40,000 digits, arrays nested too deep
        raise ConfigError(str(path), f"invalid TOML: {' '.join(str(error).split())[:200] or type(error).__name__}") from None


def _toml_error_place(text: str) -> tuple[int | None, int | None]:
    match = re.search(r"line (\d+), column (\d+)", text)
    if match:
        return int(match.group(1)), int(match.group(2))
    return None, None


def config_schema(checks: Iterable[type[Check]]) -> dict[str, Any]:
    """The JSON Schema of `[tool.tqa]`, with one table per check that has options."""
    properties: dict[str, Any] = dict(CORE_KEYS)
    for check in checks:
        if not check.options:
            continue
        properties[check.name] = {
            "type": "object",
            "description": (check.__doc__ or "").strip().splitlines()[0] if check.__doc__ else check.name,
            "properties": {option.name: option.json_schema() for option in check.options},
            "additionalProperties": False,
        }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "type": "object",
        "properties": properties,
        "additionalProperties": False,
    }


def validate_table(table: Mapping[str, Any], schema: dict[str, Any], origin: str, text: str | None = None) -> None:
    import jsonschema  # ~0.1 s to import: only runs with a configuration file or --set pay it

    validator = jsonschema.Draft202012Validator(schema)
    errors = sorted(validator.iter_errors(table), key=lambda e: list(e.absolute_path))
    if not errors:
        return
    error = errors[0]
    path = [str(p) for p in error.absolute_path]
    if error.validator == "additionalProperties":
        known = sorted((schema if not path else _sub(schema, path)).get("properties", {}))
        known = [k for k in known if not ("_" in k and k.replace("_", "-") in known)]  # one spelling each
        extra = [k for k in error.instance if k not in known] if isinstance(error.instance, dict) else []
        key = ".".join(path + extra[:1])
        line = _line_of_any(text, path + extra[:1])
        raise ConfigError(origin, f"unknown key '{key}' (known here: {', '.join(known)})", line)
    key = ".".join(path) or "tool.tqa"
    line = _line_of_any(text, path)
    if error.validator == "enum":
        expected = "one of " + ", ".join(map(str, error.validator_value))
    elif error.validator == "type":
        expected = f"of type {error.validator_value}"
    elif path[:1] == ["limits"]:
        expected = "a whole number (0: no limit), with k, M or G for sizes"
    else:
        expected = error.message
    message = f"'{key}' must be {expected} (got {error.instance!r})"
    raise ConfigError(origin, message, line)


def _sub(schema: dict[str, Any], path: list[str]) -> dict[str, Any]:
    node = schema
    for part in path:
        props = node.get("properties", {})
        node = props.get(part) or node.get("additionalProperties") or {}
        if not isinstance(node, dict):
            return {}
    return node


def _line_of_any(text: str | None, path: list[str]) -> int | None:
    """The line of the innermost key of `path` found at a line's start (the keys of an
    inline table, `limits = {unit-chars = "5M"}`, give the line of `limits`)."""
    for key in reversed(path):
        line = _line_of(text, key)
        if line is not None:
            return line
    return None


def _line_of(text: str | None, key: str) -> int | None:
    if not text or not key:
        return None
    pattern = re.compile(rf"^\s*(\[[^\]]*\b{re.escape(key)}\]|\"?{re.escape(key)}\"?\s*=)", re.MULTILINE)
    match = pattern.search(text)
    return text[: match.start()].count("\n") + 1 if match else None


def _tuple(value: Any) -> tuple[str, ...]:
    return tuple(str(v) for v in value or ())


def load_config(
    checks: Sequence[type[Check]],
    *,
    config_path: str | None = None,
    isolated: bool = False,
    start: str = ".",
    cli: Mapping[str, Any] | None = None,
) -> Config:
    """Build the run's configuration from the nearest (or given) file and the command line.

    `cli` holds what the command line said: select, extend_select, ignore (lists),
    severity (list of "SELECTOR=LEVEL"), fail_on, format, source_lang, target_lang,
    jobs, and `settings`: {check name: {option: value}} from --set and plugin options.
    """
    cli = dict(cli or {})
    schema = config_schema(checks)
    table: dict[str, Any] = {}
    origin = "defaults"
    path: Path | None = None
    if config_path:
        path = Path(config_path)
        table = read_config_file(path)
    elif not isolated:
        found = find_config(start)
        if found:
            path, table = found
    text = path.read_text(encoding="utf-8", errors="replace") if path else None
    if path:
        origin = str(path)
        validate_table(table, schema, origin, text)

    from qa_core.project import find_root

    config = Config(path=str(path) if path else None, root=str(path.parent) if path else find_root(None, start))
    if path:
        config.layers.append(
            Layer(
                origin=origin,
                select=_tuple(table["select"]) if "select" in table else None,
                extend_select=_tuple(table.get("extend-select")),
                ignore=_tuple(table.get("ignore")),
                severity=tuple((str(k), str(v)) for k, v in table.get("severity", {}).items()),
            )
        )
    severity_cli = []
    for item in cli.get("severity") or ():
        selector, sep, level = item.partition("=")
        if not sep:
            raise UsageError(f"'--severity' must be SELECTOR=LEVEL (got {item!r})")
        severity_cli.append((selector.strip(), Severity.parse(level.strip()).value))
    if any(cli.get(k) for k in ("select", "extend_select", "ignore")) or severity_cli:
        config.layers.append(
            Layer(
                origin="command line",
                select=tuple(cli["select"]) if cli.get("select") else None,
                extend_select=tuple(cli.get("extend_select") or ()),
                ignore=tuple(cli.get("ignore") or ()),
                severity=tuple(severity_cli),
            )
        )
    config.fail_on = cli.get("fail_on") or table.get("fail-on", config.fail_on)
    if config.fail_on not in FAIL_ON:
        raise UsageError(f"'--fail-on' must be one of {', '.join(FAIL_ON)} (got {config.fail_on!r})")
    config.format = cli.get("format") or table.get("format", config.format)
    config.source_lang = cli.get("source_lang") or _file_language(table, "source-lang", origin, text)
    config.target_lang = cli.get("target_lang") or _file_language(table, "target-lang", origin, text)
    config.exclude = _tuple(table.get("exclude")) + tuple(cli.get("exclude") or ())
    config.resource_layouts = tuple(dict(item) for item in table.get("resource-layouts", ()))
    config.jobs = parse_jobs(cli["jobs"] if cli.get("jobs") is not None else table.get("jobs", 0))
    limit = cli.get("time_limit")
    config.time_limit = float(limit if limit is not None else table.get("time-limit", DEFAULT_TIME_LIMIT))
    if config.time_limit < 0:
        raise UsageError(f"'--time-limit' must be 0 (no limit) or a number of seconds (got {limit})")
    config.check_fuzzy = bool(cli.get("check_fuzzy") or table.get("check-fuzzy", False))
    config.profile = cli.get("profile") or table.get("profile", config.profile)
    if config.profile not in PROFILE_CHOICES:
        raise UsageError(f"'profile' must be one of {', '.join(PROFILE_CHOICES)} (got {config.profile!r})")
    if table.get("lexicon") in ("builtin", "none"):  # lexicon_file.BUILTIN / NONE, not files
        config.lexicon = table["lexicon"]
    elif table.get("lexicon"):
        config.lexicon = os.path.join(config.root, os.path.expanduser(str(table["lexicon"])))
    config.plugins = _tuple(table.get("plugins"))
    config.disable_plugins = _tuple(table.get("disable-plugins"))
    if table.get("limits"):
        _apply_limits(table["limits"])

    by_name = {check.name: check for check in checks}
    for name, check in by_name.items():
        settings = dict(table.get(name, {}))
        settings.update((cli.get("settings") or {}).get(name, {}))
        if settings:
            validate_table({name: settings}, schema, "command line" if name in (cli.get("settings") or {}) else origin, text)
            config.checks[name] = settings
    unknown = set((cli.get("settings") or {})) - set(by_name)
    if unknown:
        raise UsageError(f"'--set' names no loaded check: {', '.join(sorted(unknown))} (checks: {', '.join(sorted(by_name))})")
    return config


def _apply_limits(limits: Mapping[str, Any]) -> None:
    """The file's `limits` (validated by the schema) under `TQA_LIMITS` and `--limit`,
    which override them; passed on through the environment, as `--limit` is, so that
    worker processes and readers see them (`qa_core.cli.main` restores it after)."""
    from qa_core.limits import ENVIRONMENT, parse_limits

    text = ",".join(f"{key.replace('-', '_')}={value}" for key, value in limits.items())
    combined = ",".join(filter(None, [text, os.environ.get(ENVIRONMENT, "")]))
    parse_limits(combined)
    os.environ[ENVIRONMENT] = combined


def _file_language(table: Mapping[str, Any], key: str, origin: str, text: str | None) -> str | None:
    """A language of the configuration file as a canonical BCP 47 tag; an unknown one is
    an error naming the key and its line."""
    from qa_core.languages import UnknownLanguage, language_tag

    value = table.get(key)
    if value is None:
        return None
    try:
        return language_tag(str(value))
    except UnknownLanguage as error:
        raise ConfigError(origin, f"'{key}': {error}", _line_of(text, key)) from None


def parse_jobs(value: Any) -> int:
    """`--jobs` / `jobs =`: a number of worker processes, or 0 / "auto" for one per core."""
    if isinstance(value, str):
        text = value.strip().lower()
        if text == "auto":
            return 0
        try:
            value = int(text)
        except ValueError:
            raise UsageError(f"'--jobs' must be a number of worker processes, or 0 or 'auto' for one per core (got {value!r})") from None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise UsageError(f"'--jobs' must be a number of worker processes, or 0 or 'auto' for one per core (got {value!r})")
    return value


def parse_setting(item: str) -> tuple[str, str, Any]:
    """`check.option=value` from `--set`; the value is read as TOML, else kept as a string."""
    key, sep, raw = item.partition("=")
    check, dot, option = key.strip().partition(".")
    if not sep or not dot or not check or not option:
        raise UsageError(f"'--set' must be CHECK.OPTION=VALUE (got {item!r})")
    from qa_core.cache import toml_module

    tomllib = toml_module()
    try:
        value = tomllib.loads(f"v = {raw}")["v"]
    except tomllib.TOMLDecodeError:
        value = raw
    return check, option, value
