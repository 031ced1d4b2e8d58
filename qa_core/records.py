"""Frozen, slotted dataclasses made and pickled faster, with the same fields, values and
behaviour (`quick_records`).

`dataclasses` writes a frozen class's `__init__` to set each field with
`object.__setattr__(self, name, value)`: a global read, a method lookup and the generic
attribute machinery per field. tqa makes a few records per unit read (`Content`,
`Segment`, `Unit`) and several per finding (`Span`, `SideLocation`, `Location`,
`Finding`): a real share of a run's time. `quick_records` gives such a class an
`__init__` with the same signature, defaults and `__post_init__` call that sets each
field through its slot's descriptor, and a `__reduce__` that pickles a record as the
tuple of its field values (what `dataclasses` gives a slotted class lists `fields()`
anew for every record, both ways). Measured in docs/performance.md.

A class this does not know how to copy exactly (init-only variables, keyword-only
fields, a hand-written `__init__`) keeps what `dataclasses` gave it.
"""

from __future__ import annotations

from dataclasses import MISSING, fields
from operator import attrgetter

from qa_core.lazy import exec_generated

__all__ = ["quick_records"]


def quick_records(*classes: type) -> None:
    """Give each frozen, slotted dataclass of `classes` the quick `__init__` and
    `__reduce__` (see the module's docstring)."""
    for cls in classes:
        _quick_init(cls)
        _pickled_as_values(cls)


class _HasFactory:
    """The default of a parameter whose field has a `default_factory` (as in `dataclasses`)."""

    def __repr__(self) -> str:
        return "<factory>"


_HAS_FACTORY = _HasFactory()


def _quick_init(cls: type) -> None:
    params = getattr(cls, "__dataclass_params__", None)
    if params is None or not params.frozen or "__slots__" not in cls.__dict__ or not params.init:
        return
    declared = cls.__dict__["__dataclass_fields__"]
    if any(f._field_type is not None and f._field_type.name != "_FIELD" for f in declared.values()):
        return  # an init-only or class variable
    if any(f.kw_only is True for f in fields(cls)):
        return
    namespace: dict = {"_HAS_FACTORY": _HAS_FACTORY}
    arguments: list[str] = []
    body: list[str] = []
    for number, f in enumerate(fields(cls)):
        setter = f"_set{number}"
        namespace[setter] = cls.__dict__[f.name].__set__
        if f.default_factory is not MISSING:
            namespace[f"_factory{number}"] = f.default_factory
        if not f.init:
            if f.default is not MISSING:
                namespace[f"_default{number}"] = f.default
                body.append(f"{setter}(self, _default{number})")
            elif f.default_factory is not MISSING:
                body.append(f"{setter}(self, _factory{number}())")
            continue  # else set by __post_init__
        if f.default is not MISSING:
            namespace[f"_default{number}"] = f.default
            arguments.append(f"{f.name}=_default{number}")
            body.append(f"{setter}(self, {f.name})")
        elif f.default_factory is not MISSING:
            arguments.append(f"{f.name}=_HAS_FACTORY")
            body.append(f"{setter}(self, _factory{number}() if {f.name} is _HAS_FACTORY else {f.name})")
        else:
            arguments.append(f.name)
            body.append(f"{setter}(self, {f.name})")
    if hasattr(cls, "__post_init__"):
        body.append("self.__post_init__()")
    if any(name == "self" or name.startswith("_") for name in (f.name for f in fields(cls))):
        return  # a field name that would clash with the names used here
    source = f"def __init__(self, {', '.join(arguments)}):\n" + "".join(f"    {line}\n" for line in body or ["pass"])
    exec_generated(source, namespace)  # compiled once, then kept for the next run (qa_core/lazy.py)
    init = namespace["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    init.__module__ = cls.__module__
    init.__doc__ = cls.__init__.__doc__
    cls.__init__ = init


def _rebuild(cls: type, values: tuple):
    """A record of `_pickled_as_values` made again from its values: no `__init__` (a
    finding's fingerprint is among them, not computed again) and no checks."""
    record = object.__new__(cls)
    for set_field, value in zip(_SETTERS[cls], values):
        set_field(record, value)
    return record


_SETTERS: dict[type, tuple] = {}


def _pickled_as_values(cls: type) -> None:
    if "__slots__" not in cls.__dict__ or not hasattr(cls, "__dataclass_fields__"):
        return
    names = tuple(f.name for f in fields(cls))
    values = attrgetter(*names) if len(names) > 1 else (lambda record: (getattr(record, names[0]),))
    _SETTERS[cls] = tuple(cls.__dict__[name].__set__ for name in names)
    rebuild = _rebuilder(cls, names)

    def __reduce__(self):
        if type(self) is not cls:  # a subclass (a plugin's): its own fields, set by name
            return _rebuild_by_name, (type(self), tuple((f.name, getattr(self, f.name)) for f in fields(self)))
        if rebuild is None:
            return _rebuild, (cls, values(self))
        return rebuild, values(self)

    cls.__reduce__ = __reduce__


def _rebuilder(cls: type, names: tuple[str, ...]):
    """`_rebuild` for `cls` written out: a function of the field values that sets each
    through its slot's descriptor (no loop, no zip: a store of findings is read back a
    few times in a large run, ~5 records a finding). It is the class's `_from_values`,
    so that pickle finds it by name wherever the class can be found. None when the
    class already has an attribute of that name."""
    if "_from_values" in cls.__dict__ or not names:
        return None
    namespace: dict = {"_new": object.__new__, "_cls": cls}
    body = []
    for number, name in enumerate(names):
        namespace[f"_set{number}"] = cls.__dict__[name].__set__
        body.append(f"    _set{number}(record, value{number})\n")
    arguments = ", ".join(f"value{number}" for number in range(len(names)))
    source = f"def _from_values({arguments}):\n    record = _new(_cls)\n" + "".join(body) + "    return record\n"
    exec_generated(source, namespace)
    rebuild = namespace["_from_values"]
    rebuild.__qualname__ = f"{cls.__qualname__}._from_values"
    rebuild.__module__ = cls.__module__
    cls._from_values = staticmethod(rebuild)
    return rebuild


def _rebuild_by_name(cls: type, items: tuple):
    record = object.__new__(cls)
    for name, value in items:
        object.__setattr__(record, name, value)
    return record
