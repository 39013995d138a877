"""One build of the site, in the steps any static-site generator offers a plugin.

    build = Build.prepare(root, docs_dir, nav, site_name=…)   # validate data/, render pages (raises DataErrors)
    build.nav                                        # the navigation with every collection's index in it
                                                     # (directory_urls=False: pages at 'x/y.html', urls.py)
    build.generated                                  # {path under docs: text} to add in memory
    build.prerendered(path)                          # a record page's final HTML, table of contents, ids
    build.extra_files(site_url, page_urls)           # redirects and robots.txt, once pages are known;
                                                     # checks the record pages' links (DataErrors)
    build.page_markdown(markdown)                    # figures from the data in a page's prose ({{ curriculum.… }})
    build.page_content(html, url)                    # Chinese terms linked in a page's content; references,
                                                     # reading time; quotes and dashes set typographically
    build.page_title(title)                          # hanzi in a page title tagged
    Build.tag_contents(toc), Build.attribute_meta(meta)   # the same in a table of contents; meta escaped
    build.finish_page(html, url, title, site_url)    # "Cite this page" at the end of the article; sharing tags
    build.search_meta(path, meta)                    # a page's search boost, by its kind (sitegen/search.py)
    build.after(site_dir)                            # search index: words inside hanzi, glossary pinyin;
                                                     # the search worker's hanzi queries (sitegen/search.py)

The MkDocs hook (hooks/site.py) calls these; a move to another generator only re-wires them.
"""

from __future__ import annotations

import copy
import datetime as dt
import html
import json
import os
import posixpath
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TypedDict

from .cards import card, card_path, sharing_tags
from .cite import Citation, cite_block, meta_tags
from .curriculum import curriculum, figure_errors, figures, fill_figures
from .editorial import furnish, reading_times
from .errors import DataError, DataErrors
from .htmltext import tag_han
from .manifest import published_urls
from .model import COLLECTIONS, Term, page_path
from .offline import vendored_files
from .outputs import SEARCH_INDEX, search_index_errors
from .project import load_project, vanished
from .redirects import Redirect, check_redirects, redirect_anchor_errors, redirect_files
from .references import Titles, references
from .render import page_dates, record_paths, render_site
from .search import WorkerChanged, page_boost, patch_worker, segment_glossary
from .terms import TermIndex, annotate, descriptions, enrich_search_index
from .typography import smarten
from .urls import address, as_directory, resolve
from .visuals import ATLAS

_HEADING = re.compile(r'<h([1-6]) id="([^"]+)">(.*?)<a class="headerlink"', re.S)
_ID = re.compile(r'\sid="([^"]+)"')
_HREF = re.compile(r'\shref="([^"]*)"')
_START_TAG = re.compile(r"<[a-zA-Z][^>]*>")  # in text '<' is escaped: a tag starts at '<' and a letter


def _attributes(page: str, pattern: re.Pattern) -> list[str]:
    """An attribute's values in the tags of `page`, never in its text (a title may say 'href="x"')."""
    return [value for tag in _START_TAG.findall(page) for value in pattern.findall(tag)]


class TocToken(TypedDict):
    """A heading in a table of contents, as Python-Markdown's `toc` extension gives it."""

    level: int
    id: str
    name: str
    children: list[TocToken]


@dataclass(frozen=True)
class Prerendered:
    """A page the engine wrote as HTML (a record page; render.py says why): the page's content,
    its table of contents as Python-Markdown's `toc` extension gives it (level, id, name,
    children), and the ids a link can point at."""

    html: str
    toc: list[TocToken]
    anchors: frozenset[str]

    @classmethod
    def of(cls, page: str) -> Prerendered:
        """The record page `page` (front matter, then HTML) as MkDocs would have read it."""
        body = page.partition("\n---\n")[2].strip()  # after the front matter
        toc: list[TocToken] = []
        open_: list[TocToken] = []  # the headings that a deeper one nests under
        for level, anchor, inner in _HEADING.findall(body):
            token: TocToken = {"level": int(level), "id": anchor, "name": re.sub(r"<[^>]+>", "", inner), "children": []}
            while open_ and open_[-1]["level"] >= token["level"]:
                open_.pop()
            (open_[-1]["children"] if open_ else toc).append(token)
            open_.append(token)
        return cls(body, toc, frozenset(_attributes(body, _ID)))


