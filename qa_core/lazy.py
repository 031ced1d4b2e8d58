"""Patterns compiled on first use.

Python compiles a regular expression in pure Python; a module with fifty patterns
spends ~15 ms of every start-up on them, although a short text with no digit, no
URL and no date uses a handful. `lazy_pattern(source, flags)` stands for
`re.compile(source, flags)` at module level: the first attribute read (`.search`,
`.finditer`, ...) compiles it, and each attribute read is then kept on the object,
so later calls cost what they cost on the compiled pattern. It hashes and compares
by identity, so it can key a dict. It is not an `re.Pattern`: pass its methods,
not the object, to `re.sub` and friends.
"""

from __future__ import annotations

import importlib
import re
from typing import Any

__all__ = ["lazy_module", "lazy_pattern", "LazyPattern", "package_text", "generated_code", "keep_generated_code",
           "exec_generated"]


class LazyModule:
    """A module imported on the first attribute read. `etree = lazy_module("lxml.etree",
    globals(), "etree")` at module level: the first `etree.X` imports lxml and puts the
    module itself in that global, so later reads cost what they cost on the module."""

    __slots__ = ("_name", "_namespace", "_alias")

    def __init__(self, name: str, namespace: dict[str, Any], alias: str) -> None:
        self._name = name
        self._namespace = namespace
        self._alias = alias

    def __getattr__(self, attribute: str) -> Any:
        module = importlib.import_module(self._name)
        if self._namespace.get(self._alias) is self:
            self._namespace[self._alias] = module
        return getattr(module, attribute)


def lazy_module(name: str, namespace: dict[str, Any], alias: str) -> Any:
    """`import name as alias` in `namespace`, done on the first attribute read."""
    return LazyModule(name, namespace, alias)


class LazyPattern:
    """A compiled pattern in waiting (see the module's docstring)."""

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self._source = (pattern, flags)
        self._compiled: re.Pattern | None = None

    def compiled(self) -> re.Pattern:
        if self._compiled is None:
            self._compiled = re.compile(*self._source)
        return self._compiled

    def __getattr__(self, name: str) -> Any:  # only for names not yet on the instance
        if name.startswith("__") or name in ("_source", "_compiled"):
            raise AttributeError(name)
        value = getattr(self.compiled(), name)
        self.__dict__[name] = value  # bound methods of the compiled pattern: read once
        return value

    def __repr__(self) -> str:
        return f"lazy_pattern({self._source[0]!r}, {self._source[1]!r})"


def lazy_pattern(pattern: str, flags: int = 0) -> LazyPattern:
    """`re.compile(pattern, flags)`, done when the pattern is first used."""
    return LazyPattern(pattern, flags)


def package_text(package: str, *parts: str) -> str:
    """`importlib.resources.files(package).joinpath(*parts).read_text("utf-8")`: read
    from the package's folder when it is a plain folder, without importing
    importlib.resources (~15 ms: zipfile and its friends); asked of importlib.resources
    otherwise (a zip import). Raises what reading raises (FileNotFoundError, ...)."""
    import os
    import sys

    module = sys.modules.get(package) or importlib.import_module(package)
    filename = getattr(module, "__file__", None)
    if getattr(module, "__path__", None) is not None and filename and os.path.isfile(filename):
        with open(os.path.join(os.path.dirname(filename), *parts), encoding="utf-8") as handle:
            return handle.read()
    from importlib import resources

    return resources.files(package).joinpath(*parts).read_text(encoding="utf-8")


# ---------------------------------------------------------------------------
# Compiled code kept as data
# ---------------------------------------------------------------------------
# `re.compile` parses a pattern and turns it into the regex engine's code in pure
# Python, then hands that code to `_sre.compile`. For long patterns built from word
# lists (the numbers check's ~200 number words, currency names) the first two steps
# are nearly all the cost (~8 ms a language) and the last one ~0.01 ms. These two
# helpers keep the code as JSON data next to the tables it was built from (see
# qa_core/cache.py, whose key names the Python build) and hand it back to the engine.
# They use `re`'s internals the way `re._compiler.compile` does; on a Python where
# that does not work they return None and the caller compiles as usual; the engine
# checks the code it is given (`_sre` refuses invalid code).


