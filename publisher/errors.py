"""The failures a user can cause; anything else is a bug and shows its traceback. These are
plain exceptions: the command line alone turns them into a message and an exit status."""

from __future__ import annotations

import re
import signal
import threading
from dataclasses import dataclass

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """`text` safe to print on a terminal: every control character (ESC, BEL, CR, the
    bidirectional overrides) shown as an escape such as `\\x1b`, so a value from a file
    can never move the cursor, rewrite a line or hide words. Line ends and tabs stay."""
    return _CONTROL.sub(lambda m: ascii(m.group())[1:-1], text)


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
        return printable(self.message)


class InputError(UserError):
    """Bad input or usage: exit status 2."""

    exit_code = 2


class BuildError(UserError):
    """Valid input that cannot be rendered (does not fit, a glyph is missing): exit status 1."""

    exit_code = 1


class Interrupted(UserError):
    """Ctrl-C (or SIGTERM): stopped with nothing part-written; the shell's status 130."""

    exit_code = 130

    def __init__(self, message: str = ""):
        super().__init__(message or "interrupted: no file was left part-written; the PDFs "
                         "not rebuilt are as they were.")  # fmt: skip


class FitError(BuildError):
    """Content that does not fit its output at the minimum sizes; `blocks` are the ids of
    the guide's blocks to shorten, or `at` the `file:line:col: key` of what to shorten in
    another file (a brand's lines), so the message can point at the line to change."""

    def __init__(self, message: str, blocks: tuple[str, ...] = (), at: str | None = None,
                 item: tuple = ()):  # fmt: skip
        self.blocks, self.at, self.item = blocks, at, item  # item: a key path in the block
        super().__init__(message)


class held_interrupt:
    """Ctrl-C held back for the duration of a `with` block, in the main thread, where a
    KeyboardInterrupt would do harm (raised inside a C++ module's loading it aborts the
    process). With `deliver`, a Ctrl-C that came meanwhile is raised when the block ends
    (on POSIX the signal is blocked meanwhile, so no other thread takes it). Without, it
    is ignored, and so it is by the processes started inside the block from their first
    instruction (an ignored signal stays ignored across fork and exec), until they choose
    what Ctrl-C does."""

    def __init__(self, deliver: bool = True):
        self.deliver = deliver
        self.main = threading.current_thread() is threading.main_thread()
        self.masked = deliver and hasattr(signal, "pthread_sigmask")
        self.came: list[int] = []

    def __enter__(self) -> held_interrupt:
        if self.main:
            then = (lambda *_: self.came.append(1)) if self.deliver else signal.SIG_IGN
            self.before = signal.signal(signal.SIGINT, then)
            if self.masked:
                signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
        return self

    def __exit__(self, kind, *_) -> None:
        if not self.main:
            return
        if self.masked:
            signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})  # pending: now
        signal.signal(signal.SIGINT, self.before)
        if self.came and kind is None and callable(self.before):
            self.before(signal.SIGINT, None)  # the usual handler: KeyboardInterrupt
