"""Reading any file a user names (guide, layout, brand, logo, a step's picture, SMTP
config, recipients, message): only a regular file, read up to its size limit, every
failure one clean line; images checked before any renderer decodes them."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from publisher.errors import InputError


class FileError(InputError):
    """A file that cannot be read; `reason` says why without the file's name, so that a
    caller can place the message at the line of the YAML that named the file."""

    def __init__(self, shown: str, reason: str):
        self.reason = reason
        super().__init__(f"{shown}: {reason}")


def _size(limit: int) -> str:
    return f"{limit / 2**20:.0f} MiB" if limit >= 2**20 else f"{limit / 1024:.0f} KB"


def read_bytes(path: Path, what: str, limit: int) -> bytes:
    """The bytes of `path` if it is a readable regular file of at most `limit` bytes. The
    size is counted while reading (a device reports 0 to stat), and a pipe is refused
    before it is opened, so nothing can hang or fill memory."""
    from publisher.source import display

    shown = display(path)
    try:
        info = os.stat(path)
    except FileNotFoundError:
        if os.path.islink(path):
            raise FileError(
                shown,
                f"the {what} is a link to a file that does not exist ({os.readlink(path)}); "
                "point it at the real file.",
            ) from None
        raise FileError(shown, f"there is no such {what}; check the name and folder.") from None
    except OSError as exc:
        raise FileError(shown, f"cannot read the {what} ({exc.strerror or exc}).") from None
    if stat.S_ISDIR(info.st_mode):
        raise FileError(shown, f"this is a folder; give the path of the {what} file itself.")
    if os.path.islink(path) and not _stays(path):
        raise FileError(
            shown,
            f"the {what} is a link to a file in another folder ({os.path.realpath(path)}); "
            "copy the file here instead of linking to it.",
        )
    if not stat.S_ISREG(info.st_mode):
        raise FileError(shown, f"this is a device, pipe or socket; give the {what} file.")
    try:
        with open(path, "rb") as handle:
            data = handle.read(limit + 1)
    except OSError as exc:
        reason = f"cannot read the {what} ({exc.strerror or exc}); check its permissions."
        raise FileError(shown, reason) from None
    if len(data) > limit:
        reason = f"the {what} is larger than {_size(limit)}, the limit"
        raise FileError(f"{shown}:1:1", f"{reason}; split it or remove pasted binary data.")
    return data


def _stays(path: Path) -> bool:
    """Whether a link leads to a file in its own folder (or below it)."""
    folder = os.path.realpath(os.path.dirname(os.path.abspath(path)))
    return os.path.realpath(path).startswith(folder + os.sep)


def read_text(path: Path, what: str, limit: int, hint: str = "save it as UTF-8") -> str:
    """A text file as UTF-8 (a byte-order mark, as Notepad and Excel write, is dropped)."""
    return decode(read_bytes(path, what, limit), path, what, hint)


def decode(data: bytes, path: Path, what: str, hint: str = "save it as UTF-8") -> str:
    """UTF-8 with or without a byte-order mark, or UTF-16 with one (Notepad's "Unicode")."""
    import codecs

    from publisher.source import display

    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{display(path)}:1:1: the {what} is not UTF-8 text (byte {exc.start}); {hint}."
        ) from None


MAX_IMAGE_BYTES = 10 * 1024 * 1024  # a logo or a step's picture
MAX_IMAGE_PIXELS = 40_000_000


def checked_image(source, at: tuple, name: str, what: str, owner: str) -> Path:
    """An image a YAML file names (`what`: "logo", "figure"), checked before any renderer
    decodes it: where it is, its size, pixel count and format. Only files in the YAML
    file's folder (or below) are read, so an error never tells whether some other file
    on the machine exists."""

    def fail(message: str) -> InputError:
        return InputError([source.problem(at, message)])

    folder = source.path.parent.resolve()
    try:
        path = (folder / name).resolve()
        path.exists()
    except (OSError, ValueError) as exc:  # a name too long for the disk, a NUL byte
        reason = getattr(exc, "strerror", None) or "not a usable file name"
        raise fail(f"the {what}'s file name cannot be used ({reason}); rename the file.") from None

    if not path.is_relative_to(folder):
        raise fail(f"the {what} must be in the {owner}'s folder (or a folder inside it).")
    if path.suffix.lower() == ".svg":
        raise fail(f"SVG {what}s are not supported; export it as a PNG about 1200 pixels wide.")
    if not path.exists():
        raise fail(f"no {what} file at {path}; the path is relative to the {owner}.")
    try:
        data = read_bytes(path, what, MAX_IMAGE_BYTES)
    except FileError as exc:
        raise fail(
            exc.reason.replace("split it or remove pasted binary data", "export it smaller")
        ) from None
    import io
    import warnings

    from PIL import Image

    try:
        with warnings.catch_warnings():  # a huge image is refused below, in plain words
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                width, height = image.size
                if width * height > MAX_IMAGE_PIXELS:
                    raise fail(
                        f"the {what} is {width}×{height} pixels ({width * height / 1e6:.0f} "
                        "megapixels); the limit is 40. Export it about 1200 pixels wide."
                    )
                if image.format not in ("PNG", "JPEG"):
                    raise fail(f"the {what} is {image.format}; use a PNG or JPEG file.")
                image.verify()
    except InputError:
        raise
    except Image.UnidentifiedImageError:
        raise fail(f"the {what} is not a readable PNG or JPEG image; export it again as a "
                   "PNG.") from None  # fmt: skip
    except Image.DecompressionBombError:
        raise fail(f"the {what} has more than 150 megapixels; the limit is 40.") from None
    except Exception as exc:
        raise fail(f"the {what} is not a readable PNG or JPEG image ({exc}).") from None
    return path


def with_files(digest: bytes, files) -> bytes:
    """A file's digest joined with the bytes of the files it names (a guide's pictures),
    in path order, so the same inputs give the same digest however they were found."""
    import hashlib

    h = hashlib.sha256(digest)
    for file in sorted(set(files)):
        h.update(file.read_bytes())
    return h.digest()
