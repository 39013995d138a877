"""MkDocs hook: validate data/ before anything renders, add the generated pages in memory, and
finish each page. All the work is in `sitegen.build.Build` (no MkDocs import there); this file only
wires it to MkDocs' events.

Builds are atomic (sitegen/staging.py): MkDocs writes into a folder beside `site_dir`, which takes
the site's place only after every check passed; one build at a time per checkout.
"""

from __future__ import annotations

import html
import logging
import sys
from pathlib import Path

from jinja2 import ChoiceLoader, FileSystemLoader, PrefixLoader
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, InclusionLevel
from mkdocs.structure.toc import get_toc
from sitegen import DataErrors
from sitegen.build import Build, once_per_folder
from sitegen.outputs import CSP_META, secure_page
from sitegen.staging import BuildLocked, Staging

ENGINE = Path(__file__).parent / "sitegen"
_engine_stamp = {p.name: p.stat().st_mtime_ns for p in ENGINE.glob("*.py")}


def _reload_engine() -> None:
    """MkDocs loads this hook once per process: when `make serve` rebuilds after an edit to
    hooks/sitegen/*.py, import the engine again so the new code runs."""
    global DataErrors, Build, once_per_folder, BuildLocked, Staging, secure_page, CSP_META, _engine_stamp
    stamp = {p.name: p.stat().st_mtime_ns for p in ENGINE.glob("*.py")}
    if stamp == _engine_stamp:
        return
    for name in [m for m in sys.modules if m == "sitegen" or m.startswith("sitegen.")]:
        del sys.modules[name]
    import sitegen.build
    import sitegen.outputs
    import sitegen.staging

    # the names this hook imported, bound to the new code (a type checker sees classes rebound)
    DataErrors, Build = sitegen.DataErrors, sitegen.build.Build  # type: ignore[misc]
    once_per_folder = sitegen.build.once_per_folder
    BuildLocked, Staging = sitegen.staging.BuildLocked, sitegen.staging.Staging  # type: ignore[misc]
    secure_page, CSP_META = sitegen.outputs.secure_page, sitegen.outputs.CSP_META
    _engine_stamp = stamp
    log.info("Reloaded the engine (hooks/sitegen/) after a change to its code")


log = logging.getLogger("mkdocs.hooks.site")
_build: list[Build] = []
BUNDLE = "stylesheets/site.css"
_stylesheets: list[str] = []  # mkdocs.yml's extra_css, served as one file


class _Publish(BasePlugin):
    """Swaps the finished build in, after every other plugin wrote its files (Material's offline
    plugin writes last, at priority -100); a failed build leaves the last good site."""

    def __init__(self, stage: Staging):
        super().__init__()
        self.stage = stage

    @event_priority(-1000)
    def on_post_build(self, config):
        if config.strict and _warned():
            self.stage.abort()  # MkDocs aborts right after this event
        else:
            self.stage.commit()

    def on_build_error(self, error):
        self.stage.abort()


def _warned() -> bool:
    """Warnings were logged in this build (MkDocs' strict mode then aborts it)."""
    from mkdocs.utils import CountHandler

    return any(isinstance(h, CountHandler) and h.get_counts() for h in logging.getLogger("mkdocs").handlers)


def on_config(config):
    _reload_engine()
    root = Path(config.config_file_path).parent
    stage = Staging(Path(config.site_dir), root)
    try:
        config.site_dir = str(stage.start())
    except BuildLocked as exc:
        raise PluginError(str(exc)) from None
    config.plugins["sitegen-publish"] = _Publish(stage)
    try:
        _build[:] = [
            Build.prepare(
                root,
                root / config.docs_dir,
                config.nav,
                config.use_directory_urls,
                config.extra_javascript,
                config.extra.get("polyfills") or [],
                site_name=config.site_name,
            )
        ]
    except DataErrors as exc:
        raise PluginError(exc.report()) from None
    if config.nav:
        config.nav = _build[0].nav  # every collection's index in its section (a collection need not be listed)
    if list(config.extra_css) != [BUNDLE]:
        _stylesheets[:] = [str(s) for s in config.extra_css]
    config.extra_css = [BUNDLE]
    return config


