"""What one build makes: the validated guides and layouts and the job settings (a frozen
plan), and what each rendered file is (an output)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from publisher.draw.job import Job
from publisher.inputs.find import load_all
from publisher.model.brand import Branded
from publisher.model.guide import Guide
from publisher.pipeline.settings import DEFAULT, Settings
from publisher.source import Loaded


@dataclass(frozen=True)
class Output:
    """One finished PDF and what it is: which guide and layout, which file of that layout
    (role: main, sheet of cards, imposed booklet), for which paper, profile and brand."""

    path: Path
    data: bytes = field(repr=False)
    guide: str
    layout: str
    kind: str  # booklet | card | sheet
    role: str  # main | sheet | imposed
    paper: str
    profile: str
    grayscale: bool = False
    brand: str | None = None
    notes: tuple[str, ...] = ()  # what the layout left out (shown as info lines)
    bands: tuple = ()  # (page, x0, y0, x1, y1) of the clinic's bands: not body text


CACHED = 24  # renderings kept (at least two colour sets' worth): brands may each differ


@dataclass(frozen=True)
class Plan:
    """What one build makes: validated guides and layouts, the job settings, and the
    renderings already made (shared by every brand with the same colours and paper)."""

    guides: list[Loaded]
    layouts: dict[str, Loaded]
    out_dir: Path
    paper: str | None = None
    profile: str = "office"
    grayscale: bool = False
    cache: dict[tuple, dict] = field(default_factory=dict)
    only: set[tuple[Path, str]] | None = None  # (guide file, layout) pairs to build; None: all
    drawn_only: bool = False  # validate: the drawing alone (its fit), no press steps or tags
    settings: Settings = DEFAULT

    def job(self, brand: Branded | None) -> Job:
        paper = self.paper or (brand.model.paper if brand else None) or "a4"
        compact = brand is not None and not (brand.logo or brand.qr)
        return Job(paper, self.profile, self.grayscale, brand is not None, compact)

    def folder(self, guide: Guide, brand: Branded | None) -> Path:
        """OUT/[brand]/guide/[letter]/[press]/[grayscale]: A4 files and Letter files of the
        same guide never overwrite each other."""
        from publisher.pipeline import fresh

        paper = self.job(brand).paper
        return fresh.folder(self.out_dir, guide.id, brand.id if brand else None,
                            paper, self.profile, self.grayscale)  # fmt: skip

    def guide(self, guide_id: str) -> Loaded[Guide]:
        return next(g for g in self.guides if g.model.id == guide_id)

    @property
    def options(self) -> tuple:
        """The per-run choices that change the files (as the command line gave them)."""
        return (self.paper, self.profile, self.grayscale)


def plan(
    guides: list[Path],
    layouts: dict[str, Path],
    out_dir: Path,
    paper: str | None = None,
    profile: str = "office",
    grayscale: bool = False,
    settings: Settings = DEFAULT,
    cache: dict | None = None,
    only: set[tuple[Path, str]] | None = None,
) -> Plan:
    """`cache`: renderings the caller keeps between plans (watch), keyed by content."""
    loaded_guides, loaded_layouts = load_all(guides, layouts)
    _one_folder_each(loaded_guides)
    return Plan(loaded_guides, loaded_layouts, out_dir, paper, profile, grayscale,
                {} if cache is None else cache, only, settings=settings)  # fmt: skip


def _one_folder_each(guides: list[Loaded[Guide]]) -> None:
    """Two guides with one `id` (or ids that differ only in case, one folder on Windows
    and macOS) would write over each other's PDFs: an error at the second one's `id`."""
    from publisher.errors import InputError
    from publisher.source import display

    seen: dict[str, Loaded[Guide]] = {}
    for guide in guides:
        first = seen.setdefault(guide.model.id.casefold(), guide)
        if first is not guide:
            raise InputError(guide.source.problem(("id",), (
                f"`{guide.model.id}` is also the id of {display(first.source.path)}; the two "
                "would write into one folder. Give each guide its own id.")))  # fmt: skip
