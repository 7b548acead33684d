"""Clinic brands: the brand file's model, loading with line-aware errors, logo checks and
the colours a brand puts into a layout (refused when they fail WCAG AA)."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Annotated, Literal

from pydantic import AnyUrl, Field, StringConstraints, field_validator

from publisher import colors as c
from publisher.errors import InputError
from publisher.inputs.files import checked_image
from publisher.inputs.loading import load
from publisher.model.base import RESERVED, Ident, Language, Strict
from publisher.model.layout import Color, Colors
from publisher.source import Loaded, Source

MIN_LOGO_DPI = 150
LOGO_BOX = 26 * 72 / 25.4  # the largest square a logo is fitted into, in points
Line = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=80)]


class BrandColors(Strict):
    primary: Color | None = Field(None, description="Panels, headings, badges (white text on it).")
    accent: Color | None = Field(None, description="Tips and check marks.")


MAX_QR = 2000  # characters; a QR code at level M holds about 2,300 bytes at most
ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


class Brand(Strict):
    id: Ident | None = Field(None, description="The output folder's name (default: the file's).")
    name: Line = Field(description="The clinic's name as patients know it.")
    logo: str | None = Field(None, description="PNG or JPEG, relative to the brand file.")
    phone: Line | None = None
    email: Line | None = None
    website: Line | None = None
    address: Annotated[str, StringConstraints(max_length=160)] | None = None
    qr: AnyUrl | None = Field(
        None,
        description="The http(s) address the QR code opens; {guide} in it becomes the guide's "
        "id, e.g. https://clinic.example/guides/{guide}.",
    )
    colors: BrandColors = BrandColors()
    paper: Literal["a4", "letter"] | None = None
    language: Language | None = Field(None, description="Overrides the guide's language.")
    emergency: Line | None = Field(
        None,
        description="The emergency number where the clinic is (999, 911, 112, 000): the red "
        "flags that mean calling it now say it ('Call 999 now if you have'), unless the "
        "guide's box has its own title. Without it they say 'an emergency number'.",
    )

    @field_validator("emergency", mode="before")
    @classmethod
    def _digits(cls, value):  # `emergency: 999` unquoted is YAML's number 999: the same
        return str(value) if isinstance(value, int) and not isinstance(value, bool) else value

    @field_validator("emergency")
    @classmethod
    def _dialled(cls, value: str | None) -> str | None:
        if value is not None and not re.fullmatch(r"\+?[0-9][0-9 ]{1,14}", value):
            raise ValueError(f"expected the emergency number in digits, such as 999, 911 or "
                             f"112; got `{value}`")  # fmt: skip
        return value

    @field_validator("qr")
    @classmethod
    def _web(cls, value: AnyUrl | None) -> AnyUrl | None:
        if value is not None and value.scheme not in ("http", "https"):
            raise ValueError(f"expected an http:// or https:// address; got {value.scheme}:")
        if value is not None and len(str(value)) > MAX_QR:
            raise ValueError(
                f"the address is {len(str(value)):,} characters; a QR code holds {MAX_QR:,} at "
                "most, and a short one scans best. Use a short page of your website."
            )
        return value


class Branded:
    """A loaded brand with its id (the file's stem), folder and checked logo."""

    def __init__(self, loaded: Loaded[Brand]):
        self.model = loaded.model
        self.source = loaded.source
        self.id = loaded.model.id or loaded.source.path.stem
        if not ID.match(self.id) or RESERVED.fullmatch(self.id):
            raise InputError(
                [
                    loaded.source.problem(
                        (),
                        f"the file name `{self.id}` cannot be the brand's id, which names its "
                        "output folder; rename the file with lower-case letters, digits and "
                        "hyphens, or add a line `id: my-clinic`.",
                    )
                ]
            )
        self.logo = _logo_path(loaded.model, loaded.source)
        digest = hashlib.sha256(loaded.source.path.read_bytes())
        if self.logo:
            digest.update(self.logo.read_bytes())
        self.digest = digest.digest()
        self.warnings: list[str] = []
        if self.logo:
            dpi = logo_dpi(self.logo, LOGO_BOX, LOGO_BOX)
            if dpi < MIN_LOGO_DPI:
                self.warnings.append(
                    str(
                        loaded.source.problem(
                            ("logo",),
                            f"the logo prints at {dpi:.0f} dpi at its placed size "
                            f"({LOGO_BOX / 72 * 25.4:.0f} mm); below {MIN_LOGO_DPI} dpi it looks "
                            "blurred. Export it at least "
                            f"{MIN_LOGO_DPI * LOGO_BOX / 72:.0f} pixels wide.",
                        )
                    )
                )

    @property
    def qr(self) -> str | None:
        return str(self.model.qr) if self.model.qr else None

    def qr_for(self, guide_id: str, guide_url: str | None = None) -> str | None:
        """The QR address for one guide, so each guide's readers land on that guide's
        page: the brand's `qr` with `{guide}` made the guide's id; else the guide's own
        `url`; else the brand's `qr` as it is."""
        template = self.qr and ("{guide}" in self.qr or "%7Bguide%7D" in self.qr)
        if template:
            return self.qr.replace("%7Bguide%7D", guide_id).replace("{guide}", guide_id)
        return guide_url or self.qr

    def dialled(self, guide):
        """`guide` as this clinic's handouts say it: its urgent red flags titled with the
        clinic's emergency number ("Call 999 now if you have"), when the clinic gives one
        and the guide's box has no title of its own."""
        if not self.model.emergency:
            return guide
        from publisher.i18n.words import words
        from publisher.model.roles import dialled

        said = words(guide.language)["emergency_call"].format(number=self.model.emergency)
        return dialled(guide, said)

    def colors(self, base: Colors) -> Colors:
        return brand_colors(self.model, base, self.source)


TEXT_FIELDS = ("name", "phone", "email", "website", "address")


def load_brand(path: Path) -> Branded:
    from publisher.draw.fonts import check_glyphs

    loaded = load(path, Brand)
    check_glyphs(loaded.source, [(f,) for f in TEXT_FIELDS])
    branded = Branded(loaded)
    branded.colors(Colors())
    return branded


def brand_colors(brand: Brand, base: Colors, source: Source | None = None) -> Colors:
    """The layout's colours with the brand's in place of the accents; every pair that carries
    text is checked against WCAG AA (4.5:1) and refused with the ratio and a darker hint."""
    update: dict[str, str] = {}
    for name, field in (("primary", "accent"), ("accent", "tip")):
        value = getattr(brand.colors, name)
        if value is None:
            continue
        ratio = c.contrast(c.rgb(value), c.WHITE)
        if ratio < c.BODY_RATIO:
            hint = c.to_hex(c.darkened(c.rgb(value)))
            message = (
                f"{value} against white has contrast {ratio:.2f}:1; text in this colour (and "
                f"white text on it) needs at least {c.BODY_RATIO}:1 (WCAG AA). "
                f"Try a darker shade such as {hint}."
            )
            raise InputError([source.problem(("colors", name), message)] if source else message)
        update[field] = value
        update[f"{field}_light"] = c.to_hex(c.mix(c.rgb(value), c.WHITE, 0.1))
    return base.model_copy(update=update)


def _logo_path(brand: Brand, source: Source) -> Path | None:
    """The logo file, checked before any renderer decodes it."""
    if not brand.logo:
        return None
    return checked_image(source, ("logo",), brand.logo, "logo", "brand file")


def logo_dpi(path: Path, box_w: float, box_h: float) -> float:
    """Resolution of a logo fitted into a box of points."""
    from PIL import Image

    with Image.open(path) as image:
        width, height = image.size
    scale = min(box_w / width, box_h / height)
    return 72 / scale
