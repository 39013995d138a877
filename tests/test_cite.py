"""Cite this page: three styles to copy, three formats to download, version and build date in all."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

from sitegen.cite import Citation, cite_block

C = Citation(
    "Cybersecurity Law & “its” 网络安全法",
    "https://example.org/repo/policies/cybersecurity-law/",
    "v1.2.0",
    dt.date(2026, 11, 25),
    "Study, Steer, Export, Sanction",
)


def test_the_text_styles_follow_apa_chicago_and_mla():
    assert C.apa() == (
        "Study, Steer, Export, Sanction contributors. (2026, November 25). <em>Cybersecurity Law &amp; "
        '“its” <span lang="zh-Hans">网络安全法</span></em> (Version v1.2.0). Study, Steer, Export, Sanction. '
        '<a href="https://example.org/repo/policies/cybersecurity-law/">'
        "https://example.org/repo/policies/cybersecurity-law/</a>"
    )
    assert "“Cybersecurity Law &amp; “its” " in C.chicago() and "Version v1.2.0, November 25, 2026." in C.chicago()
    assert (
        C.mla().startswith("“Cybersecurity Law")
        and "<em>Study, Steer, Export, Sanction</em>, version v1.2.0, 25 Nov. 2026," in C.mla()
    )


def test_the_downloads_carry_the_same_facts():
    bib, ris, csl = C.bibtex(), C.ris(), json.loads(C.csl_json())[0]
    assert (
        bib.startswith("@misc{ssess-cybersecurity-law-2026,")
        and "title = {Cybersecurity Law \\& “its” 网络安全法}" in bib
    )
    assert "month = nov," in bib and "note = {Version v1.2.0, built 2026-11-25}" in bib
    assert ris.startswith("TY  - ELEC\r\n") and "DA  - 2026/11/25\r\n" in ris and "ET  - v1.2.0\r\n" in ris
    assert ris.endswith("ER  - \r\n")
    assert csl["type"] == "webpage" and csl["issued"] == {"date-parts": [[2026, 11, 25]]} and csl["version"] == "v1.2.0"
    assert csl["URL"] == C.url and csl["author"] == [{"literal": "Study, Steer, Export, Sanction contributors"}]


def downloads(page_html: str) -> dict[str, tuple[str, str, str]]:
    """{file name: (media type, decoded text, link label)} of the page's citation downloads."""
    import re
    from urllib.parse import unquote

    return {
        name: (media, unquote(data), label)
        for media, data, name, label in re.findall(
            r'<a href="data:([^;"]+);charset=utf-8,([^"]*)" download="([^"]+)">([^<]+)</a>', page_html
        )
    }


def test_the_block_offers_copy_buttons_only_with_javascript_and_the_downloads_in_the_page():
    block = cite_block(C)
    assert block.count('class="cite-copy"') == 3 and block.count(" hidden>Copy") == 3
    files = downloads(block)
    assert files == {
        "ssess-cybersecurity-law-2026.bib": ("application/x-bibtex", C.bibtex(), "BibTeX"),
        "ssess-cybersecurity-law-2026.ris": ("application/x-research-info-systems", C.ris(), "RIS"),
        "ssess-cybersecurity-law-2026.json": ("application/vnd.citationstyles.csl+json", C.csl_json(), "CSL-JSON"),
    }
    assert "Version v1.2.0, built 2026-11-25." in block


def test_every_page_of_the_built_site_can_be_cited(real_site):
    real_site["site"]
    for url, page in real_site["pages"].items():
        if url.endswith(".html") or "/search/" in url:
            continue
        html = page.path.read_text(encoding="utf-8")
        if 'http-equiv="refresh"' in html:
            continue
        assert 'id="cite-this"' in html, url
        files = downloads(html)
        assert len(files) == 3 and all(
            f"url = {{{page_address(real_site, url)}}}" in text
            for name, (_, text, _) in files.items()
            if name.endswith(".bib")
        ), url


def page_address(real_site, url: str) -> str:
    from gates.site import SITE_URL

    return SITE_URL + url  # the address the real site is built for


