"""tqa's subcommands. Each is a `Command` record registered through the
`tqa_register_commands` hook, so plugins add commands the same way."""

from __future__ import annotations

import argparse
import json
import os
import sys
from dataclasses import dataclass
from typing import Callable

from qa_core import hookimpl
from qa_core.config import load_config, parse_setting
from qa_core.errors import TqaError, UsageError
from qa_core.files import refuse_inputs
from qa_core.formats import ReadOptions
from qa_core.languages import language_arg
from qa_core.manager import Plugins
from qa_core.report import Report, schema_text, write_atomic
from qa_core.runner import open_document, run
from qa_core.rules import PROFILES
from qa_core.suppression import stop_baseline, write_baseline


@dataclass(frozen=True)
class Command:
    """A subcommand: `configure(parser, plugins)` adds its arguments, `run(args,
    plugins)` does the work and returns the exit code."""

    name: str
    help: str
    configure: Callable[[argparse.ArgumentParser, Plugins], None]
    run: Callable[[argparse.Namespace, Plugins], int]


def _csv(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


# ---------------------------------------------------------------------------
# tqa check
# ---------------------------------------------------------------------------


def add_run_options(parser: argparse.ArgumentParser, plugins: Plugins) -> None:
    """Options shared by every command that runs checks."""
    parser.add_argument("paths", nargs="*", metavar="PATH", help="bilingual files or folders to check")
    out = parser.add_argument_group("output")
    out.add_argument("-f", "--format", help=f"output format: {', '.join(sorted(plugins.reporters))} (default: text)")
    out.add_argument("-o", "--output", metavar="FILE", help="write the report to FILE (atomically) instead of stdout")
    out.add_argument(
        "--report",
        action="append",
        default=[],
        metavar="FORMAT=FILE",
        help="also write a report in FORMAT to FILE (repeatable), e.g. --report sarif=tqa.sarif",
    )
    out.add_argument("--color", choices=("auto", "always", "never"), default="auto", help="colour text output")
    add_report_options(out)
    out.add_argument("--statistics", action="store_const", dest="format", const="statistics", help="print finding counts per rule instead of the findings (same as --format statistics)")
    out.add_argument("-q", "--quiet", action="store_true", help="no progress bar, no summary on stderr")
    sel = parser.add_argument_group("rule selection")
    sel.add_argument("--select", type=_csv, action="extend", metavar="SEL,...", help="run only these rules: ALL, ids, names, id prefixes or MQM categories")
    sel.add_argument("--extend-select", type=_csv, action="extend", metavar="SEL,...", help="add rules to the selection")
    sel.add_argument("--ignore", type=_csv, action="extend", metavar="SEL,...", help="do not run these rules")
    sel.add_argument("--severity", action="append", metavar="SEL=LEVEL", help="override severities, e.g. NUM004=minor")
    sel.add_argument("--fail-on", choices=("info", "minor", "major", "critical", "never"), help="exit 1 on findings at or above this severity (default: minor)")
    base = parser.add_argument_group("baseline and suppression")
    base.add_argument("--baseline", dest="suppression.baseline", metavar="FILE", help="drop the findings listed in FILE (written by --write-baseline); report its stale entries")
    base.add_argument("--write-baseline", metavar="FILE", help="write every finding to FILE as the baseline, then exit 0")
    base.add_argument("--no-suppress", dest="suppression.enabled", action="store_const", const=False, help="audit everything: ignore the suppressions in the files and the baseline")
    cfg = parser.add_argument_group("configuration")
    cfg.add_argument("--config", metavar="FILE", help="read settings from FILE instead of the nearest tqa.toml / pyproject.toml")
    cfg.add_argument("--isolated", action="store_true", help="ignore configuration files")
    cfg.add_argument("--set", action="append", default=[], metavar="CHECK.OPTION=VALUE", help="set a check option (value read as TOML)")
    cfg.add_argument("--source-lang", type=language_arg, metavar="LANG", help="source language for inputs that do not say (BCP 47)")
    cfg.add_argument("--target-lang", type=language_arg, metavar="LANG", help="target language for inputs that do not say (BCP 47)")
    cfg.add_argument("--input-format", metavar="NAME", help="read inputs as this format instead of detecting it")
    cfg.add_argument("--exclude", action="append", metavar="GLOB", help="skip matching paths inside folders")
    cfg.add_argument("-j", "--jobs", metavar="N", help="processes: small files go whole to workers, a large file's units are shared out; a number, or 0 / auto for one per core (the default)")
    cfg.add_argument("--dask", metavar="ADDRESS", help="check the files on a Dask cluster: a scheduler address (tcp://host:8786) or local:N for N local workers (needs pip install '.[dask]')")
    cfg.add_argument("--time-limit", type=float, metavar="SECONDS", help="stop a check that spends longer than this on one unit and report it as TQA001 (default: 60; 0 = no limit)")
    cfg.add_argument("--checking-profile", dest="checking_profile", choices=("auto", "document", "software"), help="which rules run by default: software strings (PO, MO, app resource files) leave out the rules measured noisy on them (see docs/precision.md); document runs them all; auto (the default) picks per file by its format and what it holds: a PO catalogue of documentation runs as a document, an XLIFF file made from software strings as software")
    cfg.add_argument("--check-fuzzy", action="store_true", default=None, help="also run content checks on fuzzy PO translations (by default they are reported once, as BAS006)")
    docs = parser.add_argument_group("plain documents (a source and its translation instead of a bilingual file)")
    docs.add_argument("--source", metavar="SRC", help="the source document (.txt, .md, .html, .docx); needs --target")
    docs.add_argument("--target", metavar="TGT", help="its translation: the two are aligned, then checked")
    docs.add_argument("--target-only", metavar="DOC", help="check a translation without its source (needs --target-lang)")
    from qa_core.align.command import add_document_options

    add_document_options(docs, with_langs=False)
    group = parser.add_argument_group("plugin options")
    try:
        plugins.hook.tqa_add_options(parser=group)
    except Exception as error:  # noqa: BLE001 - a third-party plugin's bug, named
        from qa_core.plugin_errors import plugin_error

        raise plugin_error(plugins.hook.tqa_add_options, "tqa_add_options", error) from None


def add_report_options(group) -> None:
    group.add_argument(
        "--report-option",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="an option of the output format (value read as TOML), e.g. --report-option threshold=5 for html",
    )


def report_options(args: argparse.Namespace, reporters=()) -> dict:
    """`--report-option NAME=VALUE` items as a dict (values read as TOML, else strings);
    a name that none of `reporters` accepts (their `option_names`) is refused."""
    options: dict = {}
    accepted = sorted({name for reporter in reporters for name in getattr(reporter, "option_names", ())})
    for item in getattr(args, "report_option", None) or ():
        name, sep, raw = item.partition("=")
        name = name.strip()
        if not sep or not name:
            raise UsageError(f"'--report-option' must be NAME=VALUE (got {item!r})")
        if name not in accepted:
            formats = ", ".join(r.name for r in reporters)
            raise UsageError(f"'--report-option' {name!r} is not an option of {formats} (options: {', '.join(accepted) or 'none'})")
        options[name] = parse_setting(f"x.y={raw}")[2]
    return options


def cli_settings(args: argparse.Namespace) -> dict:
    """What the command line says, in the shape `load_config` takes."""
    settings: dict[str, dict] = {}
    for item in args.set or ():
        check, option, value = parse_setting(item)
        settings.setdefault(check, {})[option] = value
    for dest, value in vars(args).items():
        if "." in dest and value is not None:
            check, _, option = dest.partition(".")
            settings.setdefault(check, {})[option] = value
    return {
        "select": args.select,
        "extend_select": args.extend_select,
        "ignore": args.ignore,
        "severity": args.severity,
        "fail_on": args.fail_on,
        "format": args.format,
        "source_lang": args.source_lang,
        "target_lang": args.target_lang,
        "exclude": args.exclude,
        "jobs": args.jobs,
        "time_limit": getattr(args, "time_limit", None),
        "check_fuzzy": args.check_fuzzy,
        "profile": getattr(args, "checking_profile", None),
        "settings": settings,
    }


def configure_from_args(args: argparse.Namespace, plugins: Plugins):
    config = load_config(plugins.checks, config_path=args.config, isolated=args.isolated, cli=cli_settings(args))
    config.check_selectors(plugins.rules)
    try:
        plugins.hook.tqa_configure.call_historic(kwargs={"config": config})
    except TqaError:
        raise
    except Exception as error:  # noqa: BLE001 - a third-party plugin's bug, named
        from qa_core.plugin_errors import plugin_error

        raise plugin_error(plugins.hook.tqa_configure, "tqa_configure", error) from None
    return config


def _check(args: argparse.Namespace, plugins: Plugins) -> int:
    documents = _documents_mode(args)
    config = configure_from_args(args, plugins)
    if args.write_baseline:
        stop_baseline(config)
    reporter = plugins.reporter(config.format)
    extra = [_report_target(item, plugins) for item in args.report]
    shown = report_options(args, [reporter] + [plugins.reporter(name) for name, _ in extra])
    outputs = check_outputs(args, extra)
    refuse_inputs(outputs, check_inputs(args, config))
    if documents:
        result = _run_documents(args, plugins, config)
    elif getattr(args, "dask", None):
        from qa_core.cluster import run_with_dask

        result = run_with_dask(
            args.dask,
            args.paths,
            plugins,
            config,
            options=ReadOptions(source_lang=config.source_lang, target_lang=config.target_lang),
            format=args.input_format,
            plugin_modules=getattr(args, "plugin", None) or (),
        )
    else:
        result = run(
            args.paths,
            plugins,
            config,
            options=ReadOptions(source_lang=config.source_lang, target_lang=config.target_lang),
            format=args.input_format,
            plugin_modules=getattr(args, "plugin", None) or (),
            show_progress=False if args.quiet else None,
        )
    if result.errors:
        for error in result.errors:
            print(f"tqa: {error}", file=sys.stderr)
        return 2
    report = Report.build(result, plugins, config, command=sys.argv[1:])
    refuse_inputs(outputs, check_inputs(args, config) + report_inputs(report))
    emit(report, reporter, args.output, args.color, shown)
    write_extra(report, [(plugins.reporter(name), path) for name, path in extra], shown)
    if not args.quiet and args.output and sys.stderr.isatty():
        print(f"tqa: {len(report.findings)} finding(s) written to {args.output}", file=sys.stderr)
    if args.write_baseline:
        count = write_baseline(args.write_baseline, report.findings, report.tool_version, config.root)
        print(f"tqa: wrote {count} finding(s) to the baseline {args.write_baseline}", file=sys.stderr)
        return 0
    return 1 if report.failed else 0


def check_outputs(args: argparse.Namespace, extra) -> list[tuple[str, str]]:
    """Every file `tqa check` may write, as (option, path)."""
    outputs = [("-o", args.output)] if args.output else []
    outputs += [(f"--report {name}=", path) for name, path in extra]
    if args.write_baseline:
        outputs.append(("--write-baseline", args.write_baseline))
    return outputs


def check_inputs(args: argparse.Namespace, config) -> list[str]:
    """Every file `tqa check` reads that the command line or configuration names
    (the bilingual files found in folders come from the report)."""
    inputs = [p for p in args.paths if os.path.isfile(p)]
    inputs += [p for p in (args.source, args.target, args.target_only, config.path) if p]
    glossaries = config.checks.get("terminology", {}).get("glossary") or []
    inputs += [str(g) for g in (glossaries if isinstance(glossaries, (list, tuple)) else [glossaries])]
    baseline = config.checks.get("suppression", {}).get("baseline")
    if baseline and not args.write_baseline:
        inputs.append(str(baseline))
    return inputs


def report_inputs(report: Report) -> list[str]:
    """The bilingual files a report was made from."""
    return [path for summary in report.inputs for path in (summary.path, summary.target_path) if path]


def write_extra(report: Report, extra, options: dict) -> None:
    """The `--report FORMAT=FILE` outputs, after the main one. A reporter that raises
    does not take the others down: each failure is named, the main report stays, and
    the run ends with exit 2 (see docs/security.md)."""
    failures = []
    for cls, path in extra:
        try:
            reporter = cls(options=options)
            if reporter.streams():
                from qa_core.files import output_file

                with output_file(path) as stream:
                    reporter.write_to(report, stream)
            else:
                write_atomic(path, reporter.render(report))
        except TqaError as error:
            failures.append(str(error))
        except Exception as error:  # noqa: BLE001 - a third-party reporter's bug, named
            failures.append(f"{path}: the {cls.name!r} reporter ({cls.__module__}) failed in render: {type(error).__name__}: {_one_line(error)}; this output was not written")
    for failure in failures[:-1]:
        print(f"tqa: {failure}", file=sys.stderr)
    if failures:
        raise ReportError(failures[-1] + " (the main report was written)")


class ReportError(TqaError):
    """An extra output that could not be written after the main report was."""


def _one_line(error: BaseException) -> str:
    return " ".join(str(error).split())[:300]


def _documents_mode(args: argparse.Namespace) -> bool:
    """Whether the inputs are plain documents (--source/--target, --target-only)
    rather than bilingual files; refuses mixtures."""
    if not (args.source or args.target or args.target_only):
        if not args.paths:
            raise UsageError("tqa check needs at least one PATH (a bilingual file or a folder)")
        return False
    if args.paths:
        raise UsageError("give either bilingual files or --source/--target (or --target-only), not both")
    if args.target_only and (args.source or args.target):
        raise UsageError("--target-only checks one document: do not combine it with --source/--target")
    if not args.target_only and not (args.source and args.target):
        raise UsageError("--source and --target go together (the document and its translation)")
    return True


def _run_documents(args: argparse.Namespace, plugins: Plugins, config):
    """Align --source with --target (or read --target-only) and check the result."""
    from qa_core.align.command import aligned_from_args, monolingual_from_args
    from qa_core.runner import run_documents

    if args.target_only:
        document = monolingual_from_args(args.target_only, args, config.target_lang)
    elif _resource_files(args.source, args.target):
        # two resource files: matched key by key, not aligned as prose
        from qa_core.resources.layouts import pair_files
        from qa_core.resources.pairs import open_pair
        from qa_core.runner import display_path

        pair = pair_files(args.source, args.target, config.source_lang, config.target_lang)
        document = open_pair(pair, display_path)
    else:
        document, _ = aligned_from_args(args.source, args.target, args, plugins, config.source_lang, config.target_lang,
                                        config.lexicon)
    return run_documents([document], plugins, config)


def _resource_files(source: str, target: str) -> bool:
    """Whether --source/--target name resource files (JSON, YAML, Android XML, .strings,
    .properties, ARB, .resx, .ftl…) rather than documents to align."""
    from qa_core.formats import require_file
    from qa_core.resources.layouts import format_of

    for path in (source, target):
        require_file(path)
    def kind(path: str) -> str | None:
        found = format_of(path)
        if found is None and path.lower().endswith(".xml"):
            from qa_core.formats import head, xml_root

            root = xml_root(head(path))
            found = "android" if root is not None and root[0] == "resources" else None
        return found
    return kind(source) is not None and kind(target) is not None


def _report_target(item: str, plugins: Plugins) -> tuple[str, str]:
    name, sep, path = item.partition("=")
    if not sep or not path:
        raise UsageError(f"'--report' must be FORMAT=FILE (got {item!r})")
    plugins.reporter(name)
    return name, path


def emit(report: Report, reporter_class, output: str | None, color: str = "auto", options: dict | None = None) -> None:
    """Render and write: atomically to a file, or to stdout."""
    use_color = color == "always" or (color == "auto" and output in (None, "-") and sys.stdout.isatty() and not os.environ.get("NO_COLOR"))
    if output and output != "-":
        refuse_inputs([("-o", output)], report_inputs(report))
    reporter = reporter_class(color=use_color, options=options)
    if output and output != "-" and reporter.streams():
        from qa_core.files import output_file

        with output_file(output) as stream:  # a whole file or nothing, written as it is made
            reporter.write_to(report, stream)
        return
    content = reporter.render(report)
    if output and output != "-":
        write_atomic(output, content)
    elif isinstance(content, bytes):
        sys.stdout.buffer.write(content)
    else:
        sys.stdout.write(content)


# ---------------------------------------------------------------------------
# tqa convert
# ---------------------------------------------------------------------------


def _configure_convert(parser: argparse.ArgumentParser, plugins: Plugins) -> None:
    parser.add_argument("input", metavar="IN", help="a bilingual file in any format tqa reads")
    parser.add_argument("-o", "--output", required=True, metavar="OUT.xlf", help="the XLIFF file to write")
    parser.add_argument("--xliff-version", choices=("2.1", "2.0", "2.2", "1.2"), default="2.1", help="XLIFF version to write (default 2.1)")
    parser.add_argument("--input-format", metavar="NAME", help="read the input as this format")
    parser.add_argument("--source-lang", type=language_arg, metavar="LANG")
    parser.add_argument("--target-lang", type=language_arg, metavar="LANG")


def _convert(args: argparse.Namespace, plugins: Plugins) -> int:
    from qa_core.writers.xliff import write_xliff

    options = ReadOptions(source_lang=args.source_lang, target_lang=args.target_lang)
    refuse_inputs([("-o", args.output)], [args.input])
    document = open_document(args.input, plugins, options, args.input_format)
    write_xliff(document, args.output, version=args.xliff_version)
    return 0


# ---------------------------------------------------------------------------
# Listings
# ---------------------------------------------------------------------------


def _configure_plugins(parser: argparse.ArgumentParser, plugins: Plugins) -> None:
    parser.add_argument("--json", action="store_true", help="print JSON")


def _plugins(args: argparse.Namespace, plugins: Plugins) -> int:
    described = plugins.describe()
    owners: dict[str, list[str]] = {}
    for check in plugins.checks:
        owners.setdefault(check.__module__, []).append(f"check {check.name} ({', '.join(r.id for r in check.rules)})")
    if args.json:
        print(json.dumps({"plugins": described, "formats": [f.name for f in plugins.formats], "reporters": sorted(plugins.reporters)}, indent=2))
        return 0
    for entry in described:
        print(f"{entry['name']:<32} {entry['version']:<10} {entry['origin']}")
        for line in owners.get(entry["name"], []):
            print(f"    {line}")
    print()
    print("formats:   " + ", ".join(f.name for f in plugins.formats))
    print("reporters: " + ", ".join(sorted(plugins.reporters)))
    print("commands:  " + ", ".join(sorted(plugins.commands)))
    return 0


def _configure_rules(parser: argparse.ArgumentParser, plugins: Plugins) -> None:
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.add_argument("selectors", nargs="*", metavar="SEL", help="only rules these select (ids, names, prefixes, categories)")


def _rules(args: argparse.Namespace, plugins: Plugins) -> int:
    rules = list(plugins.rules)
    if args.selectors:
        chosen = {rule.id for rule in plugins.rules.resolve(args.selectors)}
        rules = [rule for rule in rules if rule.id in chosen]
    if args.json:
        print(json.dumps([{"id": r.id, "name": r.name, "severity": r.severity.value, "category": r.category, "summary": r.summary,
                           "default_in": [p for p in PROFILES if r.default_in(p)]} for r in rules], indent=2, ensure_ascii=False))
        return 0
    for rule in rules:
        print(f"{rule.id}  {rule.name:<30} {rule.severity.value:<9} {rule.category:<40} {rule.summary}")
    return 0


def _configure_rule(parser: argparse.ArgumentParser, plugins: Plugins) -> None:
    parser.add_argument("rule", metavar="ID", help="a rule id or name, e.g. BAS003 or placeholder-mismatch")


#: the checking profiles (`--checking-profile`) in words
_PROFILE_WORDS = {"document": "documents", "software": "software strings"}


def _rule(args: argparse.Namespace, plugins: Plugins) -> int:
    rule = plugins.rules.get(args.rule)
    if rule is None:
        raise UsageError(f"no rule {args.rule!r}; `tqa rules` lists them")
    owner = plugins.rules.owner(rule.id)
    print(f"{rule.id} {rule.name}")
    print(f"severity: {rule.severity.value}   category: {rule.category}   check: {owner.name} ({owner.__module__})")
    runs = [p for p in PROFILES if rule.default_in(p)]
    print(f"runs by default on: {' and '.join(_PROFILE_WORDS[p] for p in runs) if runs else 'nothing (select it by name)'}")
    print()
    docs = plugins.rules.docs(rule.id)
    if docs:
        print(docs.rstrip())
    else:
        import textwrap

        print(textwrap.fill(rule.summary))
    options = owner.options
    if options:
        print()
        print(f"Options of check '{owner.name}' ([tool.tqa.{owner.name}] or --set {owner.name}.NAME=VALUE):")
        for option in options:
            print(f"  {option.name} = {json.dumps(option.default, ensure_ascii=False)}   {option.help}")
    return 0


def _configure_schema(parser: argparse.ArgumentParser, plugins: Plugins) -> None:
    parser.add_argument("which", nargs="?", choices=("report", "config"), default="report", help="the report schema (default) or the [tool.tqa] configuration schema")


def _schema(args: argparse.Namespace, plugins: Plugins) -> int:
    if args.which == "config":
        from qa_core.config import config_schema

        print(json.dumps(config_schema(plugins.checks), indent=2, ensure_ascii=False))
    else:
        sys.stdout.write(schema_text())
    return 0


@hookimpl
def tqa_register_commands():
    return [
        Command("check", "check bilingual files and report findings", add_run_options, _check),
        Command("convert", "convert a bilingual file to XLIFF 2.1 (or 1.2)", _configure_convert, _convert),
        Command("plugins", "list loaded plugins with versions", _configure_plugins, _plugins),
        Command("rules", "list the rules of the loaded checks", _configure_rules, _rules),
        Command("rule", "show the documentation of one rule", _configure_rule, _rule),
        Command("schema", "print the JSON Schema of reports (or of the configuration)", _configure_schema, _schema),
    ]
