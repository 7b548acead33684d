"""The booklet's tool pages: the guide's weekly tracker and its log (when it asks for
one), grids to write in, on the pages that make the count a multiple of four."""

from __future__ import annotations

from reportlab.platypus import Flowable, Paragraph, Spacer, Table

from publisher.draw import fonts
from publisher.draw.markup import inline
from publisher.draw.styles import table_style
from publisher.draw.tags import Tagged
from publisher.kinds.booklet.pages import Heading
from publisher.model import guide as g


def tool_pages(story, count: int) -> tuple[list[list[Flowable]], list]:
    """At most `count` pages that are tools, not reading: the guide's weekly tracker and
    its log (each only when the guide has one), each under its heading with one line on
    how to use it, with as many rows as the page holds; with one page to spare they share
    it. Their cells are table cells to a screen reader. (pages, the blocks they show)"""
    words, body = story.words, story.spec.type.body
    margins = story.spec.margins
    page = story.page_h - margins.top - margins.bottom - body  # a little air at the foot
    tracker = story.guide.role("tracker")
    logged = next((b for _, b in story.guide.blocks() if isinstance(b, g.LogBlock)), None)
    if count < 1 or not (tracker or logged):
        return [], []
    shared = count == 1 and tracker is not None and logged is not None
    pages: list[list[Flowable]] = []
    if tracker:  # as many weeks as the page (or its half) holds, up to four
        days = tracker.tracker.days or words["days"]
        widest = max(fonts.width(d, fonts.REGULAR, body) for d in days)
        labels = [*tracker.tracker.rows, words["week"].format(n=4)]
        longest = max(fonts.width(w, fonts.REGULAR, body) for t in labels for w in t.split())
        # the row labels' longest word on one line when the day columns can give way
        day = max(widest + 8, min(widest + 10, (story.width - longest - 10) / len(days)))
        widths = [story.width - day * len(days)] + [day] * len(days)
        heads = len(tracker.tracker.rows) + 1
        blank = [[r, *[""] * len(days)] for r in tracker.tracker.rows]
        for weeks in range(4, 0, -1):
            rows = [row for n in range(1, weeks + 1)
                    for row in [[words["week"].format(n=n), *days], *blank]]  # fmt: skip
            tool = _tool(story, tracker.tracker.title, words["tracker_help"],
                         grid(story, rows, widths, 3.4, heads))  # fmt: skip
            if weeks == 1 or _height(tool, story.width) <= page / (2 if shared else 1):
                break
        pages.append(tool)
    if logged:
        before = _height(pages[0], story.width) if shared else 0
        columns = logged.log.columns
        widths = [story.width / len(columns)] * len(columns)
        for lines in range(int(page // (body * 2.6)), 2, -1):  # as many as the room holds
            log = _tool(story, logged.log.title, logged.log.help,
                        grid(story, [columns] + [[""] * len(columns)] * lines, widths))  # fmt: skip
            if lines == 3 or before + _height(log, story.width) <= page:
                break
        pages.append(log)
    shown = [b for b in (tracker, logged) if b is not None]
    if shared:
        return [pages[0] + pages[1]], shown
    return pages[:count], shown[:count]


def _height(flowables: list[Flowable], width: float) -> float:
    return sum(f.wrap(width, 10_000)[1] + f.getSpaceBefore() + f.getSpaceAfter()
               for f in flowables)  # fmt: skip


def _tool(story, title: str, help_: str, table: Table) -> list[Flowable]:
    """A heading, a line on how to use it, the grid."""
    key = story.key()
    said = Tagged(Paragraph(inline(help_), story.body), (("P", f"help-{key}"),))
    return [Heading(title, story.h1, f"tool-{key}"), said, table]


def grid(story, rows: list[list[str]], widths: list[float], tall: float = 2.6,
         heads: int = 0) -> Table:  # fmt: skip
    """A check-off grid: header rows (every `heads`-th, or the first) and row labels are
    header cells to a screen reader, the empty boxes data cells, rows `tall` × body high
    or as high as their label needs. With `heads`, each week is its own table to a screen
    reader (its header row heads it), drawn as one grid."""
    key = story.key()
    header_rows = set(range(0, len(rows), heads)) if heads else {0}

    def cell(r: int, c: int, text: str) -> Flowable:
        header = r in header_rows or (c == 0 and text)
        scope = {"Scope": "Column" if r in header_rows else "Row"} if header and text else {}
        content = Paragraph(inline(text), story.small) if text else Spacer(0, 0)
        grid = ("Table", f"{key}-{r // heads}" if heads else key)  # a table for each week
        return Tagged(content, (grid, ("TR", r), ("TH" if scope else "TD", c)), **scope)

    cells = [[cell(r, c, text) for c, text in enumerate(row)] for r, row in enumerate(rows)]
    row = story.spec.type.body * tall

    def height(r: int) -> float | None:
        label = cells[r][0].flowable
        needed = label.wrap(widths[0] - 8, 10_000)[1] + 8 if rows[r][0] else 0  # padding 4
        return None if r in header_rows else max(row, needed)

    heights = [height(r) for r in range(len(rows))]
    table = Table(cells, colWidths=widths, rowHeights=heights)
    shade = [("BACKGROUND", (0, r), (-1, r), story.fill) for r in header_rows]
    lines = ("GRID", (0, 0), (-1, -1), 0.8, story.text)
    table.setStyle(table_style(lines, ("VALIGN", (0, 0), (-1, -1), "MIDDLE"), *shade, padding=4))
    return table
