"""The last stage: write a finished PDF so that readers only ever see a whole file."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from publisher.errors import BuildError


def write_atomic(path: Path, data: bytes, option: str = "-o") -> None:
    """Write to a temporary file in the same folder, then rename over the target. A folder
    that cannot be written is the user's to fix: one line naming the option to change."""
    try:
        _write(path, data)
    except OSError as exc:
        raise BuildError(
            f"cannot write {path}: {exc.strerror or exc}; choose another folder with {option}."
        ) from None


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
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
