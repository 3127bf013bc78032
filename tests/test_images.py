import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from careercoach.lib.images import avatar_process


def _png(size=(800, 600), color=(200, 30, 30)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, format="PNG")
    return out.getvalue()


def test_valid_image_is_square_webp():
    result = avatar_process(SimpleUploadedFile("me.png", _png()))
    image = Image.open(io.BytesIO(result.read()))
    assert image.format == "WEBP"
    assert image.size == (512, 512)


def test_text_named_png_is_refused():
    with pytest.raises(ValidationError) as exc:
        avatar_process(SimpleUploadedFile("me.png", b"hello, not an image"))
    assert exc.value.code == "invalid_image"


def test_truncated_image_is_refused():
    with pytest.raises(ValidationError):
        avatar_process(SimpleUploadedFile("me.png", _png()[:200]))


def test_oversized_upload_names_both_sizes(settings):
    settings.AVATAR_MAX_BYTES = 1024
    with pytest.raises(ValidationError) as exc:
        avatar_process(SimpleUploadedFile("me.png", _png(size=(400, 400)) + b"\0" * 4096))
    assert exc.value.code == "too_large"
    assert "1.0\xa0KB" in exc.value.messages[0]


def test_decompression_bomb_is_refused(settings):
    settings.AVATAR_MAX_PIXELS = 100 * 100
    with pytest.raises(ValidationError) as exc:
        avatar_process(SimpleUploadedFile("me.png", _png(size=(200, 200))))
    assert exc.value.code == "too_many_pixels"


def test_bmp_is_not_accepted():
    out = io.BytesIO()
    Image.new("RGB", (10, 10)).save(out, format="BMP")
    with pytest.raises(ValidationError) as exc:
        avatar_process(SimpleUploadedFile("me.bmp", out.getvalue()))
    assert exc.value.code == "invalid_format"
