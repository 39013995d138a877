"""Redirects: when a published address must change, the old one keeps working.

`data/redirects.yml` lists them:

    - from: sanctions/old-id/
      to: sanctions/new-id/          # may end with #anchor
      reason: merged into the record of the same listing

Each `from` becomes a small HTML page that sends the reader on (keeping any #anchor of the link
they followed) and, without JavaScript, shows a link. Validated like the collections: errors
name file, line, entry and field.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

from pydantic import Field

from .datafile import Context, DataFile
from .dataset import Entries
from .errors import DataError, DataErrors
from .model import Strict, Text
from .outputs import secure_page
from .urls import relative

_PATH = re.compile(r"^(?:[a-z0-9][a-z0-9._-]*/)+(?:#[A-Za-z0-9_:.-]+)?$")


class Redirect(Strict):
    from_: str = Field(alias="from", description="the old address, e.g. 'sanctions/old-id/'")
    to: str = Field(description="the new address, optionally with '#anchor'")
    reason: Text = Field(description="why the address changed")


def _addresses(entries: Entries, context: Context) -> list[Redirect]:
    """`from` and `to` are site addresses ('sanctions/x/'); only `to` may have an anchor."""
    for redirect, index in entries.items:
        for name, value in (("from", redirect.from_), ("to", redirect.to)):
            if not _PATH.match(value) or (name == "from" and "#" in value):
                entries.error(
                    index,
                    redirect.from_,
                    (name,),
                    f"'{value}' is not a site address: write it like 'sanctions/some-id/'"
                    + (" (an anchor may follow in 'to')" if name == "to" else ""),
                )
    return [redirect for redirect, _ in entries.items]


REDIRECTS = DataFile(
    "redirects", Redirect, "from", "redirects", "Redirects", "Old addresses that forward to new ones.", _addresses
)
LABEL = f"data/{REDIRECTS.file}"  # where errors about a redirect point


def load_redirects(data_dir: Path, label_root: Path) -> list[Redirect]:
    """The redirects in data_dir (a missing file has none); DataErrors with every problem."""
    return REDIRECTS.load(Context(Path(data_dir), Path(label_root)))


def check_redirects(redirects: list[Redirect], pages: set[str], label: str = LABEL) -> None:
    """`from` must no longer be a page; `to` must be one. `pages` are site paths like 'x/y/'."""
    errors = []
    for r in redirects:
        if r.from_ in pages:
            errors.append(
                DataError(label, None, r.from_, "from", "this address is still a page; a redirect would hide it")
            )
        if r.to.split("#")[0] not in pages:
            errors.append(DataError(label, None, r.from_, "to", f"'{r.to}' is not a page of the site"))
    if errors:
        raise DataErrors(errors)


def redirect_anchor_errors(redirects: list[Redirect], site_dir: Path, label: str = LABEL) -> list[DataError]:
    """A `to` with an #anchor must name an id on its page, read from the built site (in either URL
    style: 'x/y/index.html' or 'x/y.html'). Pages are only known with their ids once built."""
    errors = []
    for r in redirects:
        page, _, anchor = r.to.partition("#")
        built = [
            f
            for f in (Path(site_dir) / page / "index.html", Path(site_dir) / (page.rstrip("/") + ".html"))
            if f.is_file()
        ]
        if anchor and built and not re.search(rf'\sid="{re.escape(anchor)}"', built[0].read_text(encoding="utf-8")):
            errors.append(
                DataError(
                    label,
                    None,
                    r.from_,
                    "to",
                    f"there is no id '{anchor}' on the page '{page}'; "
                    "a reader would land at its top (fix the anchor, or drop it)",
                )
            )
    return errors


def redirect_page(redirect: Redirect, addresses: dict[str, str] | None = None) -> str:
    """The HTML page served at `from`: forwards to `to` (relative, so it works under any sub-path).
    `addresses` maps a page's directory address to the one it is built at, when that differs
    ('sanctions/x/' -> 'sanctions/x.html' without directory URLs)."""
    to = redirect.to.split("#")[0]
    target = relative((addresses or {}).get(to, to), f"{redirect.from_}index.html")
    anchor = redirect.to.partition("#")[2]
    href = html.escape(target + (f"#{anchor}" if anchor else ""), quote=True)
    script = json.dumps(target)[1:-1].replace("</", "<\\/")
    fallback = json.dumps(f"#{anchor}" if anchor else "")
    return (
        '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<title>Moved</title>\n<meta name="robots" content="noindex">\n'
        f'<link rel="canonical" href="{href}">\n'
        f'<meta http-equiv="refresh" content="0; url={href}">\n'
        f'<script>location.replace("{script}" + (location.hash || {fallback}));</script>\n'
        "</head>\n<body>\n"
        f'<p>This page has moved: <a href="{href}">continue to its new address</a>.</p>\n'
        "</body>\n</html>\n"
    )


def redirect_files(redirects: list[Redirect], addresses: dict[str, str] | None = None) -> dict[str, str]:
    """{'<from>index.html': page} for every redirect, each page with its security policy."""
    return {f"{r.from_}index.html": secure_page(redirect_page(r, addresses)) for r in redirects}
