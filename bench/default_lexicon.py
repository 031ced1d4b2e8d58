"""Builds the vi-en word table tqa ships (qa_core/align/data/vi-en.lex) from permissively
licensed data only, and prints what it learnt from. The table holds word pairs with
two numbers each (units seen together, Dice), never a sentence; sources, versions and
licences are in qa_core/align/data/NOTICE.md.

    python bench/default_lexicon.py SOURCES [-o qa_core/align/data/vi-en.lex]

SOURCES is a folder laid out as follows (nothing of it is in the project):

    npm/<package>-<version>/package/...   `npm pack NAME@VERSION` unpacked (tar xzf), for
        cldr-annotations-full 48.2.0 (Unicode licence v3: emoji names and keywords,
        the same concept in both languages), @docusaurus/theme-translations 3.10.2
        and primelocale 2.5.0 (MIT, JSON);
    json/<name>-en.json, json/<name>-vi.json   the locale modules of @uppy/locales
        5.2.0 (lib/en_US.js, lib/vi_VN.js), element-plus 2.14.8 (es/locale/lang/en.mjs,
        vi.mjs), quasar 2.34.0 (lang/en-US.js, vi.js) and vuetify 4.3.0
        (lib/locale/en.js, vi.js), all MIT, written out as JSON by node
        (`JSON.stringify((await import(FILE)).default)`), for name in uppy, ep,
        quasar, vuetify;
    src/excalidraw-en.json, src/excalidraw-vi.json   excalidraw (MIT),
        packages/excalidraw/locales/{en,vi-VN}.json at commit 4872083c;
    src/blockly-en.json, src/blockly-vi.json   google/blockly (Apache-2.0),
        msg/json/{en,vi}.json at commit 55f5d648.

CLDR's display names (territories, languages, currencies, month and day names, unit
names) come from Babel's bundled CLDR data (Unicode licence), read here.

A unit is one message (or one emoji's names and keywords, or one CLDR code's names)
in both languages, paired by its key; `qa_core.align.lexicon_file.learn` keeps the
word pairs seen together in 2 units or more with a Dice coefficient of 0.3 or more,
leaving out the words of more than 15 % of the units.
"""

from __future__ import annotations

import json
import os
import sys

from qa_core.align import lexicon_file

#: (name in the table's header, licence) of each source, as listed in NOTICE.md
SOURCES = (
    ("CLDR 48 emoji annotations (npm cldr-annotations-full 48.2.0)", "Unicode-3.0"),
    ("CLDR display names, month, day and unit names (Babel's CLDR data)", "Unicode-3.0"),
    ("google/blockly msg/json 55f5d648", "Apache-2.0"),
    ("excalidraw/excalidraw locales 4872083c", "MIT"),
    ("@uppy/locales 5.2.0, element-plus 2.14.8, quasar 2.34.0, vuetify 4.3.0, "
     "@docusaurus/theme-translations 3.10.2, primelocale 2.5.0 (npm)", "MIT"),
)


def _flat(value, prefix: str = "") -> dict[str, str]:
    """Nested messages as key -> text (lists numbered)."""
    out: dict[str, str] = {}
    if isinstance(value, list):
        value = {str(k): v for k, v in enumerate(value)}
    for key, item in value.items():
        if isinstance(item, (dict, list)):
            out.update(_flat(item, f"{prefix}{key}."))
        elif isinstance(item, str):
            out[f"{prefix}{key}"] = item
    return out


def _keyed(english: dict, vietnamese: dict) -> list[tuple[str, str]]:
    """(vi, en) of the messages both have, translated (not left in English)."""
    en, vi = _flat(english), _flat(vietnamese)
    return [(vi[k], en[k]) for k in en if k in vi and not k.startswith("@") and vi[k].strip() and vi[k] != en[k]]


def _load(path: str):
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


def emoji_units(root: str) -> list[tuple[str, str]]:
    base = os.path.join(root, "npm", "cldr-annotations-full-48.2.0", "package", "annotations")
    vi = _load(os.path.join(base, "vi", "annotations.json"))["annotations"]["annotations"]
    en = _load(os.path.join(base, "en", "annotations.json"))["annotations"]["annotations"]
    out = []
    for char, names in vi.items():
        other = en.get(char)
        if other:
            out.append((" ; ".join(names.get("tts", []) + names.get("default", [])),
                        " ; ".join(other.get("tts", []) + other.get("default", []))))
    return out


def cldr_units() -> list[tuple[str, str]]:
    from babel import Locale

    vi, en = Locale("vi"), Locale("en")
    out = []
    for attr in ("territories", "languages", "currencies"):
        a, b = getattr(vi, attr), getattr(en, attr)
        out += [(a[k], b[k]) for k in a if k in b and a[k] != b[k]]
    for context in ("format", "stand-alone"):
        for attr in ("days", "months"):
            a, b = getattr(vi, attr)[context]["wide"], getattr(en, attr)[context]["wide"]
            out += [(a[k], b[k]) for k in a if k in b]
    for key, names in vi.unit_display_names.items():
        other = en.unit_display_names.get(key)
        if isinstance(names, dict) and isinstance(other, dict) and isinstance(names.get("long"), str) \
                and isinstance(other.get("long"), str):
            out.append((names["long"], other["long"]))
    return out


def interface_units(root: str) -> list[tuple[str, str]]:
    out = []
    src = os.path.join(root, "src")
    for name in ("excalidraw", "blockly"):
        out += _keyed(_load(os.path.join(src, f"{name}-en.json")), _load(os.path.join(src, f"{name}-vi.json")))
    for name in ("uppy", "ep", "quasar", "vuetify"):
        out += _keyed(_load(os.path.join(root, "json", f"{name}-en.json")), _load(os.path.join(root, "json", f"{name}-vi.json")))
    docusaurus = os.path.join(root, "npm", "docusaurus-theme-translations-3.10.2", "package", "locales")
    for name in sorted(os.listdir(os.path.join(docusaurus, "vi"))):
        base = {k: v for k, v in _load(os.path.join(docusaurus, "base", name)).items() if not k.endswith("___DESCRIPTION")}
        out += _keyed(base, _load(os.path.join(docusaurus, "vi", name)))
    prime = os.path.join(root, "npm", "primelocale-2.5.0", "package")
    out += _keyed(_load(os.path.join(prime, "en.json"))["en"], _load(os.path.join(prime, "vi.json"))["vi"])
    return out


def main(argv: list[str]) -> None:
    if not argv or argv[0].startswith("-"):
        sys.exit(__doc__)
    root = argv[0]
    out = argv[argv.index("-o") + 1] if "-o" in argv else os.path.join(
        os.path.dirname(__file__), "..", "qa_core", "align", "data", "vi-en.lex")
    parts = {"emoji": emoji_units(root), "cldr": cldr_units(), "interface": interface_units(root)}
    units = [unit for part in parts.values() for unit in part]
    lex = lexicon_file.learn(units, "vi", "en")
    with open(out, "w", encoding="utf-8") as handle:
        handle.write(lexicon_file.dumps(lex, [f"{name} ({licence})" for name, licence in SOURCES]))
    print(", ".join(f"{name} {len(part):,} units" for name, part in parts.items()))
    print(f"{out}: {len(lex.pairs):,} word pairs from {lex.units:,} units, "
          f"{len(lex.mapping('vi', 'en') or {}):,} Vietnamese words")


if __name__ == "__main__":
    main(sys.argv[1:])
