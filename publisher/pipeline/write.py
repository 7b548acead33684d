"""The last stage: write a finished PDF so that readers only ever see a whole file."""

from __future__ import annotations

import os
import re
import tempfile
import time
from pathlib import Path

from publisher.errors import BuildError

STARTED = time.time()  # temporary files older than this process are a killed build's
_TEMPORARY = re.compile(r"\..+\.[a-z0-9_]{8}(\.old)?\.tmp")  # what _stage and _swap name
_swept: set[Path] = set()


def write_atomic(path: Path, data: bytes, option: str = "-o") -> None:
    """Write to a temporary file in the same folder, then rename over the target, so a
    reader only ever sees a whole file. A folder that cannot be written is the user's to
    fix: one line naming the option to change."""
    write_set([(path, data)], option)


def sweep(folder: Path) -> None:
    """Remove the temporary files a killed build left in `folder`: only this tool's own
    pattern, only files older than the running process."""
    if folder in _swept:
        return
    _swept.add(folder)
    for stale in folder.glob(".*.tmp"):
        try:
            if _TEMPORARY.fullmatch(stale.name) and stale.stat().st_mtime < STARTED - 1:
                stale.unlink()
        except OSError:
            continue


def write_set(files: list[tuple[Path, bytes]], option: str = "-o") -> None:
    """Write several files so that they change together or not at all: every one goes to
    a temporary file first; then each target is moved aside and replaced. A target that
    cannot be replaced (Windows refuses while a PDF viewer has it open) puts back the ones
    already replaced, and the message says which file to close."""
    temporary: list[tuple[Path, str]] = []
    try:
        for path, data in files:
            temporary.append((path, _stage(path, data, option)))
        _swap(temporary)
    finally:
        for _, tmp in temporary:
            Path(tmp).unlink(missing_ok=True)


def _stage(path: Path, data: bytes, option: str) -> str:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        sweep(path.parent)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        return tmp
    except OSError as exc:
        raise BuildError(
            f"cannot write {path}: {exc.strerror or exc}; choose another folder with {option}."
        ) from None


def _swap(temporary: list[tuple[Path, str]]) -> None:
    done: list[tuple[Path, str | None]] = []  # (target, where its old file waits)
    current = temporary[0][0] if temporary else None
    try:
        for path, tmp in temporary:
            current, aside = path, None
            if path.exists():
                aside = tmp.removesuffix(".tmp") + ".old.tmp"
                os.replace(path, aside)
            done.append((path, aside))
            os.replace(tmp, path)
    except OSError as exc:
        failed = current
        for path, aside in reversed(done):
            try:
                if aside:
                    os.replace(aside, path)
                elif path.exists():
                    path.unlink()
            except OSError:
                continue
        if isinstance(exc, PermissionError):
            raise BuildError(
                f"cannot replace {failed}: close {failed.name} in your PDF viewer (or any "
                "program that has it open) and build again; no file was changed."
            ) from None
        reason = exc.strerror or exc
        raise BuildError(f"cannot replace {failed}: {reason}; no file was changed.") from None
    for _, aside in done:
        if aside:
            Path(aside).unlink(missing_ok=True)
