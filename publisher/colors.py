"""Colour arithmetic without ReportLab: WCAG contrast, tints, gray and CMYK conversions.
Used by brand validation, the quality gate and the print profiles."""

from __future__ import annotations

RGB = tuple[float, float, float]
WHITE: RGB = (1.0, 1.0, 1.0)
BODY_RATIO, LARGE_RATIO = 4.5, 3.0


def rgb(hex_color: str) -> RGB:
    """'#0b5563' -> (r, g, b) in 0..1."""
    value = hex_color.lstrip("#")
    return tuple(int(value[i : i + 2], 16) / 255 for i in (0, 2, 4))  # type: ignore[return-value]


def to_hex(color: RGB) -> str:
    return "#" + "".join(f"{round(max(0.0, min(1.0, c)) * 255):02x}" for c in color)


def luminance(color: RGB) -> float:
    """Relative luminance as WCAG 2 defines it."""

    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in color)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: RGB, b: RGB) -> float:
    """WCAG contrast ratio, 1..21."""
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def mix(color: RGB, other: RGB, share: float) -> RGB:
    """`share` of `color`, the rest `other`."""
    return tuple(share * c + (1 - share) * o for c, o in zip(color, other, strict=True))  # type: ignore[return-value]


def darkened(color: RGB, against: RGB = WHITE, ratio: float = BODY_RATIO) -> RGB:
    """The lightest shade of `color` (mixed with black) that reaches `ratio` against `against`;
    the hint a rejected brand colour gets."""
    share = 1.0
    while share > 0 and contrast(mix(color, (0, 0, 0), share), against) < ratio:
        share -= 0.01
    return mix(color, (0, 0, 0), max(share, 0))


def gray(color: RGB) -> float:
    """Luma (Rec. 601) of a colour, 0 black .. 1 white: what an ink-saving print shows."""
    r, g, b = color
    return 0.299 * r + 0.587 * g + 0.114 * b


def cmyk(color: RGB) -> tuple[float, float, float, float]:
    """Naive device conversion with full black generation: neutral grays print with K only."""
    k = 1 - max(color)
    if k >= 1:
        return 0.0, 0.0, 0.0, 1.0
    c, m, y = ((1 - ch - k) / (1 - k) for ch in color)
    return round(c, 4), round(m, 4), round(y, 4), round(k, 4)


def cmyk_image(image):
    """An RGB image as CMYK by the same formula as `cmyk`, pixel by pixel, so a logo's
    colours print with the same inks as the vector colours around it."""
    from PIL import Image, ImageMath

    r, g, b = (band.convert("F") for band in image.convert("RGB").split())
    top = ImageMath.lambda_eval(lambda a: a["max"](a["max"](a["r"], a["g"]), a["b"]), r=r, g=g, b=b)

    def ink(channel):
        return ImageMath.lambda_eval(
            lambda a: a["convert"]((a["t"] - a["c"]) * 255 / a["max"](a["t"], 1) + 0.5, "L"),
            t=top,
            c=channel,
        )

    black = ImageMath.lambda_eval(lambda a: a["convert"](255.5 - a["t"], "L"), t=top)
    return Image.merge("CMYK", [ink(r), ink(g), ink(b), black])
