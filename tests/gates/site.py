"""Build the real project once per test run, as the Pages workflow builds it, and serve it on
127.0.0.1 under the sub-path GitHub Pages serves a project site at (/<repo>/), optionally
gzip-compressed like a real host."""

from __future__ import annotations

import atexit
import fcntl
import functools
import gzip
import http.server
import pickle
import shutil
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parents[2]
REPO = "china-tech-governance-explainer"  # the sub-path a GitHub project site lives under
# The address the real site is built for: a project site, as the Pages workflow builds it
# (SITE_URL=https://<owner>.github.io/<repo>/). Pages are served from 127.0.0.1 under the same
# sub-path; only a page's canonical address, the sitemap and the citations name this host.
SITE_URL = f"https://example.github.io/{REPO}/"
COMPRESSIBLE = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".map", ".csv")
# When the tests run in several processes (pytest-xdist), a folder they all see, made and removed by
# the process that starts them (conftest.py): the real site is built there once, by whichever
# process needs it first, and read by the others. None: this process builds its own.
SHARED: Path | None = None


def _tmp(name: str) -> Path:
    path = Path(tempfile.mkdtemp(prefix=f"gates-{name}-"))
    atexit.register(shutil.rmtree, path, ignore_errors=True)
    return path


@dataclass(frozen=True)
class Built:
    """A strict build of a copy of the project: where it is, MkDocs' log, and whether the build
    left docs/ untouched (pages are generated in memory, never written there)."""

    project: Path
    site: Path
    log: str
    docs_unchanged: bool


def _docs_state(project: Path) -> list[tuple[str, int]]:
    return sorted((p.relative_to(project).as_posix(), p.stat().st_mtime_ns) for p in (project / "docs").rglob("*"))


def build_copy(site_url: str | None = None, project: Path | None = None) -> Built:
    """A strict build of a copy of the project (into `project`, or a temp folder). Raises with
    MkDocs' log."""
    from conftest import build as build_project
    from conftest import copy_project

    project = copy_project(project or _tmp("project"))
    before = _docs_state(project)
    site = project / "site"
    result = build_project(project, site, **({"SITE_URL": site_url} if site_url else {}))
    if result.returncode != 0:
        raise RuntimeError(f"mkdocs build failed (SITE_URL={site_url}):\n{result.stderr}")
    return Built(project, site, result.stderr, before == _docs_state(project))


class _Handler(http.server.SimpleHTTPRequestHandler):
    server: Server
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):  # quiet
        pass

    def _resolve(self) -> tuple[int, Path | None]:
        path = unquote(urlsplit(self.path).path)
        prefix = self.server.prefix
        if not path.startswith(prefix):
            return 404, None
        rel = path[len(prefix) :]
        file = (self.server.site / rel).resolve()
        if self.server.site.resolve() not in (file, *file.parents):
            return 404, None
        if file.is_dir():
            if not path.endswith("/"):
                return 301, None
            file = file / "index.html"
        return (200, file) if file.is_file() else (404, None)

    def do_HEAD(self):
        self._serve(head=True)

    def do_GET(self):
        self._serve(head=False)

    def _serve(self, head: bool):
        self.server.requests.append(self.path)
        status, file = self._resolve()
        if status == 301:
            self.send_response(301)
            self.send_header("Location", urlsplit(self.path).path + "/")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if status == 404:  # GitHub Pages answers with the site's 404.html
            file = self.server.site / "404.html"
        body = file.read_bytes() if file and file.is_file() else b"not found"
        ctype = self.guess_type(str(file)) if file else "text/plain"
        if ctype.startswith("text/") or ctype in ("application/javascript", "application/json"):
            ctype += "; charset=utf-8"
        gzipped = (
            self.server.gzip
            and file is not None
            and file.suffix in COMPRESSIBLE
            and "gzip" in self.headers.get("Accept-Encoding", "")
        )
        if gzipped:
            body = self.server.compressed(file)
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=600")  # as GitHub Pages
        if gzipped:
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        if not head:
            self.wfile.write(body)


class Server(http.server.ThreadingHTTPServer):
    """Serves `site` under `prefix` ("/" or "/<repo>/") on 127.0.0.1; the port is chosen at creation,
    so a build can be told its address before the folder exists (`serve_at`)."""

    daemon_threads = True

    def __init__(self, prefix: str = "/", gzip_: bool = False):
        super().__init__(("127.0.0.1", 0), _Handler)
        self.prefix, self.gzip, self.site = prefix, gzip_, None
        self.requests: list[str] = []
        self._gz: dict[Path, bytes] = {}
        self._thread: threading.Thread | None = None

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    @property
    def url(self) -> str:
        return self.origin + self.prefix

    def compressed(self, file: Path) -> bytes:
        if file not in self._gz:
            self._gz[file] = gzip.compress(file.read_bytes(), compresslevel=9, mtime=0)
        return self._gz[file]

    def serve_at(self, site: Path) -> Server:
        self.site = site
        self._thread = threading.Thread(target=self.serve_forever, daemon=True)
        self._thread.start()
        atexit.register(self.stop)
        return self

    def stop(self):
        if self._thread:
            self.shutdown()
            self.server_close()
            self._thread = None


@functools.cache
def real_build() -> Built:
    """The real site built for SITE_URL: once per test run, shared by every test that reads the
    built site or serves it (and by every process of the run: SHARED). The small fixture project
    is built for `/` by the tests that build it (the address `make serve` uses)."""
    return shared("build", _build_real)


def _build_real() -> Built:
    if SHARED is None:
        return build_copy(SITE_URL)
    shutil.rmtree(SHARED / "project", ignore_errors=True)  # what a failed attempt left
    return build_copy(SITE_URL, project=SHARED / "project")


def shared(name: str, make):
    """make(), once per test run: made by the first process that asks for `name` while the others
    wait, and read by them from SHARED (pickled). A failed make() leaves nothing: the next one tries."""
    if SHARED is None:
        return make()
    SHARED.mkdir(parents=True, exist_ok=True)
    saved = SHARED / f"{name}.pickle"
    with (SHARED / f"{name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes, or its process ends
        if not saved.is_file():
            value = make()
            saved.with_suffix(".partial").write_bytes(pickle.dumps(value))
            saved.with_suffix(".partial").rename(saved)
            return value
    return pickle.loads(saved.read_bytes())


def built_site() -> Path:
    return real_build().site


@functools.cache
def served_site() -> Server:
    """The real site served only under /<repo>/, as GitHub Pages serves it (anything else: its 404 page)."""
    return Server(f"/{REPO}/").serve_at(built_site())