@dataclass
class Build:
    generated: dict[str, str]  # path under docs/ -> Markdown page or download
    dates: dict[str, str]  # page path -> date the record was last reviewed
    redirects: list[Redirect]
    glossary: list[Term]
    terms: TermIndex
    html_pages: dict[str, Prerendered] = field(default_factory=dict)  # path under docs/ -> record page
    directory_urls: bool = True
    vendored: dict[str, str] = field(default_factory=dict)  # scripts shipped from node_modules
    # every citation names the build's date (SOURCE_DATE_EPOCH: reproducible) and version
    built: dt.date = field(default_factory=lambda: _build_date(os.environ.get("SOURCE_DATE_EPOCH")))
    version: str = field(default_factory=lambda: os.environ.get("SITE_VERSION") or "unversioned")
    titles: Titles = field(default_factory=Titles)  # what a reference leads to (references.py)
    minutes: dict[str, int] = field(default_factory=dict)  # reading time of each explainer (editorial.py)
    root: Path | None = None  # the checkout: its data/published-urls.txt is checked against the build
    figures: dict[str, str] = field(default_factory=dict)  # {{ curriculum.… }} in hand-written pages (curriculum.py)
    site_name: str = ""  # the generator's configuration names the site (mkdocs.yml's site_name)
    nav: list = field(default_factory=list)  # the navigation with every collection's index (complete_nav)

    @classmethod
    def prepare(
        cls,
        root: Path,
        docs_dir: Path,
        nav: list | None,
        directory_urls: bool = True,
        scripts: Sequence[object] = (),
        polyfills: Sequence[object] = (),
        *,
        site_name: str,
    ) -> Build:
        """`scripts` and `polyfills` are the configuration's script addresses: none may come from
        another host (e.g. the unpkg.com shim Material's offline plugin adds when extra.polyfills
        names no local copy; see mkdocs.offline.yml), and polyfills from npm are shipped.
        `site_name` is the site's name as the configuration gives it (citations, sharing cards,
        the Data Package)."""
        remote = [str(s) for s in [*polyfills, *scripts] if "://" in str(s)]
        if remote:
            raise DataErrors(
                [
                    DataError(
                        "mkdocs.yml",
                        None,
                        None,
                        None,
                        f"scripts from another host: {', '.join(remote)}; ship a copy with the site instead",
                    )
                ]
            )
        vendored = vendored_files(root, list(polyfills))
        explainers = [p for p in nav_paths(nav or []) if p.startswith("explainers/")]
        atlas_path = root / ATLAS
        if not atlas_path.is_file():
            raise DataErrors(
                [
                    DataError(
                        ATLAS,
                        None,
                        None,
                        None,
                        "is missing: the map's country shapes come from the npm package world-atlas; run `npm ci` (make does)",
                    )
                ]
            )
        atlas = json.loads(atlas_path.read_text(encoding="utf-8"))
        project = load_project(root, docs_dir, explainers)  # every data file, every error at once
        dataset = project.dataset
        figs = figures(curriculum(dataset))
        unknown = figure_errors(docs_dir, figs)
        if unknown:
            raise DataErrors(unknown)
        pages = render_site(
            dataset,
            root / "overrides" / "generated",
            docs_dir,
            explainers,
            atlas,
            project.files,
            directory_urls,
            os.environ.get("REPOSITORY_URL"),
            site_name=site_name,
        )
        glossary = list(dataset.records(Term).values())
        segment_glossary(glossary)  # before the search plugin indexes any page
        return cls(
            pages,
            page_dates(dataset),
            project.redirects,
            glossary,
            TermIndex(glossary),
            {path: Prerendered.of(pages[path]) for path in record_paths(dataset)},
            directory_urls,
            vendored,
            titles=Titles.of(dataset, docs_dir, pages),
            minutes=reading_times(docs_dir),
            root=root,
            figures=figs,
            site_name=site_name,
            nav=complete_nav(nav or []),
        )

    def prerendered(self, path: str) -> Prerendered | None:
        """The final HTML of the page at `path` under docs/, if the engine wrote it (record pages)."""
        return self.html_pages.get(path)

    def page_markdown(self, markdown: str) -> str:
        """A page's Markdown with the figures it quotes from the data filled in ({{ curriculum.found }}:
        sitegen/curriculum.py), so numbers in prose stay true when the data changes."""
        return fill_figures(markdown, self.figures)

    @staticmethod
    def bundle(docs_dir: Path, stylesheets: list[str]) -> str:
        """The site's own stylesheets as one file: one render-blocking request instead of several."""
        return "\n".join(
            f"/* {name} */\n" + (Path(docs_dir) / name).read_text(encoding="utf-8") for name in stylesheets
        )

    @staticmethod
    def outside_nav(path: str) -> bool:
        """Generated pages that stay out of the navigation: the record pages (collection/id.md) and
        the teacher packs (packs/explainer.md); their folder's index is in it."""
        return path.endswith(".md") and path.count("/") == 1 and not path.endswith("/index.md")

    def extra_files(self, site_url: str, page_urls: set[str]) -> dict[str, str | bytes]:
        """Checks the links of record pages, the redirects and that every published page is still
        built (all errors at once, DataErrors), before anything is written; then the files to add."""
        addresses = {as_directory(url.removeprefix("./")): url for url in page_urls}  # redirects name pages as 'x/y/'
        errors = []
        for check in (
            lambda: check_links(self.html_pages, page_urls, self.directory_urls),
            lambda: check_redirects(self.redirects, set(addresses)),
        ):
            try:
                check()
            except DataErrors as exc:
                errors += exc.errors
        if self.root is not None:  # pages alone: their anchors are known once built (after())
            errors += vanished(self.root, {f"/{a}" for a in addresses}, self.redirects, pages_only=True)
        if errors:
            raise DataErrors(errors)
        files = redirect_files(self.redirects, addresses)
        files["robots.txt"] = f"User-agent: *\nAllow: /\n\nSitemap: {site_url or '/'}sitemap.xml\n"
        return files | self.vendored | self.cards()

    def cards(self) -> dict[str, bytes]:
        """The sharing cards' images (cards.py): one per explainer, and one for every other page
        with the home page's title."""
        home = (self.titles.get("") or ("Page", self.site_name))[1]
        images = {"assets/cards/site.png": card(home, "China's technology governance, sourced", self.site_name)}
        for url, minutes in self.minutes.items():
            kind, title = self.titles.get(url) or ("Explainer", url)
            images[card_path(url)] = card(title, f"Explainer · {minutes} min read", self.site_name)
        return images

    def page_content(self, content: str, url: str) -> str:
        """A page's HTML content finished: glossary terms linked; on a hand-written page, references
        numbered and reading times shown; quotes and dashes set typographically."""
        annotated = annotate(content, self.terms, url)
        if as_directory(url) not in self._generated_urls:  # a hand-written page: references, reading time
            annotated = furnish(references(annotated, url, self.titles), url, self.minutes)
        return smarten(annotated) + descriptions(annotated, self.terms)

    @cached_property
    def _generated_urls(self) -> set[str]:
        return {address(p) for p in self.generated}

    @staticmethod
    def page_title(title: str) -> str:
        """A page's title with its hanzi tagged lang="zh-Hans"."""
        return tag_han(title)

    @staticmethod
    def tag_contents(links) -> None:
        """Hanzi tagged in a table of contents: items with `.title` (HTML) and `.children`, in place."""
        for link in links:
            link.title = tag_han(link.title)
            Build.tag_contents(link.children)

    @staticmethod
    def attribute_meta(meta: dict) -> dict:
        """The front-matter values a theme prints into HTML attributes (description, author), escaped."""
        return {
            key: html.escape(meta[key], quote=True)
            for key in ("description", "author")
            if isinstance(meta.get(key), str)
        }

    def finish_page(self, output: str, url: str, title: str, site_url: str) -> str:
        """A rendered page with "Cite this page" at the end of its article, and its citation and
        sharing tags in <head> (other outputs, such as the sitemap, pass through)."""
        if not (url == "" or url.endswith(("/", ".html"))) or "</article>" not in output:
            return output
        folder = as_directory(url)  # cited by its published address ('x/y/' even in the offline edition)
        plain = html.unescape(re.sub(r"<[^>]+>", "", title)) if folder else self.site_name  # the home page is the site
        citation = Citation(plain, (site_url or "/") + folder, self.version, self.built, self.site_name)
        head, _, tail = output.rpartition("</article>")
        output = head + cite_block(citation) + "</article>" + tail
        sharing = sharing_tags(
            output,
            plain,
            citation.url,
            (site_url or "/") + card_path(folder),
            self.site_name,
            article=folder.startswith("explainers/"),
        )
        return output.replace("</head>", meta_tags(citation) + sharing + "</head>", 1)

    @staticmethod
    def search_meta(path: str, meta: dict) -> dict:
        """Front matter for the search plugin: the page's boost by its kind, unless it sets one."""
        boost = page_boost(path)
        search = meta.get("search")
        if boost is None or (isinstance(search, dict) and "boost" in search):
            return {}
        return {"search": {**(search if isinstance(search, dict) else {}), "boost": boost}}

    def after(self, site_dir: Path) -> None:
        """Glossary terms made findable in the search index, and the index checked: markup from
        data would run in a search result; redirects' anchors checked on the built pages
        (DataErrors; the built site is then not published)."""
        index_path = Path(site_dir) / SEARCH_INDEX
        if index_path.exists():
            index = enrich_search_index(json.loads(index_path.read_text(encoding="utf-8")), self.glossary)
            errors = search_index_errors(index)
            if errors:
                raise DataErrors(errors)
            data = json.dumps(index, ensure_ascii=False, separators=(",", ":"))
            index_path.write_text(data, encoding="utf-8")
            offline = index_path.with_suffix(".js")
            if offline.exists():  # the offline edition's copy (Material's offline plugin)
                offline.write_text(f"var __index = {data}", encoding="utf-8")
        for worker in sorted((Path(site_dir) / "assets" / "javascripts" / "workers").glob("search.*.js")):
            try:
                worker.write_text(patch_worker(worker.read_text(encoding="utf-8")), encoding="utf-8")
            except WorkerChanged as exc:
                raise DataErrors(
                    [DataError(worker.relative_to(site_dir).as_posix(), None, None, None, str(exc))]
                ) from None
        errors = redirect_anchor_errors(self.redirects, site_dir)
        if self.root is not None and self.directory_urls:  # every published address is still served
            errors += vanished(self.root, set(published_urls(site_dir)), self.redirects)
        if errors:
            raise DataErrors(errors)


