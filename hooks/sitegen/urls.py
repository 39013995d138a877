"""Page addresses in either of the two styles a static-site generator builds.

With directory URLs (MkDocs' default, the published site) `policies/x.md` is served at
`policies/x/`; without them (the offline edition, opened from file://, where a folder does not
open its index.html) it is `policies/x.html`. Every link the engine writes into raw HTML goes
through these helpers, so it is right in both builds. Addresses are relative to the site root;
the home page is '' or 'index.html'.
"""

from __future__ import annotations

import posixpath


def address(path: str, directory_urls: bool = True) -> str:
    """The address of the page at `path` under docs/ ('policies/x.md' -> 'policies/x/' or
    'policies/x.html'; 'policies/index.md' -> 'policies/' or 'policies/index.html')."""
    stem = path[:-3] if path.endswith(".md") else path
    folder, _, name = stem.rpartition("/")
    folder = folder + "/" if folder else ""
    if name in ("index", "README"):
        return folder if directory_urls else folder + "index.html"
    return f"{folder}{name}/" if directory_urls else f"{folder}{name}.html"


def directory_urls_of(url: str) -> bool:
    """Whether a page address is in the directory style ('' and 'x/y/' are; 'x/y.html' is not)."""
    return not url.split("#")[0].endswith(".html")


def as_directory(url: str) -> str:
    """A page address in the directory style: 'policies/x.html' -> 'policies/x/',
    'policies/index.html' -> 'policies/', 'index.html' -> ''. Citations and redirects name pages
    this way, as the published site does."""
    path, hash_, anchor = url.partition("#")
    if path.endswith(".html"):
        folder, _, name = path[:-5].rpartition("/")
        folder = folder + "/" if folder else ""
        path = folder if name == "index" else f"{folder}{name}/"
    return path + hash_ + anchor


def relative(target: str, here: str) -> str:
    """A link to the address `target` (a page or any file) from the page at the address `here`."""
    path, hash_, anchor = target.partition("#")
    folder = here.rpartition("/")[0]
    rel = posixpath.relpath(path or ".", folder or ".")
    if path == "" or path.endswith("/"):
        rel += "/"
    return rel + hash_ + anchor


def resolve(target: str, here: str) -> str:
    """The address a relative link `target` (no #anchor) on the page at the address `here` leads
    to, as a browser resolves it: the inverse of relative() ('' is `here`)."""
    if not target:
        return here
    url = posixpath.normpath(posixpath.join(posixpath.dirname(here), target))
    url = "" if url == "." else url
    return url + "/" if target.endswith("/") and url else url


def to_root(here: str) -> str:
    """The relative path from the page at the address `here` to the site root ('../', or '')."""
    folder = here.rpartition("/")[0]
    return "../" * (folder.count("/") + 1) if folder else ""
