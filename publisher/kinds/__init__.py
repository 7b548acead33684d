"""Renderers, one module per layout kind; RENDERERS maps a spec's kind to its function.

A renderer takes (guide, spec, job, info) and returns {role: Doc} (see render/job.py):
the PDF bytes and the slots where a clinic's brand is stamped later (press.stamp)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def _booklet(*args: Any, **kwargs: Any) -> dict:
    from publisher.kinds.booklet.render import render

    return render(*args, **kwargs)


def _card(*args: Any, **kwargs: Any) -> dict:
    from publisher.kinds.card.render import render

    return render(*args, **kwargs)


def _sheet(*args: Any, **kwargs: Any) -> dict:
    from publisher.kinds.sheet.render import render

    return render(*args, **kwargs)


RENDERERS: dict[str, Callable[..., dict]] = {
    "booklet": _booklet,
    "card": _card,
    "sheet": _sheet,
}
