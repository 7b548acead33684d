"""The tiny inline subset (**bold**, *italic*); everything else is escaped so that
content never reaches ReportLab's paragraph parser as tags."""

from __future__ import annotations

import re
from xml.sax.saxutils import escape

_BOLD = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")
_ITALIC = re.compile(r"(?<![*\w])\*(?=[^\s*])(.+?)(?<=[^\s*])\*(?![*\w])")


def inline(text: str) -> str:
    """Content text as safe paragraph markup."""
    safe = escape(text)
    safe = _BOLD.sub(r"<b>\1</b>", safe)
    return _ITALIC.sub(r"<i>\1</i>", safe)