def pattern_code(pattern: str, flags: int = 0) -> list | None:
    """What `re.compile(pattern, flags)` gives the regex engine, as JSON data, or None."""
    try:
        from re import _compiler, _parser

        flags = int(flags)
        parsed = _parser.parse(pattern, flags)
        code = _compiler._code(parsed, flags)
        groupindex = dict(parsed.state.groupdict)
        indexgroup: list[str | None] = [None] * parsed.state.groups
        for group, index in groupindex.items():
            indexgroup[index] = group
        # plain ints (the compiler's opcodes are an int subclass, which marshal refuses)
        return [pattern, flags, int(flags | parsed.state.flags), [int(op) for op in code], int(parsed.state.groups - 1),
                {str(group): int(index) for group, index in groupindex.items()}, indexgroup]
    except Exception:  # noqa: BLE001 - another Python's internals: compile as usual
        return None


def pattern_from_code(pattern: str, flags: int, record: Any) -> re.Pattern | None:
    """The pattern `re.compile(pattern, flags)` would give, from `pattern_code`'s record
    (None when the record is for another pattern or this Python refuses it)."""
    try:
        import _sre

        source, asked, final, code, groups, groupindex, indexgroup = record
        if source != pattern or asked != int(flags):
            return None
        return _sre.compile(pattern, final, code, groups, groupindex, tuple(indexgroup))
    except Exception:  # noqa: BLE001 - compile as usual
        return None


# ---------------------------------------------------------------------------
# The patterns of a run, kept for the next one
# ---------------------------------------------------------------------------
# Importing tqa's modules and checking a first unit compiles ~230 patterns (~50 ms of
# CPU, a fifth of a one-unit run). `re` keeps what it compiled in a dictionary,
# `re._cache`, keyed by (type, pattern, flags): `re.compile` and `re.search(...)` look
# there first. `warm_patterns()` fills that dictionary from the code `keep_patterns()`
# recorded after an earlier run (qa_core/cache.py, keyed by the Python build), so those
# calls find the pattern already built; a pattern not recorded compiles as usual. A
# pattern made from recorded code is equal (`==`: flags, pattern and code) to the one
# `re.compile` makes. Anything unexpected (another Python's `re`, a refused record)
# leaves `re` as it was.

#: at most this many recorded patterns (`re` keeps 512; the first recorded stay)
KEEP_PATTERNS = 400
_PROBE = "(?:tqa-probe)"
_warmed = False  # whether warm_patterns ran in this process


class PatternRecord:
    """What `warm_patterns` found and put in `re`'s cache, for `keep_patterns`: the
    records, and the patterns `re` held then (only those compiled later are new)."""

    __slots__ = ("records", "active", "held")

    def __init__(self, records: list, active: bool, held: frozenset = frozenset()) -> None:
        self.records = records
        self.active = active
        self.held = held


def _patterns_key() -> list[str]:
    import sys

    import _sre

    from qa_core import __version__

    # the Python build (the code is its regex engine's) and tqa's version (a release
    # starts a new record: its patterns may differ)
    import marshal

    return [sys.version, str(getattr(_sre, "MAGIC", "")), sys.implementation.cache_tag or "", __version__,
            f"marshal {marshal.version}"]


def _load_pattern_records() -> Any:
    """The recorded patterns (marshal data: a run reads ~600 KB of them in ~2 ms, where
    JSON took ~9), or None."""
    from qa_core import cache as disk

    blob = disk.load("patterns", "re", _patterns_key(), raw=True) if disk.cache_dir() is not None else None
    if not blob:
        return None
    import marshal

    try:
        return marshal.loads(blob)
    except (EOFError, ValueError, TypeError):
        return None