def test_the_repository_has_a_citation_file_that_names_the_site_as_mkdocs_yml_does():
    import yaml
    from conftest import ROOT

    site_name = re.search(r"^site_name: (.+)$", (ROOT / "mkdocs.yml").read_text(encoding="utf-8"), re.M).group(1)
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert cff["cff-version"] == "1.2.0" and cff["authors"][0]["name"] == f"{site_name} contributors"
    assert cff["license"] == ["CC-BY-4.0", "MIT"] and cff["title"].startswith(site_name)


def test_the_reader_page_has_every_explainer_card_and_term_with_unique_anchors(real_site):
    from collections import Counter

    page = real_site["pages"]["reader/"]
    html = page.path.read_text(encoding="utf-8")
    explainers = sorted(p.stem for p in (real_site["project"] / "docs" / "explainers").glob("*.md"))
    for stem in explainers:
        assert f'id="part-{stem}"' in html and f'id="{stem}--' in html
    dataset = real_site["dataset"]
    assert all(f'id="claim-{c}"' in html for c in dataset.collections["claims"])
    assert html.count('href="../glossary/') >= len(dataset.collections["glossary"])
    ids = Counter(__import__("re").findall(r' id="([^"]+)"', html))
    assert [i for i, n in ids.items() if n > 1] == []


def test_print_stylesheet_hides_navigation_and_prints_addresses():
    from conftest import ROOT

    css = (ROOT / "docs" / "stylesheets" / "print.css").read_text()
    assert "@media print" in css and ".md-sidebar" in css
    # issue #16: addresses listed once at the end (print.js writes the list), not after every link;
    # glosses are written once in the text, so print.css writes none
    assert ".print-links" in css and "print-links" in (ROOT / "docs" / "javascripts" / "print.js").read_text()
    assert "attr(data-print-url)" not in css and "attr(data-pinyin)" not in css


def test_meta_tags_let_zotero_and_scholar_read_the_page_and_are_escaped():
    from sitegen.cite import meta_tags

    tags = meta_tags(
        Citation(
            'A "quoted" <title> & 网络',
            "https://example.org/repo/x/",
            "v1",
            dt.date(2026, 1, 2),
            "Study, Steer, Export, Sanction",
        )
    )
    assert '<meta name="citation_title" content="A &quot;quoted&quot; &lt;title&gt; &amp; 网络">' in tags
    assert '<meta name="citation_publication_date" content="2026/01/02">' in tags
    assert '<meta name="citation_author" content="Study, Steer, Export, Sanction contributors">' in tags
    assert '<meta name="citation_public_url" content="https://example.org/repo/x/">' in tags


def test_every_built_page_carries_citation_meta_tags_in_its_head(real_site):
    import re
    from html import unescape

    for url in ("", "policies/cybersecurity-law/", "glossary/", "explainers/social-credit/"):
        html = real_site["pages"][url].path.read_text(encoding="utf-8")
        head = html.split("</head>", 1)[0]
        title = re.search(r'<meta name="citation_title" content="([^"]*)">', head)
        assert title and title.group(1), url
        assert head.count('name="citation_title"') == 1 and 'name="citation_publication_date"' in head, url
        page_title = unescape(re.search(r"<title>(.*?)</title>", head).group(1))
        assert page_title.startswith(unescape(title.group(1))), (url, page_title, title.group(1))


def test_a_reader_downloads_the_bibtex_file_in_chromium(browser, site):
    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    page.goto(site.url + "policies/cybersecurity-law/")
    with page.expect_download() as info:
        page.get_by_role("link", name="BibTeX").click()
    download = info.value
    assert download.suggested_filename.startswith("ssess-cybersecurity-law-") and download.suggested_filename.endswith(
        ".bib"
    )
    text = Path(download.path()).read_text(encoding="utf-8")
    assert text.startswith("@misc{ssess-cybersecurity-law-") and "/policies/cybersecurity-law/}" in text
    context.close()
