"""One Chromium, a few tabs in parallel: load every page of a served site
once per screen width, show it in each colour scheme in turn, optionally run axe-core and search on
it, and record every request it makes. Used by tests/test_gates_browser.py."""

from __future__ import annotations

import asyncio
import concurrent.futures
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from .browser import ARGS

# The four ways a reader meets the site: light and dark scheme, a small phone and a desktop. A page
# is loaded once per width, in the first scheme listed for that width (the reader's system asks for
# it), and checked with every axe rule; the reader then switches to the other scheme with the
# header's toggle, and the page is checked again with the rules that read colours. A scheme changes
# nothing but colours (tests/test_gates_browser.py checks every stylesheet for it), so every other
# rule finds in it what it found at that width in the first scheme. The search is typed in the last
# combination of its width, so no earlier check sees its requests.
COMBOS = [("light", 360), ("dark", 360), ("dark", 1280), ("light", 1280)]
SCHEME = {"light": "default", "dark": "slate"}  # Material's data-md-color-scheme for each
# axe rules: WCAG 2.0, 2.1 and 2.2 A and AA, and axe's best practices
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
COLOUR_RULES = ["color-contrast", "link-in-text-block"]  # the rules of AXE_TAGS that read colours
SEARCH_INDEX = "search/search_index.json"
# Material keeps the toggle's choice in localStorage, and a page loaded after it would follow it:
# forgotten before each load, so every page loads in the scheme the reader's system asks for.
FORGET_TOGGLE = (
    "Object.keys(localStorage).filter(k => k.endsWith('__palette')).forEach(k => localStorage.removeItem(k))"
)

# The page's colour scheme once Material has mounted its components: polled every 10 ms until it
# is the one wanted, for at most 10 s (false: not mounted by then).
MOUNTED_JS = """async want => {
  const scheme = () => window.component$ !== undefined && document.body.getAttribute('data-md-color-scheme');
  for (let n = 0; n < 1000 && scheme() !== want; n++) await new Promise(done => setTimeout(done, 10));
  return scheme();
}"""

# Everything a reader needs with JavaScript off: the article, its headings, paragraphs, lists,
# definition lists, tables (every cell) and links; an empty element (a slot a script fills) is not
# content, nor is a picture's layout for another screen width while its other layout is shown
# (.vis-narrow / .vis-wide, see hooks/sitegen/visuals.py). Returns what is not visible, for the message.
HIDDEN_CONTENT_JS = """() => {
  const article = document.querySelector('article');
  if (!article) return {missing: 'no <article>', hidden: [], text: 0, counts: {}};
  const visible = el => el.checkVisibility({checkOpacity: true, checkVisibilityCSS: true})
                        && el.getClientRects().length > 0;
  const sel = 'h1, h2, h3, h4, h5, h6, p, li, dt, dd, table, th, td, a[href]:not(.headerlink), blockquote, .admonition';
  const hidden = [];
  const counts = {};
  const otherLayout = el => {
    const layout = el.closest('.vis-narrow, .vis-wide');
    return layout && !visible(layout) && [...layout.parentElement.children].some(
      c => c !== layout && c.matches('.vis-narrow, .vis-wide') && visible(c));
  };
  for (const el of article.querySelectorAll(sel)) {
    if (otherLayout(el)) continue;
    const tag = el.tagName.toLowerCase();
    counts[tag] = (counts[tag] || 0) + 1;
    const empty = !el.textContent.trim() && !el.querySelector('img, svg, video, canvas');
    if (!visible(el) && !empty) hidden.push(tag + (el.id ? '#' + el.id : '') + ' "' + el.textContent.trim().slice(0, 60) + '"');
  }
  return {missing: visible(article) ? null : 'the article is not visible', hidden, counts,
          text: article.innerText.trim().length};
}"""


@dataclass
class Visit:
    url: str  # site-relative
    combo: tuple[str, int]
    scheme: str = ""  # data-md-color-scheme the page ended up with
    violations: list[dict] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # uncaught page errors, failed loads
    requests_before_search: list[str] = field(default_factory=list)
    search_results: int | None = None
    rules: list[str] | None = None  # the axe rules run: AXE_TAGS' (None), or COLOUR_RULES
    content: dict | None = None  # HIDDEN_CONTENT_JS, with JavaScript off

    @property
    def label(self) -> str:
        return f"/{self.url} [{self.combo[0]}, {self.combo[1]} px]"


def describe(v: dict) -> str:
    """An axe violation as one line: rule, impact, help, then the first elements and why."""

    def node(n):
        target = " ".join(t if isinstance(t, str) else str(t) for t in n["target"])
        why = (n.get("failureSummary") or "").strip().splitlines()
        return f"{target}: {why[-1].strip() if why else ''}"

    nodes = "; ".join(node(n) for n in v["nodes"][:5])
    more = f" (+{len(v['nodes']) - 5} more)" if len(v["nodes"]) > 5 else ""
    return f"{v['id']} ({v['impact']}): {v['help']} -> {nodes}{more}"


