"""Building the plugin manager: one fresh manager per run, never a module global."""

from __future__ import annotations

import importlib
import types
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Sequence

import pluggy

from qa_core import __version__, hookspecs
from qa_core.distributions import may_have_entry_points
from qa_core.distributions import version as dist_version
from qa_core.errors import UsageError
from qa_core.rules import RuleRegistry

if TYPE_CHECKING:
    from qa_core.check import Check
    from qa_core.commands import Command
    from qa_core.formats import Format
    from qa_core.reporters import Reporter

ENTRY_POINT_GROUP = "tqa"

#: built-in plugins, registered by module name in this order (later ones answer
#: firstresult hooks first, and third-party plugins come after all of them)
BUILTIN_PLUGINS: tuple[str, ...] = (
    "qa_core.readers.translate",  # first registered = asked last: the catch-all reader
    "qa_core.readers.po",
    "qa_core.readers.tmx",
    "qa_core.readers.xliff1",
    "qa_core.readers.xliff2",
    "qa_core.readers.resources",
    "qa_core.engine",
    "qa_core.suppression",
    "qa_core.commands",
    "qa_core.report_command",
    "qa_core.reporters.builtin",
    "qa_core.reporters.sarif",
    "qa_core.reporters.junit",
    "qa_core.reporters.github",
    "qa_core.reporters.statistics",
    "qa_core.reporters.html",
    "qa_core.reporters.xliff",
    "qa_core.glossaries",
    "qa_core.sentences",
    "qa_core.align.command",
    "qa_core.align.lexicon_command",
    "tqa_plugins.basic",
    "tqa_plugins.numbers",
    "tqa_plugins.terminology",
    "tqa_plugins.omission",
    "tqa_plugins.language",
    "tqa_plugins.workflow",
    "tqa_plugins.resources",
    "tqa_plugins.markup",
    "tqa_plugins.everyday.doubled",
    "tqa_plugins.everyday.punctuation",
    "tqa_plugins.everyday.urls",
    "tqa_plugins.everyday.options",
    "tqa_plugins.everyday.accelerators",
    "tqa_plugins.everyday.spacing",
    "tqa_plugins.everyday.capitals",
    "tqa_plugins.everyday.consistency",
    "tqa_plugins.everyday.lengths",
    "tqa_plugins.everyday.custom",
    "tqa_plugins.everyday.spelling",
)


@dataclass
class Plugins:
    """What the loaded plugins bring: the manager, and the registered checks, rules,
    formats, reporters and commands, collected once."""

    pm: pluggy.PluginManager
    checks: list[type[Check]] = field(default_factory=list)
    rules: RuleRegistry = field(default_factory=RuleRegistry)
    formats: list[Format] = field(default_factory=list)
    reporters: dict[str, type[Reporter]] = field(default_factory=dict)
    commands: dict[str, Command] = field(default_factory=dict)

    @property
    def hook(self):
        return self.pm.hook

    def reporter(self, name: str) -> type[Reporter]:
        try:
            return self.reporters[name]
        except KeyError:
            known = ", ".join(sorted(self.reporters))
            raise UsageError(f"'--format' must be one of {known} (got {name!r})") from None

    def describe(self) -> list[dict[str, str]]:
        """Name, version and origin of every loaded plugin, for `tqa plugins` and reports."""
        dists = {id(plugin): dist for plugin, dist in self.pm.list_plugin_distinfo()}
        out = []
        for name, plugin in self.pm.list_name_plugin():
            if plugin is None:
                continue
            dist = dists.get(id(plugin))
            if dist is not None:
                version = dist.version
                origin = f"entry point of {dist.project_name}"
            else:
                version = getattr(plugin, "__version__", None) or __version__
                origin = "built-in" if name in BUILTIN_PLUGINS else "configured"
            out.append({"name": name, "version": str(version), "origin": origin})
        return out


