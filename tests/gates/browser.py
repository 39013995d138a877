"""Debian's chromium driven by Playwright: found, or the test is skipped (failed in CI)."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-dev-shm-usage"]
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
