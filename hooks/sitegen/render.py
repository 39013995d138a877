"""Render the dataset into pages, in memory: {"policies/x.md": "...", ...}.

Record pages (one per record, most of the site) are written as HTML by the templates
`overrides/generated/<collection>.html`, behind a front matter with their title and description.
That is still a Markdown file (raw HTML passes through), but a generator need not parse it: the
HTML is final, with its links at the pages' addresses, so the MkDocs hook hands it over as the
page's content (`Prerendered`, in build.py) and Python-Markdown, the slowest step of a build,
skips 9 in 10 pages. The other pages (indexes, timeline, packs...) are Markdown templates
(`<name>.md`): a collection's index comes from its registration (model.py), every other page from
its row in the page table (pages.PAGES).

Every value that comes from data is escaped on output (Jinja's `finalize`). In HTML: & < > as
entities. In Markdown: ASCII punctuation gets a backslash, which the `pymdownx.escapeall`
extension turns back into the literal character, so `<script>`, `*bold*`, `[link](x)` or `{: #id}`
in a YAML value show as typed. Either way hanzi are tagged lang="zh-Hans". Templates opt out only
for markup they build themselves (`Markup`, returned by the helpers below). Attribute values use
the `attr` filter.
"""

from __future__ import annotations

import html
import json
import posixpath
import re
from collections.abc import Sequence
from pathlib import Path
from typing import cast

from jinja2 import BytecodeCache, Environment, FileSystemLoader, StrictUndefined, TemplateError, pass_context
from jinja2.bccache import Bucket
from markupsafe import Markup

from .dataset import Dataset
from .errors import DataError, DataErrors
from .export import export_files
from .htmltext import tag_han
from .model import (
    COLLECTIONS,
    CONTROL,
    MEASURE_KINDS,
    OFFICIAL_SOURCE_KINDS,
    STATUS_MEANING,
    SUBJECTS,
    THEMES,
    date_key,
    page_path,
    segment,
)
from .model import (
    _ordinal as ordinal,
)
from .pages import PAGES, Inputs
from .teaching import changes_for
from .terms import term_usage
from .urls import address
from .urls import relative as relative_address

# Markdown syntax a value could open anywhere in a line (links, emphasis, code, attribute lists,
# tables, footnotes, raw HTML, entities), and block syntax it could open only at the start of a line
# (lists, headings, ordered lists as "1."). Other punctuation is never syntax here.
_ANYWHERE = re.compile(r"([\\`*_{}\[\]#!|~^<>&:])")  # ':' as "]:" would start a reference definition
_LINE_START = re.compile(r"^(\s*)(?:([-+=])|(\d+)\.)")
_SPACE = re.compile(r"\s+")
_ENTITY = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}


def md_plain(value: object) -> Markup:
    """Inline Markdown text that renders exactly as `value` reads, on one line."""
    text = _SPACE.sub(" ", CONTROL.sub("", str(value)))  # one line; no strip: ", " keeps its space
    # & < > as entities: md_in_html reads raw HTML before backslash escapes apply, so "a<b" written
    # as "a\<b" would still open a tag there. Other syntax gets a backslash (pymdownx.escapeall).
    text = _ANYWHERE.sub(lambda m: _ENTITY.get(m.group(1)) or "\\" + m.group(1), text)
    return Markup(
        _LINE_START.sub(lambda m: m.group(1) + ("\\" + m.group(2) if m.group(2) else m.group(3) + "\\."), text)
    )


def md_escape(value: object) -> Markup:
    """As md_plain, with every run of hanzi tagged lang="zh-Hans"."""
    return Markup(tag_han(md_plain(value)))


def safe_url(value: object) -> Markup:
    """An external address for a Markdown link target (validated as http(s) by the model)."""
    url = str(value)
    if not re.match(r"^https?://", url):
        raise ValueError(f"not a web address: {url!r}")
    for char, code in (("(", "%28"), (")", "%29"), ("<", "%3C"), (">", "%3E"), (" ", "%20"), ('"', "%22")):
        url = url.replace(char, code)
    return Markup(url)