class _Manager(pluggy.PluginManager):
    """pluggy's manager, with a faster look for hook implementations in modules."""

    def parse_hookimpl_opts(self, plugin, name: str):
        # pluggy looks at every name of a plugin with inspect.getattr_static (~10 ms
        # over the built-in modules' ~1,600 names); in a module, a value that is not a
        # function, method, staticmethod or classmethod is no hook for pluggy either
        if isinstance(plugin, types.ModuleType):
            value = plugin.__dict__.get(name, _ABSENT)
            if value is not _ABSENT and not isinstance(value, _HOOKABLE):
                return None
            if type(value) is types.FunctionType and _MARKER not in value.__dict__:
                return None  # a plain function carries the hookimpl marker in its own __dict__
        return super().parse_hookimpl_opts(plugin, name)


_ABSENT = object()
_MARKER = "tqa_impl"  # what HookimplMarker("tqa") sets on the functions it marks
_HOOKABLE = (types.FunctionType, types.MethodType, staticmethod, classmethod)


def make_plugin_manager(
    extra: Sequence[str] = (),
    disable: Sequence[str] = (),
    entry_points: bool = True,
) -> pluggy.PluginManager:
    """A new manager with the built-in plugins, the `tqa` entry-point group and the
    `extra` modules, checked for misspelled hooks (`check_pending`)."""
    pm = _Manager("tqa")
    pm.add_hookspecs(hookspecs)
    for name in disable:
        pm.set_blocked(name)
    for name in BUILTIN_PLUGINS:
        if pm.is_blocked(name):
            continue
        pm.register(importlib.import_module(name), name=name)
    if entry_points and may_have_entry_points(ENTRY_POINT_GROUP):  # importlib.metadata costs ~25 ms
        try:
            pm.load_setuptools_entrypoints(ENTRY_POINT_GROUP)
        except Exception as error:  # a broken third-party plugin: say which
            raise UsageError(f"a plugin of the '{ENTRY_POINT_GROUP}' entry-point group failed to load: {error}") from None
    for name in extra:
        if pm.is_blocked(name) or pm.get_plugin(name) is not None:
            continue
        try:
            module = importlib.import_module(name)
        except ImportError as error:
            raise UsageError(f"plugin module {name!r} cannot be imported: {error}") from None
        pm.register(module, name=name)
    try:
        pm.check_pending()
    except pluggy.PluginValidationError as error:
        raise UsageError(f"plugin {error.plugin!r} implements an unknown hook: {error}") from None
    return pm


def load_plugins(extra: Sequence[str] = (), disable: Sequence[str] = (), entry_points: bool = True) -> Plugins:
    """Make a manager and collect what its plugins register."""
    pm = make_plugin_manager(extra, disable, entry_points)
    plugins = Plugins(pm)
    for batch in _registered(pm.hook.tqa_register_checks, "tqa_register_checks"):
        for check in batch:
            if not check.name:
                raise UsageError(f"check {check.__module__}.{check.__qualname__} must set 'name'")
            if any(existing.name == check.name for existing in plugins.checks):
                raise UsageError(f"two checks are named {check.name!r}")
            plugins.rules.add_check(check)
            plugins.checks.append(check)
    for batch in _registered(pm.hook.tqa_register_formats, "tqa_register_formats"):
        plugins.formats.extend(batch)
    for batch in _registered(pm.hook.tqa_register_reporters, "tqa_register_reporters"):
        for reporter in batch:
            plugins.reporters[reporter.name] = reporter
    for batch in _registered(pm.hook.tqa_register_commands, "tqa_register_commands"):
        for command in batch:
            plugins.commands[command.name] = command
    return plugins


def _registered(caller, hook: str) -> list:
    """What a register_* hook returns; a plugin that raises there is named."""
    from qa_core.plugin_errors import plugin_error

    try:
        return [batch or [] for batch in caller()]
    except Exception as error:  # noqa: BLE001 - a third-party plugin's bug, named
        raise plugin_error(caller, hook, error) from None


def installed_version(distribution: str = "tqa") -> str:
    found = dist_version(distribution)  # the dist-info folder's name: no metadata parsing
    if found is not None:
        return found
    from importlib import metadata

    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return __version__
