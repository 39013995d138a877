"""Shared fixtures: the project root, and a copy of a dataset in a temp folder."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
TEMPLATES = ROOT / "overrides" / "generated"


def shown(pages: dict[str, str], path: str, dataset) -> str:
    """The HTML content a generated page shows: a record page's body is HTML already, and the hook
    hands it over as it is (sitegen.build.Prerendered); any other page goes through Python-Markdown
    with mkdocs.yml's extensions."""
    import markdown
    from mkdocs.utils.meta import get_data
    from sitegen.build import Prerendered
    from sitegen.render import record_paths
    if path in record_paths(dataset):
        return Prerendered.of(pages[path]).html
    return markdown.markdown(get_data(pages[path])[0], extensions=EXTENSIONS, extension_configs=EXTENSION_CONFIGS)


def _extensions():
    import yaml

    class Loader(yaml.SafeLoader):
        pass
    Loader.add_multi_constructor("!", lambda loader, suffix, node: None)
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=Loader)
    names, configs = [], {}
    for item in config["markdown_extensions"]:
        name, options = next(iter(item.items())) if isinstance(item, dict) else (item, None)
        names.append(name)
        if options:
            configs[name] = options
    return names, configs


EXTENSIONS, EXTENSION_CONFIGS = _extensions()   # the Markdown extensions mkdocs.yml enables


@pytest.fixture
def valid_copy(tmp_path: Path) -> Path:
    """tmp_path/data holding the small valid fixture dataset; returns tmp_path."""
    shutil.copytree(FIXTURES / "valid", tmp_path / "data")
    return tmp_path


PROJECT_PARTS = ["mkdocs.yml", "mkdocs.offline.yml", "docs", "overrides", "hooks", "data"]


def copy_project(dest: Path, data: Path | None = None) -> Path:
    """A copy of the project in dest. With other `data`, the hand-written pages (which link to the
    real records) are replaced by a one-line home page and the nav is left to MkDocs."""
    dest.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        src = data if (part == "data" and data is not None) else ROOT / part
        if part == "docs" and data is not None:
            shutil.copytree(src, dest / "docs", ignore=shutil.ignore_patterns("*.md"))   # assets only
            (dest / "docs" / "index.md").write_text("# Test { #home }\n")
        else:
            (shutil.copytree if src.is_dir() else shutil.copy)(src, dest / part)
    if (ROOT / "node_modules").is_dir():
        (dest / "node_modules").symlink_to(ROOT / "node_modules")   # the map's Natural Earth shapes
    if data is not None:
        config = dest / "mkdocs.yml"
        config.write_text(config.read_text().split("\nnav:")[0] + "\n")
    return dest


def build(project: Path, site: Path, config: str = "mkdocs.yml", **env_extra: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(project / "hooks"), "NO_MKDOCS_2_WARNING": "1", **env_extra}
    if "SITE_URL" not in env_extra:
        env.pop("SITE_URL", None)
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(project / config),
                           "-d", str(site)], capture_output=True, text=True, env=env)


@pytest.fixture(scope="session")
def real_site(tmp_path_factory):
    """One strict build of the real project, shared by every test that reads the built site."""
    from sitecheck import read_site
    from sitegen import load_dataset
    project = copy_project(tmp_path_factory.mktemp("project"))
    docs_before = sorted((p.relative_to(project).as_posix(), p.stat().st_mtime_ns) for p in (project / "docs").rglob("*"))
    site = project / "site"
    result = build(project, site)
    assert result.returncode == 0, result.stderr
    docs_after = sorted((p.relative_to(project).as_posix(), p.stat().st_mtime_ns) for p in (project / "docs").rglob("*"))
    return {"project": project, "site": site, "pages": read_site(site), "log": result.stderr,
            "dataset": load_dataset(project / "data"), "docs_unchanged": docs_before == docs_after}


@pytest.fixture(scope="module")
def browser():
    """Debian's chromium driven by Playwright (skipped without it, failed in CI: see gates.browser)."""
    playwright = pytest.importorskip("playwright.sync_api")
    from gates.browser import ARGS, CSPBypass, need_chromium
    with playwright.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=need_chromium(), args=ARGS)
        yield CSPBypass(chromium)   # see gates/browser.py
        chromium.close()


@pytest.fixture(scope="module")
def site():
    """The real site, built once per test process and served on 127.0.0.1."""
    from gates.site import served_root
    return served_root()
