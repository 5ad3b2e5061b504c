"""Insurance card photos: checked, re-encoded without metadata (EXIF, GPS, comments) before storage."""

from __future__ import annotations

import io
import warnings

from flask_babel import lazy_gettext as _l
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_BYTES = 5 * 1024 * 1024
#: A phone photo is about 12 MP; anything far larger is a decompression bomb.
MAX_PIXELS = 40_000_000
FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png"}


class PhotoError(ValueError):
    """The upload is not a usable JPEG or PNG; the message is safe to show."""


def reencode_card_photo(data: bytes, *, max_bytes: int = MAX_BYTES) -> tuple[bytes, str]:
    """Decode ``data`` and write a fresh JPEG or PNG holding only the pixels (upright)."""
    if len(data) > max_bytes:
        size = f"{max_bytes / 1024 / 1024:g} MB" if max_bytes >= 1024 * 1024 else f"{max_bytes // 1024} KB"
        raise PhotoError(_l("Each photo can be at most %(size)s.", size=size))
    if not data:
        raise PhotoError(_l("This file is empty."))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                kind = image.format
                if kind not in FORMATS:
                    raise PhotoError(_l("Send a JPEG or PNG photo."))
                if image.width * image.height > MAX_PIXELS:
                    raise PhotoError(_l("This photo is too large. Send a smaller one."))
                image.load()
                upright = ImageOps.exif_transpose(image)
    except PhotoError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError,
            Image.DecompressionBombWarning) as exc:
        raise PhotoError(_l("We could not read this photo. Send a JPEG or PNG.")) from exc
    if kind == "JPEG":
        mode = "L" if upright.mode == "L" else "RGB"
    else:
        mode = upright.mode if upright.mode in ("L", "LA", "RGB", "RGBA") else "RGBA"
    pixels = upright.convert(mode)
    clean = Image.frombytes(mode, pixels.size, pixels.tobytes())  # no info, no EXIF, no ICC profile
    out = io.BytesIO()
    if kind == "JPEG":
        clean.save(out, "JPEG", quality=85, optimize=True)
    else:
        clean.save(out, "PNG", optimize=True)
    return out.getvalue(), FORMATS[kind]