def html_url(value: object) -> Markup:
    """An external address for an HTML attribute, as Python-Markdown writes a link's href."""
    return Markup(str(safe_url(value)).replace("&", "&amp;"))


def html_plain(value: object) -> Markup:
    """HTML text that reads exactly as `value`, on one line (as md_plain)."""
    return Markup(html.escape(_SPACE.sub(" ", CONTROL.sub("", str(value))), quote=False))


def html_escape(value: object) -> Markup:
    """As html_plain, with every run of hanzi tagged lang="zh-Hans"."""
    return Markup(tag_han(html_plain(value)))


def html_paragraphs(value: object) -> Markup:
    """Prose with blank-line paragraph breaks kept, for a template that writes <p>{{ x|paragraphs }}</p>."""
    paras = [p for p in re.split(r"\n\s*\n", str(value)) if p.strip()]
    return Markup("</p>\n<p>".join(html_escape(p) for p in paras))


def md_paragraphs(value: object) -> Markup:
    """Prose with blank-line paragraph breaks kept; everything else escaped."""
    paras = [p for p in re.split(r"\n\s*\n", str(value)) if p.strip()]
    return Markup("\n\n".join(md_escape(p) for p in paras))


def attr(value: object) -> Markup:
    """A value for an HTML attribute."""
    return Markup(html.escape(_SPACE.sub(" ", str(value)).strip(), quote=True))


def _runs(pattern: re.Pattern, escape, write):
    """A filter: `value` escaped as `escape` does, except each run `pattern` captures, which
    `write` writes instead."""

    def runs(value: object) -> Markup:
        parts = pattern.split(str(value))  # text, captured run, text, ...
        return Markup("".join(write(p) if n % 2 else escape(p) for n, p in enumerate(parts)))

    return runs


# A run this long with no space or hyphen to break at is an address or an id, not a word (nor
# Chinese or Korean, which a line may break anywhere in).
_UNBREAKABLE = re.compile(r"([^\s\-\u2010-\u2014\u2e80-\u9fff\uac00-\ud7af\uff00-\uffef]{20,})")


def _breakable(escape):
    """`value` escaped as the page needs, each address or id in it (a run of 20 characters
    without a space or a hyphen) in a span that may break anywhere, so that a table cell
    holding it can be narrower than it. Words are never broken (editorial.css)."""
    return _runs(_UNBREAKABLE, escape, lambda p: f'<span class="breakable">{escape(p)}</span>')


_CODE_SPAN = re.compile(r"`([^`]+)`")
# Text the engine wrote (a field's description): escaped, its `backticked` names as code.
md_with_code = _runs(_CODE_SPAN, md_escape, lambda p: f"`{p}`")
html_with_code = _runs(_CODE_SPAN, html_escape, lambda p: f"<code>{html_plain(p)}</code>")


# The filters that escape as the page's kind needs: an HTML page's (True), a Markdown page's (False).
_KIND_FILTERS = {
    True: dict(
        plain=html_plain,
        safe_url=html_url,
        paragraphs=html_paragraphs,
        breakable=_breakable(html_escape),
        with_code=html_with_code,
    ),
    False: dict(
        plain=md_plain,
        safe_url=safe_url,
        paragraphs=md_paragraphs,
        breakable=_breakable(md_escape),
        with_code=md_with_code,
    ),
}


def _finalizer(escape):
    def finalize(value: object) -> object:
        if value is None:
            raise ValueError("a template printed a missing value; guard it with {% if %}")
        return value if hasattr(value, "__html__") else escape(value)

    return finalize


OFFLINE_ZIP = "downloads/china-tech-governance-explainer-offline.zip"  # put there by `make publish`


