"""Image uploads: validated by content with Pillow, never trusted by name or type."""

from __future__ import annotations

import io

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from PIL import Image, ImageOps, UnidentifiedImageError

ALLOWED_FORMATS = {"JPEG", "PNG", "GIF", "WEBP"}


def avatar_process(upload) -> ContentFile:
    """Check an uploaded avatar and return it re-encoded as a square-cropped WebP.

    Re-encoding drops metadata (EXIF GPS and the like) and anything smuggled
    behind the image data.
    """
    max_bytes = settings.AVATAR_MAX_BYTES
    if upload.size is not None and upload.size > max_bytes:
        raise ValidationError(
            f"That image is {filesizeformat(upload.size)}; the limit is {filesizeformat(max_bytes)}.",
            code="too_large",
        )
    upload.seek(0)
    data = upload.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise ValidationError(f"That image is larger than the {filesizeformat(max_bytes)} limit.", code="too_large")
    try:
        with Image.open(io.BytesIO(data)) as probe:
            image_format = probe.format
            width, height = probe.size
            probe.verify()  # detects truncated or corrupt files
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise ValidationError(
            "That file is not an image we can read. Upload a JPEG, PNG, GIF or WebP picture.",
            code="invalid_image",
        ) from None
    if image_format not in ALLOWED_FORMATS:
        raise ValidationError(
            f"{image_format} images are not supported. Upload a JPEG, PNG, GIF or WebP picture.",
            code="invalid_format",
        )
    if width * height > settings.AVATAR_MAX_PIXELS:
        raise ValidationError("That image has too many pixels.", code="too_many_pixels")
    try:
        # verify() leaves the image unusable: open it again to decode.
        with Image.open(io.BytesIO(data)) as image:
            image = ImageOps.exif_transpose(image)
            image = image.convert("RGBA" if image.mode in ("RGBA", "LA", "P") else "RGB")
            size = settings.AVATAR_SIZE
            image = ImageOps.fit(image, (size, size), Image.Resampling.LANCZOS)
            out = io.BytesIO()
            image.save(out, format="WEBP", quality=85, method=4)
    except (OSError, ValueError, Image.DecompressionBombError):
        raise ValidationError("That image is damaged and cannot be used.", code="invalid_image") from None
    return ContentFile(out.getvalue(), name="avatar.webp")
