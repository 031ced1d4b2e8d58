"""Monolingual resource files named one at a time: `tqa check locales/vi.json`.

A resource file holds one language, so it is checked against its source-language
file: the layout (`qa_core.resources.layouts`) says which file that is. Folders are
paired by the runner; this reader answers for a file named on its own, and lists
the resource formats in `tqa plugins`. Folder scans never pick files up by these
extensions (`.json`, `.xml`, `.yml` are far too common): only layouts with a
language in the path are paired.
"""

from __future__ import annotations

import os

from qa_core import hookimpl
from qa_core.errors import InputError
from qa_core.formats import Format, ReadOptions
from qa_core.resources.layouts import FORMAT_DESCRIPTIONS, find_pairs, format_of, place


@hookimpl
def tqa_register_formats():
    return [Format(f"resource:{name}", (), description) for name, description in FORMAT_DESCRIPTIONS.items()]


@hookimpl
def tqa_open_document(path: str, format: str | None, options: ReadOptions):
    if format is not None and not format.startswith("resource"):
        return None
    placed = place(path)
    if placed is None:
        if format is not None and format_of(path):
            raise InputError(path, "cannot tell the language of this resource file from its path: name the folder, or use --source/--target with --source-lang/--target-lang")
        return None
    from qa_core.resources.pairs import open_pair

    # the layout's root: far enough up to see values/ beside values-vi/, en.lproj beside vi.lproj
    root = os.path.dirname(os.path.dirname(os.path.abspath(path))) if placed.layout.count("/") else os.path.dirname(os.path.abspath(path))
    plan = find_pairs(root, options.source_lang, target_lang=options.target_lang)
    target = os.path.abspath(path)
    for pair in plan.pairs:
        if os.path.abspath(pair.target) == target:
            return open_pair(pair, _display)
    for pair in plan.pairs:
        if os.path.abspath(pair.source) == target:
            raise InputError(path, f"this is the source-language ({pair.source_lang}) file of its layout: name a target file, or the folder, to check the pairs")
    raise InputError(path, f"found no source-language ({options.source_lang or 'en'}) file beside this resource file; give --source-lang or use --source/--target")


def _display(path: str) -> str:
    """As the runner shows paths: relative to the working folder when inside it."""
    relative = os.path.relpath(path)
    return (path if relative.startswith("..") else relative).replace(os.sep, "/")
