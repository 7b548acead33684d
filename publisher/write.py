"""The last stage: write a finished PDF so that readers only ever see a whole file."""

from __future__ import annotations

import os
import re
import tempfile
import time
from pathlib import Path

from publisher.errors import BuildError

STARTED = time.time()  # temporary files older than this process are a killed build's
_TEMPORARY = re.compile(r"\..+\.[a-z0-9_]{8}\.tmp")  # what mkstemp below names them
_swept: set[Path] = set()


def write_atomic(path: Path, data: bytes, option: str = "-o") -> None:
    """Write to a temporary file in the same folder, then rename over the target. A folder
    that cannot be written is the user's to fix: one line naming the option to change."""
    try:
        _write(path, data)
    except OSError as exc:
        raise BuildError(
            f"cannot write {path}: {exc.strerror or exc}; choose another folder with {option}."
        ) from None


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


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    sweep(path.parent)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