def _re_cache() -> dict | None:
    """`re`'s dictionary of compiled patterns, when this Python has the one described
    above (checked: a pattern put there is what `re.compile` returns)."""
    cache = getattr(re, "_cache", None)
    if not isinstance(cache, dict):
        return None
    marker = re.compile(_PROBE)  # compiled (or found) by `re` itself
    if cache.get((str, _PROBE, 0)) is not marker:
        return None
    return cache


def warm_patterns() -> PatternRecord:
    """Put the patterns recorded by an earlier run into `re`'s cache (see above)."""
    from qa_core import cache as disk

    global _warmed
    stored = _load_pattern_records()
    cache = _re_cache()
    if cache is None:
        return PatternRecord([], False)
    # the first run of a process records what its imports compiled too; a later run in the
    # same process (tests call the CLI many times) only what it compiled itself
    held = frozenset(cache) if _warmed else frozenset()
    _warmed = True
    if not isinstance(stored, list):
        return PatternRecord([], disk.cache_dir() is not None, held)
    kept = []
    for record in stored[:KEEP_PATTERNS]:
        try:
            pattern, flags = record[0], record[1]
        except (TypeError, IndexError, KeyError):
            continue
        if not isinstance(pattern, str) or type(flags) is not int:
            continue
        key = (str, pattern, flags)
        if key not in cache:
            compiled = pattern_from_code(pattern, flags, record)
            if compiled is None:
                continue
            cache[key] = compiled
        kept.append(record)
    return PatternRecord(kept, True, held)


_early: PatternRecord | None = None  # what warm_patterns_early put in `re`'s cache, not yet taken


def warm_patterns_early() -> None:
    """`warm_patterns()` while qa_core itself is imported (qa_core/__init__.py), so that
    the patterns of the engine's and the standard library's modules imported after it
    (rules, findings, argparse, gettext...) are found built too: ~1 % of a one-unit run.
    The first CLI run of the process takes its record (`early_patterns`)."""
    global _early
    if not _warmed:
        _early = warm_patterns()


def early_patterns() -> PatternRecord | None:
    """The record of `warm_patterns_early`, once (None afterwards, or when it did not run)."""
    global _early
    state, _early = _early, None
    return state


def keep_patterns(state: PatternRecord) -> None:
    """Record the patterns in `re`'s cache for the next run, when there are new ones
    and room for them (at most `KEEP_PATTERNS`); never raises."""
    if not state.active:
        return
    try:
        cache = _re_cache()
        if cache is None:
            return
        known = {(record[0], record[1]) for record in state.records}
        fresh = []
        for key in list(cache):
            if key in state.held:
                continue  # held before this run started (an earlier run in this process)
            kind, pattern, flags = key
            if kind is str and isinstance(flags, int) and not flags & re.DEBUG and (pattern, flags) not in known \
                    and pattern != _PROBE:
                record = pattern_code(pattern, flags)
                if record is not None:
                    fresh.append(record)
                    known.add((pattern, flags))
        room = KEEP_PATTERNS - len(state.records)
        if not fresh or room <= 0:
            return
        from qa_core import cache as disk

        # the patterns recorded first stay (a first run records those of the imports and
        # of a first unit); later runs add theirs while there is room, so a run that makes
        # patterns from its texts cannot push the others out, and a full record is not
        # written again
        import marshal

        disk.store("patterns", "re", _patterns_key(), marshal.dumps(state.records + fresh[:room]), raw=True)
    except Exception:  # noqa: BLE001 - a cache that cannot be kept costs time, never a result
        return


