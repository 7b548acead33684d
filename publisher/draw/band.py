"""A clinic's parts of a page: logo, name, contact lines and a vector QR code with its
address under it, drawn into the slot a renderer kept free for them."""

from __future__ import annotations

import functools
import hashlib
import itertools
import re

from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.lib.colors import black, white
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

from publisher.colors import cmyk_image
from publisher.draw import compat, fonts
from publisher.draw.job import Job, Slot
from publisher.draw.markup import inline
from publisher.draw.styles import color, style
from publisher.errors import FitError
from publisher.model.brand import LOGO_BOX, Branded
from publisher.model.layout import Colors

QUIET = 4  # modules of white around a QR code, as the standard asks
UNIT = 100.0  # the side a QR form is drawn at, then scaled


def height(look, job: Job) -> float:
    """The band a layout keeps free for the brand in this job (0 without a brand)."""
    if not job.branded:
        return 0.0
    return look.compact if job.compact else look.height


def qr_side(code_size: float, url: str) -> float:
    """The drawn side of a QR code whose modules span `code_size`, quiet zone included."""
    modules = len(_modules(url))
    return code_size * (modules + 2 * QUIET) / modules


@functools.lru_cache(maxsize=64)
def _modules(url: str) -> tuple[tuple[bool, ...], ...]:
    """The dark/light modules of the URL's QR code (level M), encoded once per process."""
    widget = QrCodeWidget(url, barLevel="M", barBorder=QUIET)
    widget.qr.make()
    return tuple(tuple(bool(m) for m in row) for row in widget.qr.modules)


def draw_qr(canv: Canvas, url: str, x: float, y: float, side: float) -> None:
    """A vector QR code, quiet zone included, in a `side`-point square at (x, y): a white
    square and one path of dark runs, drawn once per document as a form and placed."""
    name = "qr-" + hashlib.sha256(url.encode()).hexdigest()[:12]
    if not canv.hasForm(name):
        modules = _modules(url)
        box = UNIT / (len(modules) + 2 * QUIET)
        canv.beginForm(name, 0, 0, UNIT, UNIT)
        canv.setFillColor(white)
        canv.rect(0, 0, UNIT, UNIT, stroke=0, fill=1)
        canv.setFillColor(black)
        path = canv.beginPath()
        for r, row in enumerate(modules):
            top = UNIT - (r + QUIET + 1) * box
            c = 0
            for dark, run in itertools.groupby(row):
                count = len(list(run))
                if dark:
                    path.rect((c + QUIET) * box, top, count * box, box)
                c += count
        canv.drawPath(path, stroke=0, fill=1)
        canv.endForm()
    canv.saveState()
    canv.translate(x, y)
    canv.scale(side / UNIT, side / UNIT)
    canv.doForm(name)
    canv.restoreState()


Link = tuple[tuple[float, float, float, float], str, str]  # rectangle, address, what it is


QR = "QR code: "  # a link's words start so for the code; the stamp says it in the language


def shown_fields(slot: Slot, job: Job) -> tuple[bool, tuple[str, ...]]:
    """(whether the band is the short form, the contact lines it draws): a band shorter
    than the layout's (the card's back giving way) has the name, phone and code only."""
    short = slot.height < slot.look.height - 0.5 and not job.compact
    return short, ("phone",) if short else tuple(slot.look.lines)


