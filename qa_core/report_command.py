"""`tqa report FINDINGS.json --format FORMAT`: render a saved JSON report in any
format, exactly as `tqa check --format FORMAT` would have (both render the same
`Report`). Exit codes as for `tqa check`: 1 when a finding is at or above
`--fail-on` (the saved run's unless given), 0 otherwise, 2 for errors."""

from __future__ import annotations

import argparse
import json
import os
import sys

from qa_core import hookimpl
from qa_core.commands import Command, add_report_options, emit, report_inputs, report_options, write_extra
from qa_core.files import refuse_inputs
from qa_core.errors import InputError, UsageError
from qa_core.formats import require_file
from qa_core.manager import Plugins
from qa_core.report import Report, write_atomic


def load_report(path: str) -> Report:
    """A saved JSON report, validated against the report schema."""
    if path != "-":
        require_file(path)
    try:
        if path == "-":
            data = json.load(sys.stdin)
        else:
            with open(path, encoding="utf-8") as handle:
                data = json.load(handle)
    except json.JSONDecodeError as error:
        raise InputError(path, f"not JSON: {error.msg}", error.lineno, error.colno) from None
    except UnicodeDecodeError as error:
        raise InputError(path, f"not UTF-8 text: {error.reason} at byte {error.start}") from None
    if not isinstance(data, dict):
        raise InputError(path, "not a tqa report: the top level must be a JSON object")
    where = _lone_surrogate(data)
    if where is not None:
        raise InputError(path, f"not a tqa report: the string at {where} holds a lone surrogate (an escape such as \\ud800 without its pair), which is not text")
    return Report.from_dict(data, origin=path)


def _lone_surrogate(data) -> str | None:
    """The JSON path of the first string (or key) holding a lone surrogate, if any."""
    stack = [("(root)", data)]
    while stack:
        where, value = stack.pop()
        if isinstance(value, str):
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                return where
        elif isinstance(value, dict):
            for key, item in value.items():
                if _lone_surrogate(key) is not None:
                    return where
                stack.append((f"{where}/{key}" if where != "(root)" else key, item))
        elif isinstance(value, list):
            stack.extend((f"{where}/{index}" if where != "(root)" else str(index), item) for index, item in enumerate(value))
    return None


def _configure(parser: argparse.ArgumentParser, plugins: Plugins) -> None:
    parser.add_argument("report", metavar="FINDINGS.json", help="a report saved by `tqa check --format json` ('-' reads stdin)")
    parser.add_argument("-f", "--format", default="text", help=f"output format: {', '.join(sorted(plugins.reporters))} (default: text)")
    parser.add_argument("-o", "--output", metavar="FILE", help="write to FILE (atomically) instead of stdout")
    parser.add_argument(
        "--report", dest="also", action="append", default=[], metavar="FORMAT=FILE",
        help="also write the report in FORMAT to FILE (repeatable)",
    )
    parser.add_argument("--fail-on", choices=("info", "minor", "major", "critical", "never"), help="severity that fails (default: the saved run's)")
    parser.add_argument("--color", choices=("auto", "always", "never"), default="auto", help="colour text output")
    xliff = parser.add_argument_group("xliff write-back (--format xliff)")
    xliff.add_argument("--output-dir", metavar="DIR", help="write each input, with its findings, to DIR under its own name")
    xliff.add_argument("--in-place", action="store_true", help="write the findings into the input files themselves (never done unless asked)")
    add_report_options(parser)


def _run(args: argparse.Namespace, plugins: Plugins) -> int:
    reporter = plugins.reporter(args.format)
    extra = []
    for item in args.also:
        name, sep, path = item.partition("=")
        if not sep or not path:
            raise UsageError(f"'--report' must be FORMAT=FILE (got {item!r})")
        extra.append((plugins.reporter(name), path))
    options = report_options(args, [reporter] + [cls for cls, _ in extra])
    report = load_report(args.report)
    outputs = [("-o", args.output)] if args.output else []
    outputs += [(f"--report {cls.name}=", path) for cls, path in extra]
    refuse_inputs(outputs, [args.report] + report_inputs(report))
    if args.fail_on:
        report.fail_on = args.fail_on
    if args.output_dir or args.in_place:
        if args.format != "xliff":
            raise UsageError("'--output-dir' and '--in-place' write XLIFF files: use them with --format xliff")
        _write_xliff(report, reporter(options=options), args)
    elif args.format == "xliff" and args.output and args.output != "-":
        if len(report.inputs) != 1:
            raise UsageError(f"this report has {len(report.inputs)} inputs: use --output-dir DIR for the xliff format")
        reporter(options=options).write(report, 0, args.output)
    else:
        emit(report, reporter, args.output, args.color, options)
    write_extra(report, extra, options)
    return 1 if report.failed else 0


def _write_xliff(report: Report, reporter, args: argparse.Namespace) -> None:
    if args.output_dir and args.in_place:
        raise UsageError("choose one of '--output-dir' and '--in-place'")
    if args.output:
        raise UsageError("'-o' names one file: with '--output-dir' or '--in-place' leave it out")
    if args.in_place:
        for index, summary in enumerate(report.inputs):
            reporter.write(report, index, summary.path, in_place=True)
            print(f"tqa: wrote the findings into {summary.path}", file=sys.stderr)
        return
    if not os.path.isdir(args.output_dir):
        raise UsageError(f"'--output-dir' must be an existing folder (got {args.output_dir!r})")
    chosen = []
    for index, summary in enumerate(report.inputs):
        if summary.format.startswith("resource:"):
            print(f"tqa: {summary.path} is a resource file, not a bilingual one: its findings stay in the report", file=sys.stderr)
        else:
            chosen.append((index, summary))
    names = [os.path.basename(summary.path) for _index, summary in chosen]
    twice = sorted({name for name in names if names.count(name) > 1})
    if twice:
        raise UsageError(f"two inputs are named {twice[0]!r}: write them to separate folders with one report each")
    refuse_inputs([("--output-dir", os.path.join(args.output_dir, name)) for name in names], [args.report] + report_inputs(report))
    for (index, summary), name in zip(chosen, names):
        target = os.path.join(args.output_dir, name)
        reporter.write(report, index, target)
        print(f"tqa: wrote {summary.path} with its findings to {target}", file=sys.stderr)


@hookimpl
def tqa_register_commands():
    return [Command("report", "render a saved JSON report as text, html, sarif, junit, github, ...", _configure, _run)]
