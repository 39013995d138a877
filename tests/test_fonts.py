"""Chinese renders everywhere (issue #16): the subset web font holds every CJK character the site
uses, and a browser with no CJK font at all draws the hanzi with it, having asked only the site."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from conftest import ROOT
from sitegen.fonts import CSS, OUT, characters, unicode_range


def _covered() -> set[int]:
    from fontTools.ttLib import TTFont

    points: set[int] = set()
    for path in (ROOT / OUT).glob("site-cjk-*.woff2"):
        points |= set(TTFont(str(path)).getBestCmap())
    return points


def test_the_subset_holds_every_cjk_character_the_site_uses():
    covered = _covered()
    missing = [c for c in characters(ROOT) if ord(c) not in covered]
    assert not missing, f"the CJK web font lacks {''.join(missing[:40])}: run `make fonts`"


def test_the_font_face_rules_name_local_fonts_first_and_ranges_that_match_the_files():
    css = (ROOT / CSS).read_text(encoding="utf-8")
    assert css.count("@font-face") == len(list((ROOT / OUT).glob("site-cjk-*.woff2")))
    for rule in css.split("@font-face")[1:]:
        src = rule.split("src:")[1]
        assert src.index('local("Noto Sans CJK SC")') < src.index("url("), "local fonts come first"
    assert unicode_range("一丁七") == "U+4E00-4E01, U+4E03"


@pytest.mark.browser
@pytest.mark.slow
def test_without_any_cjk_font_hanzi_are_drawn_with_the_subset(playwright, site):
    from gates.browser import ARGS, need_chromium

    latin = next(
        (d for d in ("/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/truetype/liberation") if Path(d).is_dir()),
        None,
    )
    if latin is None:
        pytest.skip("no Latin-only font folder to give the browser")
    with tempfile.TemporaryDirectory() as tmp:
        config = Path(tmp) / "fonts.conf"
        config.write_text(
            f'<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
            f"<dir>{latin}</dir><cachedir>{tmp}/cache</cachedir></fontconfig>"
        )
        # a browser of its own: the shared one (conftest.py) sees every font the machine has
        browser = playwright.chromium.launch(
            executable_path=need_chromium(), args=ARGS, env={**os.environ, "FONTCONFIG_FILE": str(config)}
        )
        page = browser.new_page()
        asked: list[str] = []
        page.on("request", lambda r: asked.append(r.url))
        page.goto(site.url + "explainers/social-credit/")
        page.wait_for_load_state("networkidle")
        cdp = page.context.new_cdp_session(page)
        cdp.send("DOM.enable")
        cdp.send("CSS.enable")
        root = cdp.send("DOM.getDocument")["root"]["nodeId"]
        node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": "a.term"})["nodeId"]
        fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
        browser.close()
    assert any(f["isCustomFont"] and f["glyphCount"] > 0 for f in fonts), f"hanzi drawn with {fonts}"
    assert any("/assets/fonts/site-cjk-" in url for url in asked), "the subset font was fetched"
    assert all(url.startswith(site.origin) or url.startswith("data:") for url in asked), "only the site is asked"
