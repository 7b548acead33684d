"""The last stage: write finished files so that every target path always holds a whole
file, and a set of files changes together.

How a set is written (`write_set`), each folder locked so two builds take turns:
1. every new file goes to a temporary file beside its target and is synced to disk;
2. each target that exists gets a backup: a hard link (a copy where links are refused);
3. a journal in the folder names the targets and their backups;
4. each temporary file is renamed over its target (`os.replace`: atomic on POSIX and
   Windows, so a reader sees the old file or the new one, never none);
5. the journal is removed, then the backups.
A failure or an interrupt (Ctrl-C, SIGTERM) in step 4 puts the backups back. A build that
was killed outright leaves its journal: the next write into that folder puts the old set
back first, and until then the freshness check treats the folder as stale."""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import signal
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from publisher.errors import BuildError

STARTED = time.time()  # without the lock, temporary files older than this are a dead build's
JOURNAL = ".publisher-set.json"
LOCK = ".publisher.lock"
WAIT = 120.0  # seconds to wait for another build that is writing into the same folder
_TEMPORARY = re.compile(r"\..+\.[a-z0-9_]{8}(\.old|\.cp)?\.tmp")  # what _stage and _backup name
_swept: set[tuple[Path, bool]] = set()


def stop_as_interrupt() -> None:
    """SIGTERM (a service manager, `kill`) ends the process as Ctrl-C does, so a set being
    written is put back before it exits (status 143)."""

    def stop(signum, frame):
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, stop)


def write_atomic(path: Path, data: bytes, option: str = "-o",
                 unchanged: str = "no file was changed") -> None:  # fmt: skip
    """One file on its own (an .eml, a proof, a new guide): written to a temporary file in
    the same folder, then renamed over the target, so a reader only ever sees a whole
    file. No lock and no journal: one rename is atomic. A folder that cannot be written
    is the user's to fix: one line naming the option to change, and saying what was
    (`unchanged`: what a caller that wrote other files before says instead)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BuildError(
            f"cannot write {path}: {exc.strerror or exc}; choose another folder with {option}."
        ) from None
    sweep(path.parent, older=True)
    tmp = _stage(path, data, option)
    try:
        os.replace(tmp, path)
    except OSError as exc:
        _failed(exc, path, option, unchanged)
    finally:
        with contextlib.suppress(OSError):
            os.unlink(tmp)


def write_set(files: list[tuple[Path, bytes]], option: str = "-o") -> None:
    """Write several files so that they change together or not at all (see the module's
    description). A target that cannot be replaced (Windows refuses while a PDF viewer has
    it open) puts back the ones already replaced, and the message says which file to close."""
    folders = sorted({path.parent for path, _ in files})
    temporary: list[tuple[Path, str]] = []
    try:
        with _locked(folders, option):
            for folder in folders:
                recover(folder)
                sweep(folder)
            for path, data in files:
                temporary.append((path, _stage(path, data, option)))
            _swap(temporary, option)
    finally:
        for _, tmp in temporary:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


def mixed(folder: Path) -> bool:
    """Whether a killed build left this folder's set half replaced (its journal is there)."""
    return (folder / JOURNAL).exists()


