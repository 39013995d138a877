"""The content's own rules, checked on the real data: sources cited and citing, nothing orphaned."""

from __future__ import annotations

import pytest
from conftest import ROOT
from sitegen import load_dataset

DOCUMENTS = ("strittmatter-2019", "von-carnap-2021")


@pytest.fixture(scope="module")
def dataset():
    return load_dataset(ROOT / "data")


def test_every_source_listed_is_cited(dataset):
    by_terms = {ref.source for t in dataset.terms.values() for ref in t.sources} | {
        t.expected.source for t in dataset.terms.values() if t.expected
    }  # data/curriculum.yml: a term's general secretary and its count of sessions
    uncited = [
        s for s in dataset.collections["sources"] if not dataset.backlinks.get(("sources", s)) and s not in by_terms
    ]
    assert uncited == [], f"sources no record cites (cite them or remove them): {uncited}"


def test_every_record_has_a_source_that_exists(dataset):
    for collection, records in dataset.collections.items():
        if collection == "sources":
            continue
        for record in records.values():
            assert record.sources, f"{collection}/{record.id} has no source"
            for ref in record.sources:
                assert ref.source in dataset.collections["sources"]


def test_the_two_documents_are_sources_with_author_publisher_and_date(dataset):
    for source_id in DOCUMENTS:
        source = dataset.get("sources", source_id)
        assert source.authors and source.publisher and source.published


def test_every_fact_check_card_is_shown_on_a_record_page(dataset):
    for claim in dataset.collections["claims"].values():
        assert claim.records, f"claims/{claim.id} is not attached to any record page"
        assert claim.claim.source in DOCUMENTS or dataset.get("sources", claim.claim.source)


def test_every_record_page_is_linked_from_another_page(built_site_links):
    inbound, pages = built_site_links
    records = [
        url for url in pages if url.count("/") == 3 and not url.startswith(("/data/", "/explainers/", "/assets/"))
    ]
    assert len(records) > 300
    orphans = [url for url in records if not inbound.get(url)]
    assert orphans == [], f"record pages nothing links to: {orphans[:20]}"


@pytest.fixture(scope="module")
def built_site_links(real_site):
    from urllib.parse import urljoin, urlsplit

    from sitecheck import is_external

    pages = real_site["pages"]
    inbound: dict[str, set[str]] = {}
    for page in pages.values():
        for href in page.links:
            if is_external(href):
                continue
            target = urlsplit(urljoin("/" + page.url, href)).path
            if target != "/" + page.url:
                inbound.setdefault(target, set()).add(page.url)
    return inbound, {"/" + url for url in pages}