def check_links(html_pages: dict[str, Prerendered], page_urls: set[str], directory_urls: bool = True) -> None:
    """Every link on a record page leads to a page of the site (one of `page_urls`, as MkDocs
    gives them), and an anchor on a record page to an id there; else DataErrors. MkDocs checks the
    Markdown pages' links; these are HTML it does not read. (Anchors in Markdown pages are checked
    on the built site by tests/test_gates_links.py.)"""
    by_url = {address(path, directory_urls): page for path, page in html_pages.items()}
    page_urls = {url.removeprefix("./") for url in page_urls}  # MkDocs calls the home page './'
    errors = []
    for path, page in html_pages.items():
        here = address(path, directory_urls)
        for href in dict.fromkeys(_attributes(page.html, _HREF)):
            target, _, anchor = html.unescape(href).partition("#")
            target = target.partition("?")[0]  # a filtered view ('../?subject=technology') is its page
            if "://" in target or target.startswith(("mailto:", "data:")):
                continue
            url = resolve(target, here)
            if url not in page_urls or (anchor and url in by_url and anchor not in by_url[url].anchors):
                folder, _, record_id = path[:-3].partition("/")
                problem = f"no id '{anchor}' on that page" if url in page_urls else "no page of the site is there"
                errors.append(
                    DataError(
                        f"overrides/generated/{folder.replace('-', '_')}.html",
                        None,
                        record_id,
                        None,
                        f"the page links to '{href}', but {problem}",
                    )
                )
    if errors:
        raise DataErrors(errors)