def on_files(files, config):
    build = _build[0]
    for src_uri, content in build.generated.items():
        if files.get_file_from_path(src_uri) is not None:
            raise PluginError(
                f"docs/{src_uri} would be overwritten by a generated page; "
                "remove it, pages under a collection's folder come from data/"
            )
        inclusion = InclusionLevel.NOT_IN_NAV if build.outside_nav(src_uri) else InclusionLevel.INCLUDED
        files.append(File.generated(config, src_uri, content=content, inclusion=inclusion))
    try:
        extra = build.extra_files(config.site_url, {f.url for f in files.documentation_pages()})
    except DataErrors as exc:
        raise PluginError(exc.report()) from None
    for src_uri, data in extra.items():
        files.append(File.generated(config, src_uri, content=data))
    files.append(File.generated(config, BUNDLE, content=Build.bundle(Path(config.docs_dir), _stylesheets)))
    return files


def on_page_markdown(markdown, page, config, files):
    page.update_date = _build[0].dates.get(page.file.src_uri, page.update_date)
    page.meta.update(Build.attribute_meta(page.meta))  # Material prints these in attributes unescaped
    page.meta.update(Build.search_meta(page.file.src_uri, page.meta))  # ranking by kind of page
    # a record page is final HTML already (sitegen/render.py): nothing for Python-Markdown to do
    return "" if _build[0].prerendered(page.file.src_uri) else _build[0].page_markdown(markdown)


def on_page_content(html_text, page, config, files):
    done = _build[0].prerendered(page.file.src_uri)
    if done:  # what Python-Markdown would have given MkDocs: the content, its contents, its ids
        html_text, page.toc, page.present_anchor_ids = done.html, get_toc(done.toc), set(done.anchors)
    return _build[0].page_content(html_text, page.url)


def on_page_context(context, page, config, nav):
    # The search index has already read the plain titles: tag hanzi in the title and the contents.
    if page.title:
        page.title = _build[0].page_title(page.title)
        if page.meta.get("title"):  # the header prints it
            page.meta["title"] = page.title
    Build.tag_contents(page.toc or [])
    return context


def on_env(env, config, files):
    # overrides/partials/nav.html wraps the theme's own partial, reachable as "theme/partials/…"
    theme = [d for d in config.theme.dirs if d != config.theme.custom_dir]
    env.loader = ChoiceLoader([env.loader, PrefixLoader({"theme": FileSystemLoader(theme)})])
    env.globals["nav_once"] = once_per_folder()  # record pages share their folder's navigation
    return env


def on_post_page(output, page, config):
    return secure_page(_build[0].finish_page(output, page.url, page.title or config.site_name, config.site_url))


def on_post_template(output_content, template_name, config):
    return secure_page(output_content) if template_name.endswith(".html") else output_content  # 404.html


def on_post_build(config):
    try:
        _build[0].after(Path(config.site_dir))
    except DataErrors as exc:
        raise PluginError(exc.report()) from None


def on_serve(server, config, builder):
    """`make serve` keeps serving the last good site while a rebuild fails, and shows why on every
    page; its pages go without the Content-Security-Policy (the server adds an inline script that
    reloads them). (MkDocs' own server holds every request until a rebuild succeeds: it reads its build
    state from LiveReloadServer's private attributes, which this wraps.)"""
    build, inject = server.builder, server._inject_js_into_html
    failure: list[str] = []

    def keep_last_good():
        try:
            build()
            failure.clear()
        except (Exception, SystemExit) as exc:  # PluginError, or MkDocs' Abort (a SystemExit)
            cause = exc.__context__ if isinstance(exc, SystemExit) and exc.__context__ else exc
            failure[:] = [str(cause)]
            log.error("The last good build is still served: fix the problems above and save to rebuild.")

    def with_errors(content: bytes, epoch: int) -> bytes:
        # the server adds its own inline script to every page: the page's policy would block it
        content = inject(CSP_META.sub("", content.decode("utf-8")).encode("utf-8"), epoch)
        if failure:
            banner = (
                f'<pre role="alert" style="position:fixed;inset:auto 0 0 0;z-index:9;max-height:40vh;overflow:auto;'
                f'margin:0;padding:1em;background:#fee;color:#600;border-top:3px solid #c00;white-space:pre-wrap">'
                f"The last rebuild failed; this is the last good build.\n{html.escape(failure[0])}</pre>"
            )
            content = content.replace(b"</body>", banner.encode() + b"</body>", 1)
        return content

    server.builder, server._inject_js_into_html = keep_last_good, with_errors
    return server
