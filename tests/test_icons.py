"""Every icon draws inside its square at the sizes the outputs use, and draws something."""

from __future__ import annotations

import io

import pypdfium2 as pdfium
import pytest
from reportlab.lib.colors import black
from reportlab.pdfgen.canvas import Canvas

from publisher.draw import icons
from publisher.model.vocabulary import ICONS as NAMED

SIZES = {"card": 8.5, "booklet": 16.25, "sheet": 34.0}  # body × 1.2, × 1.3, × 1.9


@pytest.mark.parametrize("name", sorted(icons.ICONS))
def test_icon_stays_inside_its_box_at_every_output_size(name):
    margin = 20
    for where, size in SIZES.items():
        buffer = io.BytesIO()
        canvas = Canvas(buffer, pagesize=(size + 2 * margin, size + 2 * margin))
        icons.draw(canvas, name, margin, margin, size, black)
        canvas.save()
        scale = 8
        image = pdfium.PdfDocument(buffer.getvalue())[0].render(scale=scale).to_pil().convert("L")
        ink = image.point(lambda v: 255 if v < 128 else 0)
        box = ink.getbbox()
        assert box, (name, where)
        inside = (margin * scale - 1, margin * scale - 1,
                  (margin + size) * scale + 1, (margin + size) * scale + 1)  # fmt: skip
        assert all(a >= b for a, b in zip(box[:2], inside[:2], strict=True)), (name, where, box)
        assert all(a <= b for a, b in zip(box[2:], inside[2:], strict=True)), (name, where, box)


def test_the_guide_schema_offers_every_drawn_icon_and_a_clinics_set():
    assert set(NAMED) == set(icons.ICONS)
    needed = {
        "foot",
        "ice",
        "bottle",
        "walk",
        "knee",
        "back",
        "shoulder",
        "neck",
        "pill",
        "phone",
        "arm",
        "hand",
        "hip",
    }
    assert needed <= set(icons.ICONS)


def test_a_habit_to_avoid_shows_its_icon_struck_through():
    from publisher.model.guide import Habit

    assert Habit(short="Don’t sit for too long", icon="chair").avoid
    assert Habit(short="Avoid tight shoes", icon="shoe").avoid
    assert Habit(short="No te sientes mucho rato", icon="chair").avoid
    assert not Habit(short="Drink water steadily", icon="water").avoid
    corners = []
    for struck in (False, True):
        buffer = io.BytesIO()
        canvas = Canvas(buffer, pagesize=(100, 100))
        icons.draw(canvas, "chair", 0, 0, 100, black, struck)
        canvas.save()
        image = pdfium.PdfDocument(buffer.getvalue())[0].render(scale=1).to_pil().convert("L")
        corners.append([image.getpixel((12, 12)) < 128, image.getpixel((88, 88)) < 128])
    assert corners == [[False, False], [True, True]]  # the strike runs corner to corner
