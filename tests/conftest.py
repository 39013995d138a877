"""Shared fixtures: the project root, and a copy of a dataset in a temp folder."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
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


EXTENSIONS, EXTENSION_CONFIGS = _extensions()  # the Markdown extensions mkdocs.yml enables


def pytest_addoption(parser):
    parser.addoption(
        "--full",
        action="store_true",
        help="the full run (make test-full): the browser gates load every page, not a sample, "
        "and property tests use Hypothesis' long profile",
    )


def pytest_configure(config):
    import signal
    import threading

    from hypothesis import HealthCheck, settings

    # A run started in the background by a shell without job control (`make test &` in a script)
    # ignores Ctrl-C (SIGINT), and so would every build and server a test starts: the tests that
    # press Ctrl-C need it to work as in a terminal. A handler, unlike "ignore", is not inherited.
    if signal.getsignal(signal.SIGINT) is signal.SIG_IGN and threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGINT, signal.default_int_handler)

    relaxed = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much]
    settings.register_profile("short", max_examples=50, deadline=None, suppress_health_check=relaxed)
    settings.register_profile("long", max_examples=1000, deadline=None, suppress_health_check=relaxed)
    settings.load_profile("long" if config.getoption("--full") else "short")
    if hasattr(config, "workerinput"):  # a process of pytest-xdist (`make test` runs two or more)
        import gates.site

        gates.site.SHARED = Path(config.workerinput["gates_shared"])


# With pytest-xdist, the process that starts the others gives them one folder for the real site's
# build (gates.site.SHARED), and removes it once they have all finished.
_SHARED = pytest.StashKey[str]()


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node):
    stash = node.config.stash
    if _SHARED not in stash:
        stash[_SHARED] = tempfile.mkdtemp(prefix="gates-shared-")
    node.workerinput["gates_shared"] = stash[_SHARED]


def pytest_unconfigure(config):
    if _SHARED in config.stash:
        shutil.rmtree(config.stash[_SHARED], ignore_errors=True)


# Fixtures that mean a test drives the browser, or reads a whole built site: such tests carry the
# `browser` or `slow` marker without each module having to say so (`pytest -m "not browser"`).
_BROWSER_FIXTURES = {"browser", "site", "playwright"}
_SLOW_FIXTURES = {"real_site", "built", "offline"}


# The test files that take longest (CPU time, measured), longest first. They run first, so that when
# `make test` runs the files in two or more processes (pytest-xdist, --dist loadfile, files handed
# out in this order), the long ones start at once and the short ones fill in around them.
LONGEST_FIRST = [
    "test_gates_browser.py",  # the axe crawl: every page not made from a shared template, 2 of each, x 4
    "test_offline.py",  # builds the offline edition, searches it from file://
    "test_hardening.py",  # builds the fixture project again and again, make check, make serve
    "test_build.py",
    "test_gates_html.py",  # the Nu checker on every page
    "test_gates_hostile.py",
    "test_urls.py",
    "test_search_browser.py",
    "test_gates_links.py",  # follows every link over HTTP
]


def pytest_collection_modifyitems(config, items):
    rank = {name: n for n, name in enumerate(LONGEST_FIRST)}
    items.sort(key=lambda item: rank.get(item.path.name, len(rank)))  # stable: in-file order is kept
    for item in items:
        names = set(getattr(item, "fixturenames", ()))
        if names & _BROWSER_FIXTURES:
            item.add_marker(pytest.mark.browser)
        if names & (_SLOW_FIXTURES | _BROWSER_FIXTURES):
            item.add_marker(pytest.mark.slow)


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
            shutil.copytree(src, dest / "docs", ignore=shutil.ignore_patterns("*.md"))  # assets only
            (dest / "docs" / "index.md").write_text("# Test { #home }\n")
        else:
            (shutil.copytree if src.is_dir() else shutil.copy)(src, dest / part)
    if (ROOT / "node_modules").is_dir():
        (dest / "node_modules").symlink_to(ROOT / "node_modules")  # the map's Natural Earth shapes
    if data is not None:
        config = dest / "mkdocs.yml"
        config.write_text(config.read_text().split("\nnav:")[0] + "\n")
    return dest


def build(
    project: Path, site: Path, config: str = "mkdocs.yml", *, fresh: bool = False, **env_extra: str
) -> subprocess.CompletedProcess:
    """`python -m mkdocs build --strict` of `project` into `site`, its hooks from the project: exit
    status and output. Forked from a process that has imported MkDocs already (gates/builder.py);
    `fresh`: a new interpreter, for a test that compares builds made in different processes."""
    from gates import builder

    env = {**os.environ, "PYTHONPATH": str(project / "hooks"), "NO_MKDOCS_2_WARNING": "1", **env_extra}
    if "SITE_URL" not in env_extra:
        env.pop("SITE_URL", None)
    argv = ["build", "--strict", "-f", str(project / config), "-d", str(site)]
    if not fresh:
        return builder.mkdocs(argv, env, Path.cwd())
    return subprocess.run([sys.executable, "-m", "mkdocs", *argv], capture_output=True, text=True, env=env)


@pytest.fixture(scope="session")
def real_site():
    """The strict build of the real project that every test reading the built site shares; the
    browser gates serve the same folder (gates.site.real_build), so the site is built once."""
    from gates.site import real_build, shared
    from sitecheck import read_site
    from sitegen import load_dataset

    built = real_build()
    return {
        "project": built.project,
        "site": built.site,
        "pages": shared("pages", lambda: read_site(built.site)),
        "log": built.log,
        "dataset": load_dataset(built.project / "data"),
        "docs_unchanged": built.docs_unchanged,
    }


@pytest.fixture(scope="session")
def playwright():
    """Playwright's sync API, started once for the run (a thread can hold only one)."""
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser(playwright):
    """Debian's chromium driven by Playwright (skipped without it, failed in CI: see gates.browser);
    one for the whole run: each test opens its own pages or contexts, and closes them."""
    from gates.browser import ARGS, CSPBypass, need_chromium

    chromium = playwright.chromium.launch(executable_path=need_chromium(), args=ARGS)
    yield CSPBypass(chromium)  # see gates/browser.py
    chromium.close()


@pytest.fixture(scope="session")
def site():
    """The real site, built once per test run and served on 127.0.0.1 under /<repo>/ (gates.site)."""
    from gates.site import served_site

    return served_site()