def recover(folder: Path) -> list[str]:
    """Put back the set a killed build was replacing in `folder`: each backup the journal
    names goes back over its target; a target that did not exist before is removed. The
    names of the files put back."""
    journal = folder / JOURNAL
    try:
        if not journal.is_file():
            return []
        entries = json.loads(journal.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        entries = []
    restored = []
    for entry in entries if isinstance(entries, list) else []:
        target, backup = _inside(folder, entry.get("target")), _inside(folder, entry.get("backup"))
        with contextlib.suppress(OSError):
            if backup is not None and backup.is_file():
                os.replace(backup, target)
                restored.append(target.name)
            elif target is not None and entry.get("backup") is None and target.is_file():
                os.unlink(target)
                restored.append(target.name)
    with contextlib.suppress(OSError):
        journal.unlink()
    return restored


def _inside(folder: Path, name: object) -> Path | None:
    """A journal's file name as a path in `folder`; None for anything else."""
    if not isinstance(name, str) or not name or "/" in name or "\\" in name or name in ".":
        return None
    return folder / name


def sweep(folder: Path, older: bool = False) -> None:
    """Remove the temporary files a killed build left in `folder`: only this tool's own
    pattern. With the folder's lock held no running build owns them; without it (`older`)
    only those older than this process are taken."""
    if (folder, older) in _swept:
        return
    _swept.add((folder, older))
    for stale in folder.glob(".*.tmp"):
        try:
            if _TEMPORARY.fullmatch(stale.name) and (
                not older or stale.stat().st_mtime < STARTED - 1
            ):
                stale.unlink()
        except OSError:
            continue


def _stage(path: Path, data: bytes, option: str) -> str:
    tmp = None
    try:
        if path.is_dir() and not path.is_symlink():
            raise BuildError(
                f"cannot write {path}: a folder has that name; move it away or choose "
                f"another folder with {option}."
            )
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        return tmp
    except OSError as exc:
        if tmp:  # a full disk: never leave the part written
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        raise BuildError(
            f"cannot write {path}: {exc.strerror or exc}; choose another folder with {option}."
        ) from None


def _backup(path: Path, tmp: str) -> str | None:
    """A second name for the file at `path` (a hard link, else a copy), or None when there
    is no file there."""
    if not path.is_file():
        return None
    aside = tmp.removesuffix(".tmp") + ".old.tmp"
    try:
        os.link(path, aside)
    except OSError:  # FAT, some network drives: a copy, complete before it has its name
        part = tmp.removesuffix(".tmp") + ".cp.tmp"
        shutil.copyfile(path, part)
        os.replace(part, aside)
    return aside


def _swap(temporary: list[tuple[Path, str]], option: str) -> None:
    by_folder: dict[Path, list[dict]] = {}
    backups: list[tuple[Path, str | None]] = []
    current = temporary[0][0] if temporary else None
    try:
        for path, tmp in temporary:
            current = path
            aside = _backup(path, tmp)
            backups.append((path, aside))
            by_folder.setdefault(path.parent, []).append(
                {"target": path.name, "backup": aside and os.path.basename(aside)}
            )
        for folder, entries in by_folder.items():
            _write_journal(folder, entries)
        for path, tmp in temporary:
            current = path
            os.replace(tmp, path)
        _fsync_folders(by_folder)
    except BaseException as exc:  # an OSError, Ctrl-C, SIGTERM: the old set goes back
        for folder in by_folder:
            recover(folder)
        for _, aside in backups:
            if aside:
                with contextlib.suppress(OSError):
                    os.unlink(aside)
        if not isinstance(exc, OSError):
            raise
        _failed(exc, current, option)
    for folder in by_folder:
        with contextlib.suppress(OSError):
            (folder / JOURNAL).unlink()
    for _, aside in backups:
        if aside:
            with contextlib.suppress(OSError):
                os.unlink(aside)


def _failed(exc: OSError, failed: Path | None, option: str,
            unchanged: str = "no file was changed"):  # fmt: skip
    if isinstance(exc, PermissionError):
        raise BuildError(
            f"cannot replace {failed}: close {failed.name if failed else 'it'} in the "
            f"program that has it open (a PDF viewer, a mail program) and run again; "
            f"{unchanged}."
        ) from None
    reason = exc.strerror or exc
    raise BuildError(
        f"cannot replace {failed}: {reason}; {unchanged} (choose another folder with "
        f"{option}, or free some space)."
    ) from None


def _write_journal(folder: Path, entries: list[dict]) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f"{JOURNAL}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(entries, handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, folder / JOURNAL)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _fsync_folders(folders) -> None:
    """Make the renames durable (POSIX; Windows cannot open a folder)."""
    for folder in folders:
        try:
            fd = os.open(folder, os.O_RDONLY)
        except OSError:
            continue
        try:
            os.fsync(fd)
        except OSError:
            pass
        finally:
            os.close(fd)


@contextlib.contextmanager
def _locked(folders: list[Path], option: str) -> Iterator[None]:
    """Each folder's lock, taken in sorted order (so two builds cannot deadlock); a build
    that finds one held waits for it, up to WAIT seconds."""
    held: list[int] = []
    try:
        for folder in folders:
            try:
                folder.mkdir(parents=True, exist_ok=True)
                fd = os.open(folder / LOCK, os.O_RDWR | os.O_CREAT, 0o644)
            except OSError as exc:
                raise BuildError(
                    f"cannot write {folder}: {exc.strerror or exc}; choose another folder "
                    f"with {option}."
                ) from None
            held.append(fd)
            _lock(fd, folder)
        yield
    finally:
        for fd in reversed(held):
            with contextlib.suppress(OSError):
                _unlock(fd)
            os.close(fd)


def _lock(fd: int, folder: Path) -> None:
    deadline = time.monotonic() + WAIT
    while True:
        try:
            if os.name == "nt":
                import msvcrt

                msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
            else:
                import fcntl

                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except OSError:
            if time.monotonic() > deadline:
                raise BuildError(
                    f"another build has been writing in {folder} for {WAIT:.0f} s; wait for "
                    "it to finish (or stop it) and build again. No file was changed."
                ) from None
            time.sleep(0.05)


def _unlock(fd: int) -> None:
    if os.name == "nt":
        import msvcrt

        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
    else:
        import fcntl

        fcntl.flock(fd, fcntl.LOCK_UN)
