"""`publisher watch`: edit a guide, layout or brand and see the PDFs follow. One warm
process keeps the renderings (keyed by the bytes of each guide and layout), so a save
re-validates everything (a few milliseconds) but renders only the guide × layout pairs
whose inputs changed, and writes only the files whose bytes changed. A half-typed save
reports its problems and waits; the last good PDFs stay in place."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from pathlib import Path

WATCHED = (".yaml", ".yml", ".png", ".jpg", ".jpeg")


class Session:
    """The warm state between saves: the inputs as named, the render cache, the options."""

    def __init__(self, guides: tuple[str, ...], layouts: tuple[str, ...], brand: Path | None,
                 paper: str | None, out_dir: Path, proof_dpi: int | None) -> None:  # fmt: skip
        self.guides, self.layouts, self.brand = guides, layouts, brand
        self.paper, self.out_dir, self.proof_dpi = paper, out_dir, proof_dpi
        self.cache: dict = {}
        local = Path.cwd() / "content"  # the user's guides: never the bundled sample instead
        self.content = local.resolve() if not guides and any(local.glob("*.yaml")) else None

    def guide_paths(self) -> list[Path]:
        from publisher.errors import InputError
        from publisher.inputs import find as inputs

        if self.content is None:
            return inputs.guide_paths(self.guides)
        found = sorted(self.content.glob("*.yaml"))
        if not found:
            raise InputError(
                f"no guides left in {self.content}; the PDFs built so far are kept. Save a "
                "guide there and watch builds it."
            )
        return found

    def folders(self) -> list[Path]:
        """Where the inputs live: the guide, layout and brand folders (new files too)."""
        from publisher.inputs import find as inputs

        found = {path.parent.resolve() for path in self.guide_paths()}
        found |= {path.parent.resolve() for path in inputs.layout_paths(self.layouts).values()}
        if self.brand:
            found.add(inputs.brand_paths((self.brand,), None)[0].parent.resolve())
        return sorted(found)

    def rebuild(self) -> str:
        """Validate, render what changed, write what differs; one line saying what."""
        from publisher.commands import common
        from publisher.errors import UserError
        from publisher.inputs import find as inputs
        from publisher.pipeline import build

        started = time.perf_counter()
        try:
            plan = build.plan(
                self.guide_paths(), inputs.layout_paths(self.layouts),
                self.out_dir, self.paper, cache=self.cache,
            )  # fmt: skip
            brand = inputs.named_brand(self.brand)
            common.gate(plan, brand)  # what build refuses, watch refuses
            outputs = common.rendered(plan, brand)
            changed = [o for o in outputs if not _same(o.path, o.data)]
            build.write_all(changed, self.out_dir, plan, brand, recorded=outputs)
            if self.proof_dpi and changed:
                from publisher.pipeline.proof import proof

                proof(changed, self.proof_dpi, sheet=False)
        except UserError as exc:
            return exc.format_message()
        seconds = time.perf_counter() - started
        if not changed:
            return f"no PDF changed ({seconds:.2f} s)"
        names = ", ".join(o.path.stem for o in changed)
        return f"rebuilt {names} in {seconds:.2f} s"


def _same(path: Path, data: bytes) -> bool:
    import stat

    try:  # a pipe where a PDF was is never opened (it would block)
        info = path.stat()
        return (
            stat.S_ISREG(info.st_mode) and info.st_size == len(data) and path.read_bytes() == data
        )
    except OSError:
        return False


def relevant(changes: Iterable[tuple[object, str]], out_dir: Path) -> bool:
    """Whether a batch of file events touches an input (not our own outputs)."""
    out = out_dir.resolve()
    for _, name in changes:
        path = Path(name)
        if path.suffix.lower() in WATCHED and not path.resolve().is_relative_to(out):
            return True
    return False


def watch(session: Session, say: Callable[[str], None], stop_event=None) -> None:
    """Build once, then after every relevant save; returns on Ctrl-C (or `stop_event`),
    also when it comes in the middle of a rebuild: files are replaced together or not at
    all, so an interrupted rebuild leaves the last good set."""
    try:
        _watch(session, say, stop_event)
    except KeyboardInterrupt:
        return


def _watch(session: Session, say: Callable[[str], None], stop_event) -> None:
    say(session.rebuild())
    while not (stop_event and stop_event.is_set()):
        folders = session.folders()
        if not _follow(session, folders, say, stop_event):  # stopped (Ctrl-C, stop_event)
            return
        say(f"{', '.join(str(f) for f in folders if not f.is_dir()) or 'a folder'} was "
            "removed or replaced; watching again once it is back")  # fmt: skip
        while not all(f.is_dir() for f in folders):
            if stop_event and stop_event.is_set():
                return
            time.sleep(0.25)
        say(session.rebuild())


def _identity(folders: list[Path]) -> list[tuple[int, int] | None]:
    """Each folder's device and inode: a folder deleted and made again is another one,
    and the system's watcher no longer sees into it."""
    found = []
    for folder in folders:
        try:
            info = folder.stat()
            found.append((info.st_dev, info.st_ino))
        except OSError:
            found.append(None)
    return found


def _follow(session: Session, folders: list[Path], say, stop_event) -> bool:
    """Rebuild after each relevant save; True when a folder went away (watch again)."""
    from watchfiles import watch as file_events

    known = _identity(folders)
    idle = {"rust_timeout": 250, "yield_on_timeout": True}
    events = file_events(*folders, debounce=400, step=20, stop_event=stop_event,
                         raise_interrupt=False, **idle)  # fmt: skip
    armed = False
    try:
        for changes in events:  # an empty set every 250 ms while nothing happens
            if _identity(folders) != known:
                return True
            if not armed:  # the OS watcher is live only once the first batch comes
                armed = True
                say(f"watching {', '.join(str(f) for f in folders)} (Ctrl-C stops)")
            if changes and relevant(changes, session.out_dir):
                say(session.rebuild())
    except OSError:  # the system's watcher lost a folder
        return True
    return _identity(folders) != known
