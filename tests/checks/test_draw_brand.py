"""The committed brand images are what scripts/draw_brand.py draws."""

from __future__ import annotations

from pathlib import Path

from PIL import Image

from scripts import draw_brand

BRAND = Path(__file__).resolve().parents[2] / "custom_components/status_dashboard/brand"


def test_brand_images_are_what_draw_brand_draws(tmp_path: Path) -> None:
    """The committed PNGs match scripts/draw_brand.py, pixel for pixel."""
    assert draw_brand.main([str(tmp_path)]) == 0

    drawn = sorted(path.name for path in tmp_path.iterdir())
    assert drawn == sorted(path.name for path in BRAND.iterdir())
    for name in drawn:
        with Image.open(tmp_path / name) as new, Image.open(BRAND / name) as old:
            assert new.mode == old.mode == "RGBA"
            assert new.size == old.size
            assert new.tobytes() == old.tobytes(), f"{name}: run scripts/draw_brand.py"