async def _visit(page, base: str, visit: Visit, *, load: bool, axe: bool, search: str | None, javascript: bool):
    """Load the page (`load`), or switch the open one to the visit's scheme with the toggle; check it."""
    try:
        if load:
            response = await page.goto(base + visit.url, wait_until="load")
            if response is None or response.status != (404 if visit.url.startswith("no-such-page") else 200):
                visit.errors.append(f"HTTP {response.status if response else 'no response'}")
        else:
            await page.locator("[data-md-component=palette] label:not([hidden])").click()
            visit.rules = COLOUR_RULES
        if not javascript:
            visit.content = await page.evaluate(HIDDEN_CONTENT_JS)
            return
        # Material's bundle sets window.component$ once every component is mounted; the body's
        # data-md-color-scheme is the scheme the reader's system asks for, or the toggle's. Polled
        # inside the page (wait_for_function evaluates a string in the page, which the CSP forbids).
        visit.scheme = await page.evaluate(MOUNTED_JS, SCHEME[visit.combo[0]])
        if not visit.scheme:
            raise TimeoutError("Material's components were not mounted within 10 s")
        if axe:
            run_only = {"type": "rule", "values": visit.rules} if visit.rules else {"type": "tag", "values": AXE_TAGS}
            result = await page.evaluate(
                "only => axe.run(document, {runOnly: only, resultTypes: ['violations']})", run_only
            )
            visit.violations = result["violations"]
        if search:
            visit.requests_before_search = list(visit.requests)
            await page.keyboard.press("/")  # Material's shortcut; opens the search dialog
            query = page.locator("[data-md-component=search-query]")
            await query.fill(search)
            items = page.locator(".md-search-result__item")
            try:
                await items.first.wait_for(state="attached", timeout=20_000)
            except Exception:  # a busy machine: type the query again once, as a reader would
                await query.fill("")
                await query.type(search)
                await items.first.wait_for(state="attached", timeout=20_000)
            visit.search_results = await items.count()
    except Exception as exc:  # reported by the test, naming the page
        visit.errors.append(f"{type(exc).__name__}: {str(exc).splitlines()[0]}")


async def crawl(
    base: str,
    urls: list[str],
    combos,
    chromium: str,
    *,
    axe_path: Path | None = None,
    search: dict | None = None,
    search_urls: set | None = None,
    javascript: bool = True,
    tabs: int = 3,
) -> list[Visit]:
    """Visit every url in every combo: loaded once per width, in the first of that width's combos,
    then switched to each of the others in turn (with JavaScript off there is no toggle, so every
    combo is loaded). A visit's requests are its page's load's and those of every check since.
    `search` maps a combo to a query typed on each of `search_urls` (default: every page) in it."""
    from playwright.async_api import async_playwright

    visits: list[Visit] = []
    axe_src = axe_path.read_text(encoding="utf-8") if axe_path else None
    groups: list[list] = []  # the combos one load of a page is shown in
    for combo in combos:
        same = [g for g in groups if javascript and g[0][1] == combo[1]]
        (same[0].append(combo) if same else groups.append([combo]))
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=chromium, args=ARGS)
        try:
            for group in groups:
                queue = list(urls)

                # each tab is awaited before the loop moves on, so it reads this group's variables
                async def tab(queue=queue, group=group):
                    context = await browser.new_context(
                        viewport={"width": group[0][1], "height": 800},
                        color_scheme=group[0][0],
                        java_script_enabled=javascript,
                        service_workers="block",
                    )
                    await context.add_init_script(script=FORGET_TOGGLE)
                    if axe_src:
                        await context.add_init_script(script=axe_src)
                    page = await context.new_page()
                    current: list[Visit] = []
                    page.on("request", lambda r: current and current[-1].requests.append(r.url))
                    page.on("pageerror", lambda e: current and current[-1].errors.append(f"page error: {e}"))
                    page.on(
                        "console",
                        lambda m: (
                            current
                            and "Content Security Policy" in m.text
                            and current[-1].errors.append(f"CSP: {m.text[:200]}")
                        ),
                    )  # the page's policy blocked something
                    while queue:
                        url = queue.pop(0)
                        for n, combo in enumerate(group):
                            visit = Visit(url, combo, requests=list(current[-1].requests) if n else [])
                            current.append(visit)
                            await _visit(
                                page,
                                base,
                                visit,
                                load=n == 0,
                                axe=bool(axe_src),
                                javascript=javascript,
                                search=(search or {}).get(combo)
                                if search_urls is None or visit.url in search_urls
                                else None,
                            )
                            visits.append(visit)
                    await context.close()

                await asyncio.gather(*(tab() for _ in range(tabs)))
        finally:
            await browser.close()
    return visits


def run(*args, **kwargs) -> list[Visit]:
    """crawl() to its end, in a thread of its own: the tests' shared browser (Playwright's sync API,
    conftest.py) holds this thread's event loop, and asyncio.run() refuses to start a second one."""
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, crawl(*args, **kwargs)).result()


def foreign(requests: list[str], origin: str) -> list[str]:
    """Requests to any host but the site's own (data: and blob: URLs go to no host)."""
    own = urlsplit(origin).netloc
    return [r for r in requests if urlsplit(r).scheme not in ("data", "blob", "about") and urlsplit(r).netloc != own]
