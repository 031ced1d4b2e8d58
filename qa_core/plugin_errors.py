"""Naming the plugin behind an error raised in a hook.

pluggy lets an exception of a hook implementation through unchanged; `culprit` finds,
in its traceback, the innermost frame that is one of the hook's implementations and
returns that plugin's name. `PluginError` is the one-line error a run ends with when
it cannot go on without the hook; `warn_once` is what it says when it can.
"""

from __future__ import annotations

import sys

from qa_core.errors import TqaError


class PluginError(TqaError):
    """A plugin's hook raised: names the plugin and the hook."""


def culprit(caller, error: BaseException) -> str | None:
    """The name of the plugin whose implementation of `caller` (a hook caller such as
    `pm.hook.tqa_configure`) raised `error`, if the traceback shows it."""
    try:
        codes = {impl.function.__code__: impl.plugin_name for impl in caller.get_hookimpls()}
    except Exception:  # noqa: BLE001 - not a pluggy hook caller
        return None
    found = None
    tb = error.__traceback__
    while tb is not None:
        name = codes.get(tb.tb_frame.f_code)
        if name is not None:
            found = name
        tb = tb.tb_next
    return found


def describe(caller, hook: str, error: BaseException) -> str:
    plugin = culprit(caller, error)
    who = f"plugin {plugin!r}" if plugin else "a plugin"
    text = " ".join(str(error).split())[:300]
    return f"{who} failed in {hook}: {type(error).__name__}{': ' + text if text else ''}"


def plugin_error(caller, hook: str, error: BaseException) -> PluginError:
    return PluginError(describe(caller, hook, error))


_WARNED: set[tuple[str, str]] = set()


def warn_once(caller, hook: str, error: BaseException, going_on: str) -> None:
    """A hook the run can do without failed: say so on stderr, once per plugin and hook."""
    message = describe(caller, hook, error)
    key = (hook, message.split(" failed", 1)[0])
    if key in _WARNED:
        return
    _WARNED.add(key)
    print(f"tqa: warning: {message}; {going_on}", file=sys.stderr)