def _build_date(epoch: str | None) -> dt.date:
    return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date() if epoch else dt.date.today()


def once_per_folder():
    """`nav_once(page, nav)` for overrides/partials/nav.html: `{% call nav_once(page, nav) %}…{% endcall %}`.
    The navigation marks the current page and links relative to it, so on a page outside it (a
    record) it is the same for every page of a folder: render it once per folder, not per page.
    Pages in the navigation (and pages without one, such as the 404 page) render it each time."""
    by_folder: dict[str, str] = {}

    def nav_once(page, nav, caller) -> str:
        if page is None or any(p is page for p in nav.pages):
            return caller()
        folder = posixpath.dirname(page.url.rstrip("/"))
        if folder not in by_folder:
            by_folder[folder] = caller()
        return by_folder[folder]

    return nav_once


def complete_nav(nav: list) -> list:
    """The navigation (as in mkdocs.yml) with every collection's index in it: a collection the
    configuration does not list goes at the end of the section its registration names
    (model.Entry.nav; "" the top level), made if missing. The configuration still decides the
    order and titles of what it lists. An empty navigation (MkDocs then lists every page) stays so."""
    if not nav:
        return nav
    out = copy.deepcopy(nav)
    listed = set(nav_paths(out))
    for collection, model in COLLECTIONS.items():
        path = page_path(collection)
        if path in listed:
            continue
        if not model.nav:
            out.append(path)
            continue
        section = next((item for item in out if isinstance(item, dict) and list(item) == [model.nav]), None)
        if section is None:
            section = {model.nav: []}
            out.append(section)
        section[model.nav].append(path)
    return out


def nav_paths(nav) -> list[str]:
    """Page paths of a navigation tree (lists and one-key mappings, as in mkdocs.yml), in order."""
    items = nav if isinstance(nav, list) else list(nav.values()) if isinstance(nav, dict) else [nav]
    return [
        p
        for item in items
        for p in (nav_paths(item) if isinstance(item, (list, dict)) else [item])
        if isinstance(p, str) and p.endswith(".md")
    ]