def draw(canv: Canvas, slot: Slot, brand: Branded, colors: Colors, job: Job, url: str | None
         ) -> list[Link]:  # fmt: skip
    """Logo | name and contact lines | QR with its address, fitted into the slot; returns
    where the phone, email, website and QR code are, to be made clickable. An address
    wider than the code reaches left under the text: the text then has to end above it
    (a half-point smaller if need be), or the address moves to the band's foot."""
    look = slot.look
    x, y, w, h = slot.x, slot.y, slot.width, slot.height
    gap = 3 * mm
    label = None
    text_w = w
    # a band shorter than the layout's (the card's back giving way): name, phone and code
    short, fields = shown_fields(slot, job)
    if url and short:
        side = min(qr_side(look.qr, url), h)
        draw_qr(canv, url, x + w - side, y + h - side, side)
        text_w -= side + gap
    elif url:
        side = min(qr_side(look.qr, url), h)
        size = look.caption
        shown = _shown(url)
        needed = fonts.width(shown, fonts.REGULAR, size) + 1
        # right-aligned, never under the logo; an address wider than that breaks anywhere
        room = w - (min(h, LOGO_BOX) + gap if look.logo and brand.logo else 0)
        caption = style(
            "qr-url", size, 1.15, alignment=2, wordWrap="CJK" if needed > room else None
        )
        label = Paragraph(inline(shown), caption)
        label_w = min(room, max(side, needed))
        _, label_h = label.wrap(label_w, h)
        if side + label_h > h:  # the address must fit under the code, inside the band
            side = h - label_h
            label_w = min(room, max(side, needed))
            _, label_h = label.wrap(label_w, h)
        draw_qr(canv, url, x + w - side, y + h - side, side)
        text_w -= side + gap
    if look.logo and brand.logo:
        box = min(h, LOGO_BOX)
        _logo(canv, brand, job, x, y + h - box, box)
        x += box + gap
        text_w -= box + gap
    if label is None:
        links = _draw(canv, x, y + h, text_w, _fit(slot, brand, colors, text_w, h, look, fields)[0])
        if url:  # the short form: the code without its address under it
            links.append(((slot.x + w - side, y + h - side, slot.x + w, y + h), url,
                          QR + url))  # fmt: skip
        return links
    under_code = y + h - side - label_h
    reaches = x + text_w > slot.x + w - label_w  # the address reaches under the text column
    room_h = side if reaches else h
    lines, used = _fit(slot, brand, colors, text_w, room_h, look, fields, strict=False)
    if reaches and used > side:  # the text goes below the code: the address to the foot
        lines, used = _fit(slot, brand, colors, text_w, h - label_h - 1, look, fields)
        under_code = y
    links = _draw(canv, x, y + h, text_w, lines)
    label.drawOn(canv, slot.x + w - label_w, under_code)
    code = (slot.x + w - side, y + h - side, slot.x + w, y + h)
    caption = (slot.x + w - label_w, under_code, slot.x + w, under_code + label_h)
    return [*links, (code, url, QR + url), (caption, url, shown)]


def _shown(url: str) -> str:
    return url.split("://", 1)[-1].rstrip("/")


def _logo(canv: Canvas, brand: Branded, job: Job, x: float, y: float, box: float) -> None:
    """The logo, encoded once per document as a form however many bands show it."""
    image = prepared(brand.logo, job.grayscale, job.print.cmyk)
    width, height = image.getSize()
    name = "logo-" + hashlib.sha256(repr((brand.digest, job)).encode()).hexdigest()[:12]
    if not canv.hasForm(name):
        canv.beginForm(name, 0, 0, width, height)
        compat.draw_cached_image(
            canv, _encoded(brand.logo, job.grayscale, job.print.cmyk), width, height
        )
        canv.endForm()
    scale = min(box / width, box / height)
    canv.saveState()
    canv.translate(x, y + box - height * scale)
    canv.scale(scale, scale)
    canv.doForm(name)
    canv.restoreState()


def _encoded(path, gray: bool, cmyk: bool):
    """The logo as ReportLab's image object, its pixels compressed once per process for
    each content of the file: a chain's clinics share one logo, and compressing it took a
    fifth of each clinic's build. (`canvas.drawImage` compresses it again for every
    document.) Keyed by what the file says, so an edited logo is never the old one."""
    return _encoded_once(path, _content(path), gray, cmyk)


def _content(path) -> str:
    with open(path, "rb") as handle:
        return hashlib.sha256(handle.read()).hexdigest()


