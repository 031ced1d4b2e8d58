"""The `xliff` format: the checked file itself, with the findings written into it
as ITS Localization Quality Issues (XLIFF 2.1/2.2) or notes (XLIFF 1.2); see
`qa_core.writeback`. It re-reads the inputs named in the report, so it needs them
where they were when the report was made.

    tqa check samples/joint-statement.vi-en.xlf -f xliff -o reviewed.xlf
    tqa report findings.json -f xliff --output-dir reviewed/
    tqa report findings.json -f xliff --in-place          # only when asked

Option (`--report-option`): `xliff-version` (1.2, 2.1 or 2.2; default: the input's
family, 2.1 for formats other than XLIFF).
"""

from __future__ import annotations

import os

from qa_core import hookimpl
from qa_core.errors import UsageError
from qa_core.formats import ReadOptions
from qa_core.report import Report
from qa_core.reporters import Reporter


class XliffReporter(Reporter):
    name = "xliff"
    description = "The checked XLIFF with findings written in (ITS quality issues in 2.x, notes in 1.2); one file per input."
    extension = ".xlf"
    option_names = ("xliff-version",)

    def render(self, report: Report) -> bytes:
        if len(report.inputs) != 1:
            raise UsageError(
                f"the xliff format writes one file per input and this report has {len(report.inputs)}: "
                "use tqa report REPORT --format xliff --output-dir DIR"
            )
        import tempfile  # only this reporter needs it: not imported on every start-up

        with tempfile.TemporaryDirectory(prefix="tqa-") as folder:
            path = os.path.join(folder, os.path.basename(report.inputs[0].path) or "out.xlf")
            self.write(report, 0, path)
            with open(path, "rb") as handle:
                return handle.read()

    def write(self, report: Report, index: int, output: str, in_place: bool = False) -> str:
        """Write input `index` of the report, with its findings, to `output`; return the
        XLIFF version written."""
        from qa_core.runner import open_document
        from qa_core.writeback import write_back

        summary = report.inputs[index]
        plugins = _plugins(report)
        document = _plain_document(summary, report, plugins)
        if document is None:
            options = ReadOptions(source_lang=summary.source_lang, target_lang=summary.target_lang)
            document = open_document(summary.path, plugins, options, summary.format)
        return write_back(document, report.findings, output, self.options.get("xliff-version"), in_place=in_place)


def _plain_document(summary, report: Report, plugins):
    """The document a report made of plain documents, built again the way the run built
    it: a source and its translation aligned (`--source/--target`), or a translation
    alone (`--target-only`); None for bilingual files. The reading options (level,
    encodings, document format) come from the command line the report records."""
    import argparse

    from qa_core.documents import FORMATS, read_document

    aligned = summary.format.startswith("aligned ")
    if not aligned and summary.format not in FORMATS:
        return None
    parser = argparse.ArgumentParser(add_help=False, allow_abbrev=False)
    for name in ("--level", "--encoding", "--source-encoding", "--target-encoding", "--document-format"):
        parser.add_argument(name)
    given, _ = parser.parse_known_args(report.command)
    fmt = given.document_format

    def encoding(side):
        return getattr(given, f"{side}_encoding") or given.encoding

    if aligned:
        from qa_core.align.document import aligned_document

        if not summary.target_path:
            return None
        source = read_document(summary.path, format=fmt, encoding=encoding("source"))
        target = read_document(summary.target_path, format=fmt, encoding=encoding("target"))
        document, _ = aligned_document(source, target, summary.source_lang, summary.target_lang,
                                       level=given.level or "paragraph", hook=plugins.hook)
        return document
    from qa_core.align.document import monolingual_document

    return monolingual_document(read_document(summary.path, format=fmt, encoding=encoding("target")), summary.target_lang)


def _plugins(report: Report):
    """The plugins of the run that made the report (its readers), loaded again."""
    from qa_core.manager import BUILTIN_PLUGINS, load_plugins

    extra = [p["name"] for p in report.plugins if p.get("origin") == "configured" and p["name"] not in BUILTIN_PLUGINS]
    return load_plugins(extra)


@hookimpl
def tqa_register_reporters():
    return [XliffReporter]
