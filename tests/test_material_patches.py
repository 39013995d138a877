"""Guards for every place the site depends on Material for MkDocs' internals.

Our overrides change Material's output by exact markup (a string replaced in a rendered block, a
block copied, a request held back by URL). If a Material release changes that markup, the patch
stops working silently, and only slow browser tests would notice. Each guard below reads the
installed Material's own file and fails at once, naming the file, the markup we expect there and
what depends on it. README.md ("What depends on Material's internals") lists the same patches.

When a guard fails after an upgrade: read Material's new markup, update the patch named in the
message, then update the expected markup here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

material = pytest.importorskip("material")
MATERIAL = Path(material.__file__).parent
TEMPLATES = MATERIAL / "templates"


@dataclass(frozen=True)
class Patch:
    name: str
    file: str  # under material/ (a glob for hashed file names)
    expected: str  # markup that must appear in it, exactly (whitespace between tags aside)
    used_by: str  # our file and what it does with that markup


PATCHES = [
    Patch(
        "search dialog name",
        "templates/partials/search.html",
        'data-md-component="search" role="dialog">',
        "overrides/main.html, block header: adds aria-label to the search dialog (axe: aria-dialog-name)",
    ),
    Patch(
        "table of contents label",
        "templates/partials/toc.html",
        '<label class="md-nav__title" for="__toc">',
        "overrides/main.html, block site_nav: drops `for` where no #__toc checkbox exists (Nu: bad label)",
    ),
    Patch(
        "deferred bundle",
        "templates/base.html",
        "<script src=\"{{ 'assets/javascripts/bundle.",
        "overrides/main.html, block scripts: adds `defer` to Material's bundle so pages paint first",
    ),
    Patch(
        "title block",
        "templates/base.html",
        "{% block htmltitle %} {% if page.meta and page.meta.title %} <title>{{ page.meta.title }} - "
        "{{ config.site_name }}</title> {% elif page.title and not page.is_homepage %} <title>{{ page.title "
        "| striptags }} - {{ config.site_name }}</title> {% else %} <title>{{ config.site_name }}</title> "
        "{% endif %} {% endblock %}",
        "overrides/main.html, block htmltitle: a copy of this block that escapes the title again",
    ),
    Patch(
        "search index request",
        "templates/assets/javascripts/bundle.*.min.js",
        'ze(new URL("search/search_index.json",',
        "overrides/partials/lazy-search-index.html: holds back the index request until search opens",
    ),
    Patch(
        "search index over XMLHttpRequest",
        "templates/assets/javascripts/bundle.*.min.js",
        'let o=new XMLHttpRequest;return o.open("GET",`${e}`)',
        "overrides/partials/lazy-search-index.html: patches XMLHttpRequest.open/send to hold that request",
    ),
    Patch(
        "offline search index script",
        "templates/assets/javascripts/bundle.*.min.js",
        'location.protocol==="file:"?_t(`${new URL("search/search_index.js",',
        "overrides/partials/lazy-search-index.html: holds back the <script> the offline edition adds to <head>",
    ),
    Patch(
        "offline index script appended to head",
        "templates/assets/javascripts/bundle.*.min.js",
        "document.head.appendChild(t)",
        "overrides/partials/lazy-search-index.html: patches document.head.appendChild",
    ),
    Patch(
        "navigation partial",
        "templates/partials/nav.html",
        '{% set class = "md-nav md-nav--primary" %}',
        "overrides/partials/nav.html: renders this partial (as theme/partials/nav.html) once per folder",
    ),
    Patch(
        "search exclusion",
        "plugins/search/plugin.py",
        "data-search-exclude",
        "hooks/sitegen/terms.py descriptions(): hidden term descriptions are kept out of the search index",
    ),
    Patch(
        "hanzi segmented with jieba",
        "plugins/search/plugin.py",
        r'"\u200b".join(jieba.cut(value.encode("utf-8")))',
        "hooks/sitegen/search.py: glossary terms given to jieba as words; U+200B in mkdocs.yml's separator",
    ),
    Patch(
        "page boost from front matter",
        "plugins/search/plugin.py",
        'entry["boost"] = search["boost"]',
        "hooks/sitegen/search.py page_boost(), set as page meta by Build.search_meta: ranking by kind of page",
    ),
    Patch(
        "hanzi query splitting in the worker",
        "templates/assets/javascripts/workers/search.*.min.js",
        r'e=e.replace(new RegExp("\\p{sc=Han}+","gu"),s=>[...fe(s,this.index.invertedIndex)].join("* "))',
        "hooks/sitegen/search.py patch_worker(): the call is replaced at build time by __searchQuery",
    ),
    Patch(
        "colour scheme toggle",
        "templates/partials/palette.html",
        '<label class="md-header__button md-icon" title="{{ option.toggle.name }}" '
        'for="__palette_{{ loop.index % loop.length }}" hidden>',
        "tests/gates/crawl.py: the axe crawl switches a page's scheme by clicking the toggle's label shown",
    ),
    Patch(
        "the toggle's choice kept",
        "templates/assets/javascripts/bundle.*.min.js",
        '__md_set("__palette",s)',
        "tests/gates/crawl.py FORGET_TOGGLE: the choice, under a key ending __palette, is removed before each load",
    ),
    Patch(
        "every configured field indexed",
        "templates/assets/javascripts/workers/search.*.min.js",
        "Object.entries(e.fields))this.field(",
        "hooks/sitegen/terms.py enrich_search_index(): the hidden `words` and `names` fields",
    ),
]

BLOCKS = ["htmltitle", "libs", "header", "site_nav", "scripts"]  # overrides/main.html extends these


def _text(pattern: str) -> tuple[Path, str]:
    files = sorted(MATERIAL.glob(pattern))
    assert files, f"Material {material.__version__ if hasattr(material, '__version__') else ''}: no file {pattern}"
    return files[0], re.sub(r"\s+", " ", files[0].read_text(encoding="utf-8"))


@pytest.mark.parametrize("patch", PATCHES, ids=[p.name for p in PATCHES])
def test_material_still_has_the_markup_a_patch_depends_on(patch):
    path, text = _text(patch.file)
    assert re.sub(r"\s+", " ", patch.expected) in text, (
        f"Material changed {path.relative_to(MATERIAL.parent)}: expected {patch.expected!r} there.\n"
        f"Depends on it: {patch.used_by}.\nUpdate that patch to Material's new markup, then this guard."
    )


@pytest.mark.parametrize("block", BLOCKS)
def test_material_base_template_still_has_the_blocks_we_extend(block):
    path, text = _text("templates/base.html")
    assert f"{{% block {block} %}}" in text, (
        f"Material changed {path.relative_to(MATERIAL.parent)}: no `{{% block {block} %}}` any more; "
        f"overrides/main.html extends it."
    )


def test_every_patch_in_our_overrides_is_guarded():
    """A new string replacement in overrides/main.html needs its guard above."""
    main = (Path(__file__).resolve().parents[1] / "overrides" / "main.html").read_text(encoding="utf-8")
    replaced = re.findall(r"replace\('((?:[^'\\]|\\.)*)'", main)
    guarded = " ".join(p.expected for p in PATCHES)
    unguarded = [r for r in replaced if r.split("'")[0] not in guarded and not r.startswith("<script defer")]
    assert replaced and not unguarded, f"string replacements in overrides/main.html without a guard: {unguarded}"


def test_a_changed_file_fails_with_a_message_naming_it(tmp_path, monkeypatch):
    """The guard's own failure path: the message names the file, the markup and what depends on it."""
    global MATERIAL
    (tmp_path / "templates" / "partials").mkdir(parents=True)
    (tmp_path / "templates" / "partials" / "search.html").write_text('<div class="md-search" role="search">')
    monkeypatch.setattr("test_material_patches.MATERIAL", tmp_path)
    with pytest.raises(AssertionError) as failure:
        test_material_still_has_the_markup_a_patch_depends_on(PATCHES[0])
    message = str(failure.value)
    assert "templates/partials/search.html" in message and 'role="dialog">' in message
    assert "overrides/main.html, block header" in message
