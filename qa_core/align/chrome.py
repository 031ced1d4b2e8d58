"""Page chrome: the parts of a saved web page that are not the text being translated.

Navigation bars, share and comment widgets, bylines and author bios, "read more"
links, newsletter forms, contact and copyright lines are set aside on both sides
before alignment, so that a source paragraph whose translation is missing is never
linked to a "Share on Facebook" line of similar length. A paragraph is chrome when:

- it is short (at most `_SHORT` characters) and opens or closes with a widget's
  words ("Share", "Read more", "Subscribe", "Xem thêm", "Đăng ký nhận tin"…), or
  ends with an arrow ("→", "»", "›");
- it is only a URL, an e-mail address or a telephone number (with a label such as
  "Email:" or "Tel."), or a row of menu items separated by "|" or "·";
- it is short, has no sentence end, and both its neighbours are chrome (the name
  line between "By" and a share bar).

jusText (a well-kept boilerplate remover with stop lists for Vietnamese) was tried
and is not used: its length thresholds are made for web pages, where text
paragraphs are long, and it judged real sentence-sized paragraphs of a statement
"bad"; plain-text input has no link density, its strongest signal.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Sequence

#: chrome lines are short: longer paragraphs are text even when they start with "Share"
_SHORT = 160
_WIDGET_WORDS = (
    # English
    r"share(?: (?:on|this|via|article|story|to))", r"share", r"tweet(?: this)?", r"print(?: this(?: page| article)?)?$",
    r"e-?mail this", r"copy link", r"read (?:more|article|next|full|the full)", r"continue reading",
    r"more (?:news|stories|from)", r"related(?: articles| posts| stories| news)?$", r"related (?:articles|posts|stories|news)",
    r"you (?:may|might) also like", r"subscribe(?: to (?:our|the))?", r"newsletter", r"sign (?:up|in)(?: for| to|$)",
    r"log ?in$", r"join (?:us|our)", r"follow us", r"contact(?: us)?\s*:", r"contact us", r"tel(?:ephone)?\.?\s*:",
    r"phone\s*:", r"fax\s*:", r"hotline", r"copyright", r"©", r"all rights reserved", r"privacy policy",
    r"terms of (?:use|service)", r"cookies? (?:policy|settings)", r"tags\s*:", r"categor(?:y|ies)\s*:",
    r"posted (?:in|by|on)", r"published (?:on|by|at)\b", r"updated (?:on|at)\b", r"about the author",
    r"comments? \(\d+\)", r"\d+ comments?$", r"leave a (?:comment|reply)", r"home$", r"menu$", r"skip to",
    r"back to top", r"(?:previous|next) (?:article|post|story)", r"advertisement$", r"sponsored$",
    # Vietnamese
    r"chia sẻ(?: (?:lên|qua|bài|facebook|zalo|twitter))", r"chia sẻ$", r"xem thêm$", r"xem thêm:", r"đọc thêm",
    r"đọc tiếp", r"xem tiếp", r"tin liên quan", r"bài viết liên quan", r"tin (?:mới|khác|cùng chuyên mục)$",
    r"đăng ký nhận", r"đăng nhập$", r"theo dõi (?:chúng tôi|trên)", r"liên hệ\s*:", r"điện thoại\s*:",
    r"địa chỉ\s*:", r"bản quyền", r"từ khóa\s*:", r"bình luận$", r"ý kiến bạn đọc", r"trang chủ$",
    r"quảng cáo$", r"in bài$", r"gửi bài", r"lên đầu trang",
)
_WIDGET = re.compile(r"^\W{0,3}(?:" + "|".join(_WIDGET_WORDS) + r")(?:\W|$)", re.IGNORECASE)
_ARROW_END = re.compile(r"(?:→|»|›|>>|⟶|➔|➜)\s*$")
_ONLY_ADDRESS = re.compile(
    r"^(?:[\w .]{0,20}:\s*)?(?:(?:https?://|www\.)\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|\+?[\d ().-]{7,})\s*$", re.IGNORECASE)
_MENU = re.compile(r"^[^|·•]{1,30}(?:\s[|·•]\s[^|·•]{1,30}){2,}$")
_BYLINE = re.compile(r"^(?:By|BY|Bài|Theo|Written by)\s+[A-ZĐ][\w.'-]*(?:\s+[A-ZĐ][\w.'-]*){0,4}\s*(?:[|,–—-].*)?$")
_SENTENCE_END = re.compile(r"[.!?。！？…:;]['\"”’)\]]*\s*$")


def _normal(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def looks_like_chrome(text: str) -> bool:
    """One paragraph alone: a widget's words, an arrow, an address line, a menu."""
    text = text.strip()
    if not text or len(text) > _SHORT:
        return False
    if _ONLY_ADDRESS.match(text) or _MENU.match(text) or _ARROW_END.search(text):
        return True
    if _SENTENCE_END.search(text) and len(text) > 60:
        return False  # a sentence that happens to start with "Contact", "Home"…
    return bool(_WIDGET.match(text) or _BYLINE.match(text))


def chrome_flags(texts: Sequence[str], kinds: Sequence[str] | None = None) -> list[bool]:
    """Which paragraphs of one side are page chrome (see the module's docstring).
    A paragraph repeated word for word is not chrome by itself: a translated paragraph
    pasted twice is a defect to report (OMI003), not a line to set aside; a repeated
    bio with no counterpart is left to the aligner and reported as added."""
    # a heading the reader recognised (Markdown, HTML, DOCX styles) is the text's own
    kinds = kinds or ["paragraph"] * len(texts)
    flags = [kind not in ("heading", "title") and looks_like_chrome(t) for t, kind in zip(texts, kinds)]
    # repeated blocks: the same paragraph twice on one side (a bio, a teaser), when
    # it is not one of the page's short lines that may well repeat ("Thank you.")
    # a short line without a sentence end between two chrome lines
    for index in range(1, len(texts) - 1):
        text = texts[index].strip()
        if (not flags[index] and kinds[index] not in ("heading", "title") and flags[index - 1] and flags[index + 1] and len(text) <= 80
                and not _SENTENCE_END.search(text)):
            flags[index] = True
    return flags
