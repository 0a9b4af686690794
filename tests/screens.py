"""Screenshots for docs/images: the browser's PNG with its colours reduced, so the docs stay small."""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image

IMAGES = Path(__file__).resolve().parent.parent / "docs" / "images"


def save_small(driver, name: str) -> Path:  # noqa: ANN001 - a selenium WebDriver
    """Save what the browser shows as docs/images/<name>.png, in 96 colours."""
    IMAGES.mkdir(parents=True, exist_ok=True)
    path = IMAGES / f"{name}.png"
    with Image.open(io.BytesIO(driver.get_screenshot_as_png())) as shot:
        shot.convert("RGB").quantize(colors=96, method=Image.Quantize.MEDIANCUT).save(path, optimize=True)
    return path
