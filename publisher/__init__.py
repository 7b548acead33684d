"""publisher: one YAML health guide in, print-ready PDFs out."""

from __future__ import annotations

__version__ = "0.1.0"
PAPERS = ("a4", "letter")  # a4: A5 booklet, A4 sheets; letter: half-letter, Letter
