"""Debian's chromium driven by Playwright: found, or the test is skipped (failed in CI)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-dev-shm-usage",
]
ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def need(what: str, present: bool, how: str) -> None:
    """Skip with a clear reason when a tool is missing on a contributor's machine; fail in CI."""
    if present:
        return
    message = f"{what} is missing: {how}"
    if os.environ.get("CI"):
        pytest.fail(message + " (CI is set: .ci/run installs it)")
    pytest.skip(message)


def need_chromium() -> str:
    need("chromium", Path(CHROMIUM).is_file(), f"install Debian's chromium ({CHROMIUM}) or run .ci/run")
    return CHROMIUM


def need_axe() -> Path:
    need("axe-core", AXE.is_file(), "run `npm ci`")
    return AXE


def need_vnu() -> tuple[str, Path]:
    java = shutil.which("java")
    need("java", bool(java), "install a JRE (default-jre-headless) or run .ci/run")
    need("vnu-jar", VNU.is_file(), "run `npm ci`")
    return java, VNU


class CSPBypass:
    """A Playwright browser whose pages ignore the site's Content-Security-Policy unless asked
    (`bypass_csp=False`): `page.wait_for_function("…")` evaluates a string in the page, which the
    policy forbids. The crawl (gates/crawl.py) and tests/test_hardening.py check the policy itself,
    enforced, on every page, in search and in the offline edition."""

    def __init__(self, browser):
        self._browser = browser

    def new_page(self, **options):
        return self._browser.new_page(**{"bypass_csp": True, **options})

    def new_context(self, **options):
        return self._browser.new_context(**{"bypass_csp": True, **options})

    def __getattr__(self, name):
        return getattr(self._browser, name)


def search_result_count(page, query: str, tries: int = 100) -> int:
    """Open the search on a loaded page, type `query`, and wait (up to 15 s) for results to show;
    returns how many result items there are."""
    page.locator(".md-search__input").click()
    page.keyboard.type(query)
    count = "document.querySelectorAll('.md-search-result__item').length"
    for _ in range(tries):
        if page.evaluate(count):
            break
        page.wait_for_timeout(150)
    return page.evaluate(count)
