"""publisher: one YAML health guide in, print-ready PDFs out."""

from __future__ import annotations

__version__ = "0.1.0"