# ---------------------------------------------------------------------------
# The methods dataclasses generate, kept as code
# ---------------------------------------------------------------------------
# `dataclasses` writes each class's `__init__`, `__repr__`, `__eq__`, `__hash__`,
# `__setattr__` and `__delattr__` as Python source and hands the text to `exec`, which
# compiles it: ~430 compiles for tqa's ~80 frozen dataclasses, ~40 ms of every
# start-up (Python 3.11). The same class gives the same text in every run. While
# `generated_code()` is active, the `exec` that `dataclasses` calls (a name it looks up
# in its own module before the builtins) is `GeneratedCode`: it compiles each text
# once, as `exec` would (no inherited `__future__` flags, file name "<string>"), and
# hands the code object to the real `exec` with the same namespaces. `keep_generated_code()`
# stores the code objects (marshal, as `.pyc` files hold code; qa_core/cache.py, keyed
# by the Python build, checked by its CRC-32) and the next run finds them there. Only the
# compiling is skipped: the classes, their methods and what they do are those
# `dataclasses` makes; a text not recorded compiles as usual.

#: at most this many recorded texts (the first recorded stay)
KEEP_CODES = 2000


class GeneratedCode:
    """`exec` for `dataclasses`, with the code of each source text kept (see above)."""

    __slots__ = ("codes", "fresh", "active")

    def __init__(self, codes: dict, active: bool) -> None:
        self.codes = codes  # source text -> code object
        self.fresh = False  # whether a text was compiled in this process
        self.active = active  # whether a cache folder is there to keep them in

    def __call__(self, source, globals=None, locals=None, /, **options):
        if type(source) is str and globals is not None:
            code = self.codes.get(source)
            if code is None:
                code = compile(source, "<string>", "exec", dont_inherit=True)
                if len(self.codes) < KEEP_CODES:
                    self.codes[source] = code
                    self.fresh = True
            source = code
        elif globals is None:  # exec's defaults are the caller's namespaces, not ours
            import sys

            caller = sys._getframe(1)
            globals = caller.f_globals
            if locals is None:
                locals = caller.f_locals
        return exec(source, globals, locals, **options)


_generated: GeneratedCode | None = None


def _code_key() -> list[str]:
    import marshal
    import sys

    # the Python build, marshal's format and the optimisation level (-O), as for .pyc files
    return [sys.version, sys.implementation.cache_tag or "", str(marshal.version), f"O{sys.flags.optimize}"]


def _generated_state() -> GeneratedCode:
    """The process's `GeneratedCode`, with the codes an earlier run kept (read once)."""
    global _generated
    if _generated is None:
        from qa_core import cache as disk

        codes: dict = {}
        active = disk.cache_dir() is not None
        blob = disk.load("code", "dataclasses", _code_key(), raw=True) if active else None
        if blob:
            import marshal
            import types

            try:
                stored = marshal.loads(blob)
            except (EOFError, ValueError, TypeError):
                stored = None
            if isinstance(stored, dict):
                codes = {text: code for text, code in stored.items()
                         if type(text) is str and type(code) is types.CodeType}
        _generated = GeneratedCode(codes, active)
    return _generated


def exec_generated(source: str, namespace: dict) -> None:
    """`exec(source, namespace)` for generated methods outside `dataclasses` (see
    qa_core/records.py), their code kept with the dataclasses' (see above)."""
    _generated_state()(source, namespace)


class generated_code:
    """`with generated_code(): import ...`: the dataclasses those imports define get
    their generated methods from kept code (see above). Leaves `dataclasses` alone when
    something else already replaced its `exec`."""

    __slots__ = ("_installed", "_module")

    def __enter__(self) -> GeneratedCode | None:
        import dataclasses

        self._module = dataclasses
        self._installed = None
        if "exec" not in dataclasses.__dict__:
            self._installed = dataclasses.exec = _generated_state()
        return self._installed

    def __exit__(self, *exc_info) -> None:
        if self._installed is not None and self._module.__dict__.get("exec") is self._installed:
            del self._module.exec


def keep_generated_code() -> None:
    """Store the generated methods' code for the next run when this run compiled new
    ones; never raises."""
    state = _generated
    if state is None or not state.fresh or not state.active:
        return
    try:
        import marshal

        from qa_core import cache as disk

        disk.store("code", "dataclasses", _code_key(), marshal.dumps(state.codes), raw=True)
        state.fresh = False
    except Exception:  # noqa: BLE001 - a cache that cannot be kept costs time, never a result
        return
