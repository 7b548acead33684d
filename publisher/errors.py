"""The failures a user can cause; anything else is a bug and shows its traceback. These are
plain exceptions: the command line alone turns them into a message and an exit status."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in one input file, printed as `file:line:col: key.path: message`."""

    file: str
    line: int
    col: int
    path: str
    message: str

    @property
    def location(self) -> str:
        where = f"{self.file}:{self.line}:{self.col}"
        return f"{where}: {self.path}" if self.path else where

    def __str__(self) -> str:
        return f"{self.location}: {self.message}"


class UserError(Exception):
    """A clean message of one line per problem, no traceback; `exit_code` is the status
    the command line ends with."""

    exit_code = 1

    def __init__(self, problems: list[Problem] | Problem | str):
        single = isinstance(problems, (str, Problem))
        self.problems = [problems] if single else sorted(problems)
        self.message = "\n".join(str(p) for p in self.problems)
        super().__init__(self.message)

    def format_message(self) -> str:
        return self.message


class InputError(UserError):
    """Bad input or usage: exit status 2."""

    exit_code = 2


class BuildError(UserError):
    """Valid input that cannot be rendered (does not fit, a glyph is missing): exit status 1."""

    exit_code = 1


class FitError(BuildError):
    """Content that does not fit its output at the minimum sizes; `blocks` are the ids of
    the guide's blocks to shorten, or `at` the `file:line:col: key` of what to shorten in
    another file (a brand's lines), so the message can point at the line to change."""

    def __init__(self, message: str, blocks: tuple[str, ...] = (), at: str | None = None,
                 item: tuple = ()):  # fmt: skip
        self.blocks, self.at, self.item = blocks, at, item  # item: a key path in the block
        super().__init__(message)