@functools.lru_cache(maxsize=8)
def _encoded_once(path, content: str, gray: bool, cmyk: bool):
    from reportlab.pdfbase.pdfdoc import PDFImageXObject

    image = _prepared_once(path, content, gray, cmyk)
    name = hashlib.sha256(image.getRGBData()).hexdigest()[:32]
    return PDFImageXObject(name, image)


def prepared(path, gray: bool, cmyk: bool) -> ImageReader:
    """The logo on white, at no more than 600 dpi at its largest placed size, in the
    job's colour space: decoded and scaled once per process for each content of the file
    (a logo or picture saved again under the same name is read again)."""
    return _prepared_once(path, _content(path), gray, cmyk)


@functools.lru_cache(maxsize=8)
def _prepared_once(path, content: str, gray: bool, cmyk: bool) -> ImageReader:
    from PIL import Image

    with Image.open(path) as image:
        image.load()
        rgba = image.convert("RGBA")
    flat = Image.new("RGBA", rgba.size, "white")
    flat.alpha_composite(rgba)
    image = flat.convert("RGB")
    most = round(LOGO_BOX / 72 * 600)
    if max(image.size) > most:
        image.thumbnail((most, most), Image.Resampling.LANCZOS)
    if gray:
        image = image.convert("L")
    elif cmyk:
        image = cmyk_image(image)
    return ImageReader(image)


def _fit(slot, brand, colors, w, h, look, only=None, strict: bool = True) -> tuple[list, float]:
    """Name in bold, then the contact lines, at the largest size from `look.name` down to
    `look.smallest` whose lines fit height `h`; contact lines that still do not fit leave
    from the last (the name always stays): (the paragraphs, their height)."""
    model = brand.model
    fields = [f for f in (only or look.lines) if getattr(model, f)]
    for shown in range(len(fields), -1, -1):  # lines that do not fit leave from the last
        lines, used = _lines(model, fields[:shown], colors, w, h, look)
        if used <= h:
            break
    if used > h and strict:
        raise FitError(
            f"{brand.source.path.name}: the clinic's name and contact lines do not fit the "
            f"{slot.kind} ({used / mm:.0f} mm needed, {h / mm:.0f} mm free); shorten them.",
            at=brand.source.locate(("name",)),
        )
    return lines, used


def _lines(model, fields, colors, w, h, look) -> tuple[list, float]:
    """The name and `fields` at the largest size from `look.name` to `look.smallest` that
    fits height `h` (or at the smallest): (the paragraphs, their height)."""
    size = look.name
    while True:
        bold = style("brand-name", size, 1.15, bold=True, textColor=color(colors.accent))
        plain = style("brand-line", max(size * 0.82, 7), 1.2, textColor=color(colors.text))
        lines = [Paragraph(inline(model.name), bold)]
        for field in fields:
            value = getattr(model, field)
            lines.append(Paragraph(inline(value), plain))
            lines[-1].link = _address(field, value)
        used = sum(p.wrap(w, h)[1] for p in lines)
        if used <= h or size <= look.smallest:
            return lines, used
        size -= 0.5


def _draw(canv, x: float, top: float, w: float, lines: list) -> list[Link]:
    links = []
    for para in lines:
        _, height = para.wrap(w, 10_000)
        top -= height
        para.drawOn(canv, x, top)
        address = getattr(para, "link", None)
        if address:
            width = max(para.getActualLineWidths0() or [w])
            links.append(((x, top, x + width, top + height), address, para.text))
    return links


def _address(field: str, value: str) -> str | None:
    """A contact line as a link: tel: with digits only, mailto:, https:."""
    if field == "phone":
        digits = re.sub(r"[^\d+]", "", value)
        return f"tel:{digits}" if digits else None
    if field == "email":
        return f"mailto:{value}"
    if field == "website":
        return value if "://" in value else f"https://{value}"
    return None
