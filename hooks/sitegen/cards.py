"""Sharing cards: the preview image and Open Graph / Twitter tags a link pasted into a course page,
Teams or Slack shows. One image per explainer and one for the rest of the site, drawn at build
time with Pillow (no network), 1200 x 630 px as Open Graph recommends."""

from __future__ import annotations

import html
import io
import re
import textwrap
from pathlib import Path

from .typography import smart

WIDTH, HEIGHT = 1200, 630
INK, OCHRE, WHITE, MUTED = (31, 59, 87), (255, 196, 138), (255, 255, 255), (200, 214, 228)
_FONTS = Path("/usr/share/fonts/truetype/dejavu")  # Debian: fonts-dejavu-core (Chromium depends on it)
_DESCRIPTION = re.compile(r'<meta name="description" content="([^"]*)"')


def _font(size: int, bold: bool = False):
    from PIL import ImageFont

    path = _FONTS / ("DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf")
    return ImageFont.truetype(str(path), size) if path.is_file() else ImageFont.load_default(size)


def card(title: str, kicker: str, site: str) -> bytes:
    """A PNG: the site's mark and name, a kicker ('Explainer · 6 min read') and the title."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (WIDTH, HEIGHT), INK)
    draw = ImageDraw.Draw(image)
    # the mark: study -> steer -> export -> sanction, as in docs/assets/logo.svg
    points = [(80, 150), (125, 90), (170, 112), (215, 45)]
    draw.line(points, fill=OCHRE, width=8, joint="curve")
    for x, y in points[:3]:
        draw.ellipse((x - 13, y - 13, x + 13, y + 13), fill=WHITE)
    x, y = points[3]
    draw.polygon([(x, y - 18), (x + 18, y), (x, y + 18), (x - 18, y)], fill=OCHRE)
    draw.text((260, 78), site, font=_font(40, bold=True), fill=WHITE)
    draw.text((80, 225), kicker, font=_font(34), fill=OCHRE)
    lines = textwrap.wrap(title, width=30)[:4]
    size = 64 if len(lines) <= 3 else 54
    for i, line in enumerate(lines):
        draw.text((80, 285 + i * int(size * 1.22)), line, font=_font(size, bold=True), fill=WHITE)
    draw.rectangle((0, HEIGHT - 16, WIDTH, HEIGHT), fill=OCHRE)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def card_path(page_url: str) -> str:
    """Where a page's card is: 'assets/cards/<explainer>.png' for an explainer, else the site's."""
    match = re.match(r"explainers/([a-z0-9-]+)(?:/|\.html)$", page_url)
    return f"assets/cards/{match.group(1)}.png" if match else "assets/cards/site.png"


def sharing_tags(output: str, title: str, url: str, image_url: str, site: str, article: bool) -> str:
    """Open Graph and Twitter card tags for a page whose HTML is `output` (its description is reused)."""
    found = _DESCRIPTION.search(output)
    description = smart(html.unescape(found.group(1))) if found else ""
    tags = [
        ("property", "og:type", "article" if article else "website"),
        ("property", "og:site_name", site),
        ("property", "og:title", title),
        ("property", "og:description", description),
        ("property", "og:url", url),
        ("property", "og:locale", "en_GB"),
        ("property", "og:image", image_url),
        ("property", "og:image:width", str(WIDTH)),
        ("property", "og:image:height", str(HEIGHT)),
        ("property", "og:image:alt", f"{site}: {title}"),
        ("name", "twitter:card", "summary_large_image"),
        ("name", "twitter:title", title),
        ("name", "twitter:description", description),
        ("name", "twitter:image", image_url),
    ]
    return "".join(
        f'<meta {kind}="{name}" content="{html.escape(value, quote=True)}">' for kind, name, value in tags if value
    )
