"""MkDocs hook: validate data/ before anything renders, then add the generated pages in memory.

All the work is in the `sitegen` engine (no MkDocs import there); this file only adapts it.
"""
from __future__ import annotations

import datetime as dt
import html
import json
import os
import re
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, InclusionLevel

from sitegen import DataErrors, load_dataset, page_dates, render_site
from sitegen.redirects import check_redirects, load_redirects, redirect_files
from sitegen.cite import Citation, cite_block
from sitegen.render import tag_han
from sitegen.terms import TermIndex, annotate, descriptions, enrich_search_index

_pages: dict[str, str] = {}
_dates: dict[str, str] = {}   # page -> date reviewed, for the sitemap (else the commit date)
_redirects: list = []
_terms: list[TermIndex] = []
_glossary: list = []
_citations: dict[str, Citation] = {}   # page address -> its citation, written as files after the build


def on_config(config):
    root = Path(config.config_file_path).parent
    try:
        dataset = load_dataset(root / "data", label_root=root)
        pages = render_site(dataset, root / "overrides" / "generated", root / config.docs_dir)
        _redirects[:] = load_redirects(root / "data", root)
    except DataErrors as exc:
        raise PluginError(exc.report()) from None
    _pages.clear()
    _pages.update(pages)
    _dates.clear()
    _dates.update(page_dates(dataset))
    _glossary[:] = list(dataset.collections["glossary"].values())
    _terms[:] = [TermIndex(_glossary)]
    return config


def on_files(files, config):
    for src_uri, content in _pages.items():
        existing = files.get_file_from_path(src_uri)
        if existing is not None:
            raise PluginError(f"docs/{src_uri} would be overwritten by a generated page; "
                              "remove it, pages under a collection's folder come from data/")
        is_record = src_uri.endswith(".md") and src_uri.count("/") == 1 and not src_uri.endswith("/index.md")
        inclusion = InclusionLevel.NOT_IN_NAV if is_record else InclusionLevel.INCLUDED
        files.append(File.generated(config, src_uri, content=content, inclusion=inclusion))
    try:
        check_redirects(_redirects, {f.url for f in files.documentation_pages()})
    except DataErrors as exc:
        raise PluginError(exc.report()) from None
    for src_uri, content in redirect_files(_redirects).items():
        files.append(File.generated(config, src_uri, content=content))
    sitemap = (config.site_url or "/") + "sitemap.xml"
    files.append(File.generated(config, "robots.txt", content=f"User-agent: *\nAllow: /\n\nSitemap: {sitemap}\n"))
    return files


def on_page_markdown(markdown, page, config, files):
    page.update_date = _dates.get(page.file.src_uri, page.update_date)
    # Material writes these into HTML attributes without escaping; escape them once here.
    for key in ("description", "author"):
        if isinstance(page.meta.get(key), str):
            page.meta[key] = html.escape(page.meta[key], quote=True)
    return markdown


def on_page_content(html_text, page, config, files):
    # Chinese terms in running text link to their glossary entry (popover added by terms.js).
    annotated = annotate(html_text, _terms[0], page.url)
    return annotated + descriptions(annotated, _terms[0])


def on_page_context(context, page, config, nav):
    # The header shows the page title; tag its hanzi (the search index has already read it plain).
    if page.title:
        page.title = tag_han(page.title)
    return context


def on_post_page(output, page, config):
    # "Cite this page" at the end of the article (after the search index was made: not searchable noise).
    if not (page.url == "" or page.url.endswith("/")) or "</article>" not in output:
        return output
    title = html.unescape(re.sub(r"<[^>]+>", "", page.title or config.site_name))
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    built = dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date() if epoch else dt.date.today()
    citation = Citation(title, (config.site_url or "/") + page.url, os.environ.get("SITE_VERSION") or "unversioned", built)
    _citations[page.url] = citation
    head, _, tail = output.rpartition("</article>")
    return head + cite_block(citation) + "</article>" + tail


def on_post_build(config):
    for url, citation in _citations.items():
        for name, text in citation.files().items():
            (Path(config.site_dir) / url / name).write_text(text, encoding="utf-8")
    # Runs after the search plugin wrote its index: make glossary terms findable by hanzi and pinyin.
    path = Path(config.site_dir) / "search" / "search_index.json"
    if path.exists():
        index = enrich_search_index(json.loads(path.read_text(encoding="utf-8")), _glossary)
        path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