class _Compiled(BytecodeCache):
    """Compiled templates kept in memory for the life of the process: a process that renders the
    site again (`make serve` after an edit, the tests) compiles again only a template whose source
    changed (Jinja compares each template's checksum). One per kind of environment: Jinja escapes
    a constant expression ({{ "a & b" }}) while compiling, as that kind's `finalize` says."""

    def __init__(self) -> None:
        self.code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        if bucket.key in self.code:
            bucket.bytecode_from_string(self.code[bucket.key])

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.code[bucket.key] = bucket.bytecode_to_string()


_COMPILED = {False: _Compiled(), True: _Compiled()}  # by `html_pages`


def make_environment(template_dir: str | Path, directory_urls: bool = True, html_pages: bool = False) -> Environment:
    """The environment for Markdown templates, or with `html_pages` for HTML ones."""
    env = Environment(
        loader=FileSystemLoader(str(template_dir)),
        bytecode_cache=_COMPILED[html_pages],
        auto_reload=False,  # one environment per build: templates do not change under it
        autoescape=True,
        finalize=_finalizer(html_escape if html_pages else md_escape),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        attr=attr, yaml_str=yaml_str, ordinal=ordinal
    )  # `plain`: escaped as the page needs, hanzi untagged
    env.filters.update(_KIND_FILTERS[html_pages])
    env.globals.update(
        collections=COLLECTIONS,
        themes=THEMES,
        subjects=SUBJECTS,
        status_meaning=STATUS_MEANING,
        measure_kinds=MEASURE_KINDS,
        official_kinds=OFFICIAL_SOURCE_KINDS,
        segment=segment,
        page_path=page_path,
        link=link,
        relative=relative,
        site_link=site_link,
        directory_urls=directory_urls,
        html_pages=html_pages,
        offline_zip=OFFLINE_ZIP,
    )
    return env


def yaml_str(value: object) -> Markup:
    """A string for front matter (JSON is YAML)."""
    return Markup(json.dumps(str(value), ensure_ascii=False))


@pass_context
def relative(context, path: str) -> Markup:
    """A link target to any page given by its path under docs/, relative to the page being
    rendered: in Markdown the path ('../changelog.md', which MkDocs resolves and checks); in an
    HTML page its address (site_link)."""
    if context["html_pages"]:
        return site_link(context, path)
    return Markup(posixpath.relpath(path, posixpath.dirname(context["here"]) or "."))


@pass_context
def link(context, collection: str, record_id: str | None = None, anchor: str | None = None) -> Markup:
    """A link target to a record (or a collection's index), as relative() gives it."""
    return Markup(relative(context, page_path(collection, record_id)) + (f"#{anchor}" if anchor else ""))


@pass_context
def site_link(context, path: str) -> Markup:
    """A link target for raw HTML (which MkDocs does not rewrite) to a page given by its path under
    docs/ ('policies/x.md') or to any other file ('javascripts/x.js'), relative to the page being
    rendered, in the build's address style (urls.py)."""
    style = context["directory_urls"]
    target = address(path, style) if path.endswith(".md") else path
    return Markup(relative_address(target, address(context["here"], style)))


