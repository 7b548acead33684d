"""Measuring a finished PDF as a reader meets it: every character with its size, weight,
colour and box, the pages as pixels, the colour behind a character, ink near the edges.
The one place a PDF becomes images (checks, proofs and email thumbnails use it)."""

from __future__ import annotations

import ctypes
from dataclasses import dataclass
from typing import Any

from publisher import colors


def page_images(data: bytes, dpi: float | None = None, width: int | None = None,
                count: int | None = None) -> list[Any]:  # fmt: skip
    """Pages as RGB PIL images at `dpi`, or `width` pixels wide; the first `count` only."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    images = []
    for index in range(min(len(pdf), count or len(pdf))):
        page = pdf[index]
        scale = dpi / 72 if dpi else width / page.get_width()
        images.append(page.render(scale=scale).to_pil().convert("RGB"))
    return images


@dataclass
class Char:
    text: str
    size: float
    bold: bool
    rgb: tuple[float, float, float]
    box: tuple[float, float, float, float]
    page: int


@dataclass
class Measured:
    """A document's characters, page images, page texts and page sizes (points)."""

    pages: list[list[Char]]
    images: list[Any]
    texts: list[str]
    sizes: list[tuple[float, float]]
    trimmed: bool  # the pages carry a TrimBox (press): marks sit outside it


def measure(data: bytes, dpi: int = 100) -> Measured:
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    pdf = pdfium.PdfDocument(data)
    pages, texts, sizes = [], [], []
    r, g, b, a = (ctypes.c_uint() for _ in range(4))
    for index in range(len(pdf)):
        page = pdf[index]
        textpage = page.get_textpage()
        chars = []
        for i in range(textpage.count_chars()):
            text = textpage.get_text_range(i, 1)
            if not text.strip():
                continue
            raw.FPDFText_GetFillColor(textpage.raw, i, r, g, b, a)
            chars.append(
                Char(
                    text,
                    raw.FPDFText_GetFontSize(textpage.raw, i),
                    raw.FPDFText_GetFontWeight(textpage.raw, i) >= 600,
                    (r.value / 255, g.value / 255, b.value / 255),
                    textpage.get_charbox(i, loose=True),
                    index,
                )
            )
        pages.append(chars)
        texts.append(textpage.get_text_range())
        sizes.append((page.get_width(), page.get_height()))
    trimmed = bool(len(pdf)) and pdf[0].get_trimbox() != pdf[0].get_mediabox()
    return Measured(pages, page_images(data, dpi), texts, sizes, trimmed)


def background(image, box, page_h: float, scale: float, ink) -> tuple[float, float, float]:
    """The colour behind a character: the commonest colour inside its loose box that is
    clearly not the text's own colour (anti-aliased edges are close to it)."""
    left, bottom, right, top = box
    w, h = image.size
    crop = (
        min(max(int(left * scale), 0), w - 1),
        min(max(int((page_h - top) * scale), 0), h - 1),
        min(max(int(right * scale) + 1, 1), w),
        min(max(int((page_h - bottom) * scale) + 1, 1), h),
    )
    counts = image.crop(crop).getcolors(1 << 16) or []
    best, most = colors.WHITE, 0
    for count, pixel in counts:
        rgb = (pixel[0] / 255, pixel[1] / 255, pixel[2] / 255)
        if count > most and colors.contrast(rgb, ink) > 1.5:
            best, most = rgb, count
    return best


def inked_edges(image, page_w: float, band_mm: float) -> list[str]:
    """The edges (top, bottom, left, right) with ink within `band_mm` of them."""
    scale = image.size[0] / page_w
    band = max(1, int(band_mm * 72 / 25.4 * scale) - 1)
    gray = image.convert("L").point(lambda v: 255 if v < 245 else 0)
    w, h = gray.size
    boxes = {
        "top": (0, 0, w, band),
        "bottom": (0, h - band, w, h),
        "left": (0, 0, band, h),
        "right": (w - band, 0, w, h),
    }
    return [name for name, box in boxes.items() if gray.crop(box).getbbox()]
