"""The `tqa` command. Exit codes: 0 clean, 1 findings at or above --fail-on,
2 usage, input or internal error (one line on stderr, no traceback unless --debug)."""

from __future__ import annotations

import argparse
import gc
import os
import sys
from typing import Sequence

from qa_core import __version__
from qa_core.errors import TqaError

EPILOG = "Run `tqa COMMAND --help` for a command's options. Exit codes: 0 clean, 1 findings at or above --fail-on, 2 errors."


def _columns() -> int:
    """The terminal's width as `shutil.get_terminal_size().columns` gives it ($COLUMNS,
    else standard output's terminal, else 80)."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns or 80
        except (AttributeError, ValueError, OSError):
            columns = 80
    return columns


class _HelpFormatter(argparse.HelpFormatter):
    """argparse's formatter, given the width argparse would find itself: argparse makes
    one for every option added and imports shutil to find the width (with bz2, lzma and
    _compression, ~4 ms of every start-up) when it is not given."""

    def __init__(self, prog: str, indent_increment: int = 2, max_help_position: int = 24, width: int | None = None) -> None:
        super().__init__(prog, indent_increment, max_help_position, _columns() - 2 if width is None else width)


def _preparse(argv: Sequence[str]) -> argparse.Namespace:
    """The options that decide which plugins load, read before the full parser exists."""
    pre = argparse.ArgumentParser(add_help=False, formatter_class=_HelpFormatter)
    pre.add_argument("--plugin", action="append", default=[])
    pre.add_argument("--no-entry-points", action="store_true")
    pre.add_argument("--config")
    pre.add_argument("--isolated", action="store_true")
    pre.add_argument("--debug", action="store_true")
    pre.add_argument("--limit", action="append", default=[])
    known, rest = pre.parse_known_args(argv)
    # the command: the first word that is no option (the options above take their values)
    known.command = next((word for word in rest if not word.startswith("-")), None)
    return known


def _plugin_settings(pre: argparse.Namespace) -> tuple[list[str], list[str]]:
    """Extra plugin modules and disabled plugins named by the configuration file."""
    from qa_core.config import find_config, read_config_file

    if pre.isolated:
        return [], []
    if pre.config:
        table = read_config_file(pre.config)
    else:
        found = find_config(".")
        table = found[1] if found else {}
    extra = [str(p) for p in table.get("plugins", []) or []] if isinstance(table, dict) else []
    disable = [str(p) for p in table.get("disable-plugins", []) or []] if isinstance(table, dict) else []
    return extra, disable


def build_parser(plugins, only: str | None = None) -> argparse.ArgumentParser:
    """tqa's parser with a subparser per command. With `only` (the command the
    arguments name), only that command's options are added: the others are listed by
    name and help (`tqa --help`), which is all a run of one command needs (adding the
    options of every command costs more than parsing them)."""
    parser = argparse.ArgumentParser(
        prog="tqa",
        formatter_class=_HelpFormatter,
        description="Translation quality assurance for bilingual files (XLIFF, PO, TMX, ...).",
        epilog=EPILOG,
    )
    parser.add_argument("--version", action="version", version=f"tqa {__version__}")
    _global_options(parser)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in sorted(plugins.commands):
        command = plugins.commands[name]
        child = sub.add_parser(name, help=command.help, description=command.help, epilog=EPILOG,
                               formatter_class=_HelpFormatter)
        _global_options(child, suppress=True)
        if only is None or name == only:
            command.configure(child, plugins)
        child.set_defaults(_command=command)
    return parser


def _global_options(parser: argparse.ArgumentParser, suppress: bool = False) -> None:
    group = parser.add_argument_group("plugins and debugging")
    group.add_argument("--plugin", action="append", default=argparse.SUPPRESS if suppress else [], metavar="MODULE", help="load an extra plugin module (repeatable)")
    group.add_argument("--no-entry-points", action="store_true", default=argparse.SUPPRESS if suppress else False, help="do not load third-party plugins from the 'tqa' entry-point group")
    group.add_argument("--limit", action="append", default=argparse.SUPPRESS if suppress else [], metavar="NAME=VALUE", help="raise (or lower) a limit on hostile inputs, e.g. --limit archive_size=2G; see docs/security.md")
    group.add_argument("--debug", action="store_true", default=argparse.SUPPRESS if suppress else False, help="show tracebacks of internal errors")


def _refuse_unknown(parser: argparse.ArgumentParser, args: argparse.Namespace, unknown: list[str]) -> None:
    """Unrecognised arguments: the usage of the command they were given to (not tqa's),
    with the nearest option for a misspelled one. Exits 2 like argparse does."""
    from qa_core.suggest import did_you_mean

    child = parser
    command = getattr(args, "command", None)
    if command:
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction) and command in action.choices:
                child = action.choices[command]
    options = [option for option in child._option_string_actions if option.startswith("--")]
    hints = []
    for word in unknown:
        if word.startswith("-"):
            hint = did_you_mean(word.split("=", 1)[0], options, cutoff=0.6)
            if hint:
                hints.append(f"'{word}'{hint}")
    message = f"unrecognized arguments: {' '.join(unknown)}"
    if hints:
        message += "; " + ", ".join(hints)
    child.error(message)


def main(argv: Sequence[str] | None = None) -> int:
    from qa_core.limits import ENVIRONMENT

    saved = os.environ.get(ENVIRONMENT)
    try:
        return _main(argv)
    finally:
        # --limit holds for this command only (main() may be called again in-process)
        if saved is None:
            os.environ.pop(ENVIRONMENT, None)
        else:
            os.environ[ENVIRONMENT] = saved


_frozen = False  # whether _freeze_start_up ran in this process


def _freeze_start_up() -> None:
    """Move what start-up made (modules, classes, functions, the plugins, the parser:
    ~30,000 objects that live as long as the process) out of the cyclic collector's
    sight, once per process (`gc.freeze`): its collections while the files are checked,
    and the three at the interpreter's exit, then look only at what the run made."""
    global _frozen
    if not _frozen:
        _frozen = True
        gc.freeze()


def _main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    pre = _preparse(argv)
    from qa_core.lazy import early_patterns, generated_code, keep_generated_code, keep_patterns, warm_patterns
    from qa_core.workers import Terminated, catch_termination

    # the patterns an earlier run compiled (qa_core.lazy), put in re's cache when qa_core was imported
    patterns = early_patterns() or warm_patterns()
    restore = catch_termination()
    collecting = gc.isenabled()
    kept_code = generated_code()  # the dataclasses' methods an earlier run compiled (qa_core.lazy)
    kept_code.__enter__()
    try:
        from qa_core.limits import set_from_arguments
        from qa_core.manager import load_plugins

        set_from_arguments(pre.limit)

        # Start-up (importing the plugins, building the parser) makes ~35,000 objects
        # that live as long as the run and little garbage: the cyclic collector, which
        # would look at all of them ~50 times, is off until the command runs (~15 ms).
        gc.disable()
        extra, disable = _plugin_settings(pre)
        plugins = load_plugins(extra + list(pre.plugin), disable, entry_points=not pre.no_entry_points)
        parser = build_parser(plugins, only=pre.command if pre.command in plugins.commands else None)
        _freeze_start_up()
        if collecting:
            gc.enable()
        args, unknown = parser.parse_known_args(argv)
        if unknown:
            _refuse_unknown(parser, args, unknown)
        if not getattr(args, "_command", None):
            parser.print_help()
            return 2
        args.plugin = extra + list(pre.plugin)
        return args._command.run(args, plugins)
    except TqaError as error:
        print(f"tqa: {error}", file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        print("tqa: interrupted", file=sys.stderr)
        return 130
    except Terminated as stop:
        print(f"tqa: terminated (signal {stop.signum})", file=sys.stderr)
        return 128 + stop.signum
    except BrokenPipeError:
        # the reader of our output went away (tqa check ... | head): not an error of ours
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1
    except Exception as error:  # noqa: BLE001 - one line, not a traceback, unless --debug
        if pre.debug:
            raise
        print(f"tqa: internal error: {type(error).__name__}: {error} (run with --debug for the traceback)", file=sys.stderr)
        return 2
    finally:
        if collecting:
            gc.enable()
        restore()
        kept_code.__exit__(None, None, None)
        keep_patterns(patterns)
        keep_generated_code()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
