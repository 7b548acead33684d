"""Comparing printed text with the guide's: emphasis markers, line breaks and hyphen
joins folded away."""

from __future__ import annotations

import re


def flat(text: str) -> str:
    return " ".join(re.sub(r"\*+", "", text).replace("-\n", "-").split())
