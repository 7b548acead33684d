"""Proofs: every page as a PNG, and one contact sheet per guide with all outputs' pages
side by side under their names, to look at everything without a PDF viewer."""

from __future__ import annotations

import io
from pathlib import Path

from publisher.gate.measure import page_images
from publisher.pipeline.build import Output
from publisher.pipeline.write import write_atomic

GAP, LABEL = 16, 28


def _png(image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


def _font(size: int):
    from importlib.resources import files

    from PIL import ImageFont

    path = files("fontpkg_atkinson_hyperlegible") / "files" / "AtkinsonHyperlegible-Bold.ttf"
    return ImageFont.truetype(str(path), size)


def contact_sheet(rows: list[tuple[str, list]], width: int = 2400):
    """One row per output: its name, then its pages scaled to a common height, wrapping."""
    from PIL import Image, ImageDraw

    height = 260
    placed, y = [], GAP
    for name, images in rows:
        x = GAP
        placed.append(("label", name, (x, y)))
        y += LABEL
        for image in images:
            w = round(image.width * height / image.height)
            if x + w > width - GAP:
                x, y = GAP, y + height + GAP
            placed.append(("page", image.resize((w, height)), (x, y)))
            x += w + GAP
        y += height + 2 * GAP
    sheet = Image.new("RGB", (width, y), (120, 120, 120))
    draw = ImageDraw.Draw(sheet)
    font = _font(20)
    for kind, item, (x, y0) in placed:
        if kind == "label":
            draw.text((x, y0), item, fill="white", font=font)
        else:
            sheet.paste(item, (x, y0))
    return sheet


def proof(outputs: list[Output], dpi: int, sheet: bool = True) -> list[Path]:
    """PNGs of every page beside where the PDF would go (<output>-pNN.png), and a
    contact-sheet.png per guide folder. The imposed booklet repeats the booklet's pages."""
    written = []
    by_guide: dict[Path, list[tuple[str, list]]] = {}
    for output in (o for o in outputs if o.role != "imposed"):
        images = page_images(output.data, dpi)
        folder = output.path.parent
        for number, image in enumerate(images, 1):
            path = folder / f"{output.path.stem}-p{number:02d}.png"
            write_atomic(path, _png(image))
            written.append(path)
        by_guide.setdefault(folder, []).append((output.path.stem, images))
    for folder, rows in by_guide.items() if sheet else ():
        path = folder / "contact-sheet.png"
        write_atomic(path, _png(contact_sheet(rows)))
        written.append(path)
    return written
