"""The tiny inline subset (**bold**, *italic*); everything else is escaped so that
content never reaches ReportLab's paragraph parser as tags."""

from __future__ import annotations

import re
from html import escape as _html_escape

_BOTH = re.compile(r"\*\*\*(?=\S)(.+?)(?<=\S)\*\*\*")
_BOLD = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")
_ITALIC = re.compile(r"(?<![*\w])\*(?=[^\s*])(.+?)(?<=[^\s*])\*(?![*\w])")


def escape(text: str) -> str:
    """&, < and > as entities (what xml.sax.saxutils.escape does, without importing
    urllib and ssl with it)."""
    return _html_escape(text, quote=False)


_LAST = re.compile(r" (?=\S+$)")  # the space before the last word
TOGETHER = 16  # the last two words are kept on one line when this short together
WORDS = 5  # in a shorter text a break would leave a word alone on the first line instead


def inline(text: str) -> str:
    """Content text as safe paragraph markup, its last two words joined by a no-break
    space so that no paragraph, item or heading ends on a word alone (when it has a few
    words and the last two are short enough to share a line of a card's column)."""
    words = text.split(" ")
    if len(words) >= WORDS and len(words[-2]) + len(words[-1]) < TOGETHER:
        text = _LAST.sub("\u00a0", text)
    safe = escape(text)
    marked = _BOTH.sub(r"<b><i>\1</i></b>", safe)
    marked = _ITALIC.sub(r"<i>\1</i>", _BOLD.sub(r"<b>\1</b>", marked))
    return marked if _nested(marked) else safe  # stars that cross print as typed


_TAG = re.compile(r"</?[bi]>")


def _nested(markup: str) -> bool:
    """Whether every <b> and <i> closes in the order it opened (ReportLab refuses others)."""
    open_tags: list[str] = []
    for tag in _TAG.findall(markup):
        if not tag.startswith("</"):
            open_tags.append(tag[1])
        elif not open_tags or open_tags.pop() != tag[2]:
            return False
    return not open_tags
