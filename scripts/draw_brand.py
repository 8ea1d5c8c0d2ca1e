"""Draw the integration's brand images into custom_components/<domain>/brand/.

Usage: .venv/bin/python scripts/draw_brand.py [OUTPUT_DIR]

The icon is a tiny status board: three rows, each a status dot (green, amber,
red) followed by a rounded bar. The logo is the icon next to the words
"Status Dashboard". `dark_` variants draw the bars and words light, for Home
Assistant's dark theme; the dots keep their colours.

Everything is drawn at four times the final size and scaled down (Lanczos) for
smooth edges, cropped to the content's bounding box, and — for icons — padded
back to an exact square. The text uses the font bundled with Pillow (Aileron),
not a system font, and PNGs are written without metadata, so the same Pillow
version writes the same bytes on every run and every machine.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
import sys

from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUTPUT = ROOT / "custom_components" / "status_dashboard" / "brand"

SUPERSAMPLE = 4
ICON_MARGIN = 4  # px of transparent border kept around the icon, per side
LOGO_MARGIN = 4
LOGO_HEIGHT = 192  # final logo height in px, margins included

type RGBA = tuple[int, int, int, int]

GREEN: RGBA = (46, 170, 90, 255)
AMBER: RGBA = (247, 169, 22, 255)
RED: RGBA = (229, 57, 53, 255)


@dataclass(frozen=True)
class Theme:
    """Colours of one variant: bars and words."""

    prefix: str
    ink: RGBA


LIGHT = Theme(prefix="", ink=(55, 71, 79, 255))  # blue grey, on light backgrounds
DARK = Theme(prefix="dark_", ink=(226, 232, 236, 255))  # near white, on dark ones

# Icon geometry in design units; the content is 240 x 240 units.
DOT = 64  # dot diameter
ROW_PITCH = 88  # dot plus the gap to the next row
BAR_X = 88  # where the bars start
BAR_HEIGHT = 30
BAR_LENGTHS = (152, 112, 136)
ROW_COLOURS = (GREEN, AMBER, RED)
ICON_UNITS = 240


def draw_icon(
    draw: ImageDraw.ImageDraw, theme: Theme, x: int, y: int, unit: int
) -> None:
    """Draw the status board with its top left corner at (x, y), `unit` px per unit."""
    for row, (colour, length) in enumerate(zip(ROW_COLOURS, BAR_LENGTHS, strict=True)):
        top = y + row * ROW_PITCH * unit
        draw.ellipse((x, top, x + DOT * unit - 1, top + DOT * unit - 1), fill=colour)
        bar_top = top + (DOT - BAR_HEIGHT) * unit // 2
        draw.rounded_rectangle(
            (
                x + BAR_X * unit,
                bar_top,
                x + (BAR_X + length) * unit - 1,
                bar_top + BAR_HEIGHT * unit - 1,
            ),
            radius=BAR_HEIGHT * unit // 2,
            fill=theme.ink,
        )


def trim(image: Image.Image) -> Image.Image:
    """Crop to the bounding box of everything that is not fully transparent."""
    box = image.getchannel("A").getbbox()
    if box is None:
        msg = "nothing was drawn"
        raise ValueError(msg)
    return image.crop(box)


def fit(image: Image.Image, width: int, height: int) -> Image.Image:
    """Scale `image` down (Lanczos) to fit inside width x height, keeping its shape."""
    scale = min(width / image.width, height / image.height)
    size = (max(1, round(image.width * scale)), max(1, round(image.height * scale)))
    return image.resize(size, Image.Resampling.LANCZOS)


def pad(image: Image.Image, width: int, height: int) -> Image.Image:
    """Centre `image` on a transparent canvas of exactly width x height."""
    canvas = Image.new("RGBA", (width, height), (0, 0, 0, 0))
    canvas.paste(image, ((width - image.width) // 2, (height - image.height) // 2))
    return canvas


def icon(theme: Theme, size: int) -> Image.Image:
    """The square icon, `size` px on a side."""
    inner = size - 2 * ICON_MARGIN
    unit = -(-inner * SUPERSAMPLE // ICON_UNITS)  # ceil: draw at least 4x
    big = Image.new("RGBA", (ICON_UNITS * unit, ICON_UNITS * unit), (0, 0, 0, 0))
    draw_icon(ImageDraw.Draw(big), theme, 0, 0, unit)
    return pad(fit(trim(big), inner, inner), size, size)


def logo(theme: Theme) -> Image.Image:
    """The landscape logo: the icon, then "Status" over "Dashboard"."""
    inner = LOGO_HEIGHT - 2 * LOGO_MARGIN
    unit = -(-inner * SUPERSAMPLE // ICON_UNITS)
    icon_px = ICON_UNITS * unit
    font = ImageFont.load_default(size=104 * unit)
    gap = 40 * unit
    text_x = icon_px + gap
    lines = ("Status", "Dashboard")
    widths = [round(font.getlength(line)) for line in lines]
    big = Image.new("RGBA", (text_x + max(widths) + gap, icon_px), (0, 0, 0, 0))
    draw = ImageDraw.Draw(big)
    draw_icon(draw, theme, 0, 0, unit)
    # Baselines sit so the two lines span the board's height: "Status" level with
    # the top row, "Dashboard" resting on the bottom of the red dot.
    for line, baseline in zip(lines, (98, 232), strict=True):
        draw.text(
            (text_x, baseline * unit),
            line,
            font=font,
            fill=theme.ink,
            anchor="ls",
            stroke_width=2 * unit,  # a little weight: Pillow bundles Aileron Regular
            stroke_fill=theme.ink,
        )
    trimmed = trim(big)
    scaled = fit(trimmed, 10 * LOGO_HEIGHT, inner)
    return pad(scaled, scaled.width + 2 * LOGO_MARGIN, LOGO_HEIGHT)


def images() -> dict[str, Image.Image]:
    """Every brand image by file name."""
    drawn: dict[str, Image.Image] = {}
    for theme in (LIGHT, DARK):
        drawn[f"{theme.prefix}icon.png"] = icon(theme, 256)
        drawn[f"{theme.prefix}icon@2x.png"] = icon(theme, 512)
        drawn[f"{theme.prefix}logo.png"] = logo(theme)
    return drawn


def main(argv: list[str]) -> int:
    """Write the brand images to OUTPUT_DIR (default: the integration's brand/)."""
    output = Path(argv[0]) if argv else DEFAULT_OUTPUT
    output.mkdir(parents=True, exist_ok=True)
    for name, image in images().items():
        path = output / name
        image.save(path, format="PNG", optimize=True)
        print(f"{path}: {image.width}x{image.height}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