def render_site(
    dataset: Dataset,
    template_dir: str | Path,
    docs_dir: str | Path | None = None,
    explainers: Sequence[str] = (),
    atlas: dict | None = None,
    files: dict[str, list] | None = None,
    directory_urls: bool = True,
    repository: str | None = None,
    site_name: str = "",
) -> dict[str, str]:
    """Every generated file as {path relative to docs: text}: Markdown pages and the downloads.
    `docs_dir` (the hand-written pages) is read to tell where each Chinese term is used;
    `explainers` (paths under it, in reading order) make up the printable reader page;
    `atlas` (Natural Earth TopoJSON) gives the map its country shapes; `files` are the entries of
    the data files that are not collections, by name (project.load_project: 'teaching' gives the
    teacher packs, 'changelog' the changes); `directory_urls` False
    writes links in raw HTML for pages served as 'x/y.html' (see urls.py); `repository` (the
    project's GitHub address, e.g. from REPOSITORY_URL) lets /corrections/ link the issue template;
    `site_name` (the configuration's) titles the Data Package."""
    env, html_env = (make_environment(template_dir, directory_urls, html) for html in (False, True))
    inputs = Inputs(
        dataset,
        Path(docs_dir) if docs_dir else None,
        tuple(explainers),
        atlas,
        files or {},
        directory_urls,
        repository,
        export_files(dataset, site_name),
    )
    html_env.globals["changes_for"] = lambda record: changes_for(inputs.changes, record)  # a record's "Changes"
    html_env.globals["usage"] = term_usage(dataset, inputs.docs_dir)
    for e in (env, html_env):
        e.globals["secondary"] = inputs.curriculum.secondary  # ids of the study sessions only secondary sources report
    pages: dict[str, str] = {}
    for collection, records in dataset.collections.items():  # every collection, from its registration
        for record in records.values():
            here = page_path(collection, record.id)
            body = _render(html_env, f"{collection}.html", record.id, here=here, record=record, ds=dataset)
            pages[here] = (
                front_matter(title=html_plain(record.title), description=record.summary or record.title) + body
            )
        here = page_path(collection)
        own = Path(template_dir, f"{collection}_index.md").is_file()  # a collection's own index (study sessions)
        pages[here] = _render(
            env,
            f"{collection}_index.md" if own else "collection_index.md",
            None,
            here=here,
            model=COLLECTIONS[collection],
            records=sorted(records.values(), key=_index_order),
            ds=dataset,
        )
    for page in PAGES:  # the other generated pages (pages.py)
        made = page.context(inputs)
        if made is None:
            continue
        for name, context in made.items() if page.each else [(None, made)]:
            here = page.path.format(name) if page.each else page.path
            pages[here] = _render(env, page.template, name, here=here, ds=dataset, **context)
    pages.update(inputs.downloads)
    return pages


def front_matter(**meta: str) -> str:
    """A YAML front matter holding `meta` (each value JSON-quoted)."""
    return "---\n" + "".join(f"{key}: {yaml_str(value)}\n" for key, value in meta.items()) + "---\n\n"


def _render(env: Environment, name: str, record_id: str | None, **context) -> str:
    """Render one page; a template failure becomes an error naming template, line and record."""
    try:
        return env.get_template(name).render(**context)
    except (TemplateError, ValueError, TypeError, AttributeError, KeyError) as exc:
        line = getattr(exc, "lineno", None)
        if line is None:  # Jinja's traceback names the template's own lines: take the innermost
            folder = Path(cast(FileSystemLoader, env.loader).searchpath[0]).resolve()
            tb = exc.__traceback__
            while tb is not None:
                if Path(tb.tb_frame.f_code.co_filename).resolve().parent == folder:
                    line, name = tb.tb_lineno, Path(tb.tb_frame.f_code.co_filename).name
                tb = tb.tb_next
        label = f"overrides/generated/{name}"
        raise DataErrors([DataError(label, line, record_id, None, f"template failed: {exc}")]) from None


def record_paths(dataset: Dataset) -> list[str]:
    """The record pages' paths under docs/: the pages written as HTML."""
    return [page_path(c, record_id) for c, records in dataset.collections.items() for record_id in records]


def page_dates(dataset: Dataset) -> dict[str, str]:
    """{page path: date the record was last reviewed}, for the sitemap; pages without one are absent."""
    return {
        page_path(c, r.id): r.reviewed
        for c, records in dataset.collections.items()
        for r in records.values()
        if r.reviewed
    }


def _index_order(record) -> tuple:
    """Newest first (a partial date such as 2019 sorts after any day in 2019); undated last, by title."""
    date = date_key(record.date) if record.date else ""
    return (date == "", "".join(chr(0x10FFFF - ord(c)) for c in date), record.title.lower())
