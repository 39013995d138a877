"""Valid HTML: the Nu Html Checker (npm vnu-jar, one JVM run over every built page) finds no
error, except the allow-listed ones that come from unmodified Material for MkDocs markup.
And every page has a meta description of its own or the site's."""

from __future__ import annotations

import json
import re
import subprocess
from html.parser import HTMLParser

import pytest
from gates.browser import need_vnu
from gates.site import built_site

pytestmark = pytest.mark.slow  # the Nu checker on the built site

# (message pattern, markup pattern, reason): an error is allowed only when both match.
ALLOWED = [
    (
        r"^Attribute “autocomplete” is only allowed when the input type is ",
        r'<input class="md-toggle" data-md-toggle="(drawer|search)" type="checkbox" id="__(drawer|search)" autocomplete="off">',
        "Material's base.html (outside any block) puts autocomplete=off on its drawer and search toggle "
        "checkboxes so that Firefox does not restore them checked after back/forward navigation.",
    ),
    (
        r"^Attribute “autocorrect” not allowed on element “input” at this point\.$",
        r'<input type="text" class="md-search__input" name="query" aria-label="[^"]+" placeholder="[^"]+" '
        r'autocapitalize="off" autocorrect="off" autocomplete="off"',
        "Material's partials/search.html: autocorrect=off is Safari's (non-standard) switch that stops iOS "
        "from 'correcting' search terms; browsers that do not know it ignore it.",
    ),
]


def allowed(message: dict) -> bool:
    return any(re.search(m, message["message"]) and re.search(x, message.get("extract", "")) for m, x, _ in ALLOWED)


@pytest.fixture(scope="module")
def vnu_messages():
    java, jar = need_vnu()
    site = built_site()
    # One short JVM run: the quick compiler alone and the serial collector check the same pages with
    # the same messages for half the CPU time of the JVM's defaults (made for long-running servers).
    jvm = ["-Xss8m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"]
    result = subprocess.run(
        [java, *jvm, "-jar", str(jar), "--format", "json", "--errors-only", "--skip-non-html", str(site)],
        capture_output=True,
        text=True,
    )
    report = json.loads(result.stderr or '{"messages": []}')
    return site, report["messages"]


def test_every_page_is_valid_html(vnu_messages):
    site, messages = vnu_messages
    pages = len(list(site.rglob("*.html")))
    errors = [m for m in messages if m["type"] != "info" and not allowed(m)]
    lines = [
        f"{m['url'].split(site.name + '/', 1)[-1]}:{m.get('lastLine', '?')}: {m['message']} "
        f"[{m.get('extract', '').strip()[:120]!r}]"
        for m in errors
    ]
    assert not errors, f"{len(errors)} HTML errors in {pages} pages:\n" + "\n".join(lines[:40])


def test_the_allow_list_is_still_needed(vnu_messages):
    """An entry no page triggers any more is removed, so the list never hides a new error."""
    _, messages = vnu_messages
    for m, x, _reason in ALLOWED:
        assert any(re.search(m, msg["message"]) and re.search(x, msg.get("extract", "")) for msg in messages), (
            f"allow-list entry no longer matches anything; remove it: {m}"
        )


class _Meta(HTMLParser):
    def __init__(self):
        super().__init__()
        self.descriptions: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and attrs.get("name") == "description":
            self.descriptions.append(attrs.get("content") or "")


def test_every_page_has_one_meta_description():
    site = built_site()
    problems = []
    pages = sorted(site.rglob("*.html"))
    for path in pages:
        parser = _Meta()
        # The head alone: a <meta> in the body is invalid HTML, which the Nu checker reports.
        parser.feed(path.read_text(encoding="utf-8").partition("</head>")[0])
        name = path.relative_to(site).as_posix()
        if len(parser.descriptions) != 1:
            problems.append(f"{name}: {len(parser.descriptions)} <meta name=description> elements")
        elif len(parser.descriptions[0].strip()) < 20:
            problems.append(f"{name}: meta description too short: {parser.descriptions[0]!r}")
    assert len(pages) > 100
    assert not problems, "\n".join(problems[:40])
