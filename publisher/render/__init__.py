"""Renderers, one module per layout kind; RENDERERS maps a spec's kind to its function."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def _booklet(*args: Any, **kwargs: Any) -> bytes:
    from publisher.render.booklet import render

    return render(*args, **kwargs)


def _card(*args: Any, **kwargs: Any) -> bytes:
    from publisher.render.card import render

    return render(*args, **kwargs)


def _sheet(*args: Any, **kwargs: Any) -> bytes:
    from publisher.render.sheet import render

    return render(*args, **kwargs)


RENDERERS: dict[str, Callable[..., Any]] = {"booklet": _booklet, "card": _card, "sheet": _sheet}
