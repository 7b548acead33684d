"""Where a value came from: a parsed file, the line and column of each key and value, and
how a path is shown in a message. A leaf: it imports nothing else of this package but the
error types."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from publisher.errors import Problem

if TYPE_CHECKING:
    from pydantic import BaseModel

M = TypeVar("M", bound="BaseModel")
Pos = tuple[int, int]
KeyPath = tuple[Any, ...]


@dataclass
class Source:
    """A parsed YAML file: its data plus the line/column of every key and value."""

    path: Path
    data: Any
    values: dict[KeyPath, Pos] = field(default_factory=dict)
    keys: dict[KeyPath, Pos] = field(default_factory=dict)
    digest: bytes = b""  # sha256 of the file's bytes as read: what a rendering depends on

    def where(self, path: KeyPath, at_key: bool = False) -> Pos:
        """The position of a value (or of its key); the nearest known ancestor otherwise."""
        path = tuple(path)
        while path:
            table = self.keys if at_key else self.values
            if path in table:
                return table[path]
            path = path[:-1]
        return self.values.get((), (1, 1))

    def problem(self, path: KeyPath, message: str, at_key: bool = False) -> Problem:
        line, col = self.where(path, at_key)
        return Problem(display(self.path), line, col, dotted(path), message)

    def locate(self, path: KeyPath) -> str:
        """`file:line:col: key.path`, the start of a message about that value."""
        return self.problem(path, "").location


@dataclass
class Loaded(Generic[M]):
    """A validated model together with the source it came from."""

    model: M
    source: Source


def display(path: Path) -> str:
    """Paths print relative to the current folder when they are inside it, as the user
    named them (a link by its own name, not by what it leads to)."""
    import os

    here = Path(os.getcwd())
    try:
        return str(Path(os.path.abspath(path)).relative_to(here))
    except ValueError:
        pass
    try:  # a link to a file under this folder; a link that loops is shown as given
        return str(path.resolve().relative_to(here.resolve()))
    except (ValueError, OSError, RuntimeError):
        return str(path)


def dotted(path: KeyPath) -> str:
    """A key path as `a.b.0.c`; a key longer than 40 characters shown by its start (a
    file that is not YAML at all, such as a password file, is never echoed line by line)."""
    return ".".join(str(p) if len(str(p)) <= 40 else str(p)[:39] + "…" for p in path)
