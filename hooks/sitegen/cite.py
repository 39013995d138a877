"""Cite this page: the same citation in APA 7, Chicago and MLA text, and as BibTeX, RIS and CSL-JSON.

Every citation names the site's version (release tag or commit) and the date of the build, so a
reader can find the exact text they cited. Nothing here depends on the site generator.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from dataclasses import dataclass
from urllib.parse import quote

from .htmltext import tag_han

# The downloads: (label, file extension, media type). Each is a data: link in the page itself, so
# it needs no script, no request and no file per page (three per page would triple the site's files).
FORMATS = {
    "bib": ("BibTeX", "bib", "application/x-bibtex"),
    "ris": ("RIS", "ris", "application/x-research-info-systems"),
    "json": ("CSL-JSON", "json", "application/vnd.citationstyles.csl+json"),
}
_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


@dataclass(frozen=True)
class Citation:
    title: str  # plain text
    url: str  # the page's full address
    version: str  # release tag or commit
    built: dt.date  # the build date
    site: str  # the site's name (mkdocs.yml's site_name), its publisher

    @property
    def author(self) -> str:
        """The site's contributors, who are cited as its author."""
        return f"{self.site} contributors"

    @property
    def key(self) -> str:
        """The citation key: 'ssess-<last segment of the address>-<year>'."""
        slug = re.sub(r"[^a-z0-9]+", "-", self.url.lower().rstrip("/").rsplit("/", 1)[-1] or "home").strip("-")
        return f"ssess-{slug or 'home'}-{self.built.year}"

    def apa(self) -> str:
        """APA 7, as HTML."""
        d = self.built
        return (
            f"{self.author}. ({d.year}, {_MONTHS[d.month - 1]} {d.day}). <em>{_e(self.title)}</em> "
            f"(Version {_e(self.version)}). {self.site}. {_link(self.url)}"
        )

    def chicago(self) -> str:
        """Chicago, as HTML."""
        d = self.built
        return (
            f"{self.author}. “{_e(self.title)}.” {self.site}. Version {_e(self.version)}, "
            f"{_MONTHS[d.month - 1]} {d.day}, {d.year}. {_link(self.url)}."
        )

    def mla(self) -> str:
        """MLA 9, as HTML."""
        d = self.built
        month = _MONTHS[d.month - 1]
        month = month if len(month) <= 4 else "Sept." if month == "September" else month[:3] + "."
        return (
            f"“{_e(self.title)}.” <em>{self.site}</em>, version {_e(self.version)}, "
            f"{d.day} {month} {d.year}, {_link(self.url)}."
        )

    def bibtex(self) -> str:
        """A BibTeX @misc entry."""
        esc = lambda s: re.sub(r"([&%$#_{}])", r"\\\1", s)  # noqa: E731
        return (
            f"@misc{{{self.key},\n  author = {{{{{self.author}}}}},\n  title = {{{esc(self.title)}}},\n"
            f"  howpublished = {{{self.site}}},\n  year = {{{self.built.year}}},\n  month = {_MONTHS[self.built.month - 1][:3].lower()},\n"
            f"  version = {{{esc(self.version)}}},\n  url = {{{self.url}}},\n"
            f"  note = {{Version {esc(self.version)}, built {self.built.isoformat()}}}\n}}\n"
        )

    def ris(self) -> str:
        """An RIS record (ELEC), with CRLF line ends."""
        lines = [
            ("TY", "ELEC"),
            ("AU", self.author),
            ("TI", self.title),
            ("T2", self.site),
            ("PY", str(self.built.year)),
            ("DA", self.built.strftime("%Y/%m/%d")),
            ("ET", self.version),
            ("UR", self.url),
            ("ER", ""),
        ]
        return "".join(f"{tag}  - {value}\r\n" for tag, value in lines)

    def csl_json(self) -> str:
        """CSL-JSON: a list of one webpage item."""
        d = self.built
        item = {
            "id": self.key,
            "type": "webpage",
            "title": self.title,
            "author": [{"literal": self.author}],
            "container-title": self.site,
            "version": self.version,
            "URL": self.url,
            "issued": {"date-parts": [[d.year, d.month, d.day]]},
        }
        return json.dumps([item], ensure_ascii=False, indent=1) + "\n"

    def downloads(self) -> dict[str, str]:
        """{format key: file text} for FORMATS."""
        return {"bib": self.bibtex(), "ris": self.ris(), "json": self.csl_json()}


def _e(text: str) -> str:
    return tag_han(html.escape(text, quote=False))  # hanzi in a title keep their language


def _link(url: str) -> str:
    return f'<a href="{html.escape(url)}">{html.escape(url)}</a>'


def meta_tags(c: Citation, language: str = "en") -> str:
    """Highwire Press `citation_*` tags for the page's <head>: Zotero and Google Scholar read them."""
    tags = [
        ("citation_title", c.title),
        ("citation_author", c.author),
        ("citation_publisher", c.site),
        ("citation_publication_date", c.built.strftime("%Y/%m/%d")),
        ("citation_public_url", c.url),
        ("citation_fulltext_html_url", c.url),
        ("citation_language", language),
    ]
    return "".join(f'<meta name="{name}" content="{html.escape(value, quote=True)}">' for name, value in tags)


def data_link(text: str, media_type: str) -> str:
    """A data: address holding `text` (percent-encoded UTF-8), safe inside an HTML attribute."""
    return f"data:{media_type};charset=utf-8,{quote(text, safe='')}"


def cite_block(c: Citation) -> str:
    """The 'Cite this page' section added to the end of every page (no script needed to read it)."""
    rows = "".join(
        f'<div class="cite-style"><p class="cite-label">{name}</p><p class="cite-text" id="cite-{key}">{text}</p>'
        f'<button type="button" class="cite-copy" data-copy="cite-{key}" hidden>Copy {name}</button></div>'
        for key, name, text in (
            ("apa", "APA 7", c.apa()),
            ("chicago", "Chicago", c.chicago()),
            ("mla", "MLA 9", c.mla()),
        )
    )
    downloads = " · ".join(
        f'<a href="{data_link(text, FORMATS[k][2])}" download="{c.key}.{FORMATS[k][1]}">{FORMATS[k][0]}</a>'
        for k, text in c.downloads().items()
    )
    return (
        f'<section class="cite-this" aria-labelledby="cite-this">'
        f'<h2 id="cite-this">Cite this page</h2>{rows}'
        f'<p class="cite-downloads">Download the citation: {downloads}</p>'
        f'<p class="cite-version">Version {_e(c.version)}, built {c.built.isoformat()}.</p>'
        f'<p class="cite-status" aria-live="polite"></p></section>'
    )
