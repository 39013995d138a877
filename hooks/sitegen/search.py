"""Search that finds Chinese (issue #14), on top of Material's own search (lunr in a Web Worker).

Building the index
    Material's search plugin cuts every run of hanzi into words with jieba when jieba is installed,
    and writes the words apart with zero-width spaces (mkdocs.yml adds U+200B to the separator).
    `segment_glossary(terms)` first gives jieba each glossary term as a word of its own, so a term
    is one token (集体学习, not 集体 + 学习). `enrich_search_index` (sitegen.terms) then adds two
    fields a result never shows:
      words  the words inside each longer token (学习 and 集体 inside 集体学习), so a query for a word
             finds the pages where it stands inside a longer one;
      names  on a glossary entry: its hanzi and its pinyin with tones, without, and run together
             (jítǐ xuéxí, jiti xuexi, jitixuexi), weighted as a title.
    The title and text stay the page's own words. `page_boost` ranks a page by its kind (front
    matter `search: boost:` as Material reads it): explainers first for a topic, a record for its
    company or person.

Querying
    Material's worker splits a query's hanzi with its own experimental segmenter, which never
    considers the last character (学习 became 学*, 集体学习 became 集体* 学*: pages with either,
    and a "Missing" line). `patch_worker` replaces that one call: a run of hanzi that is a word of
    the index is searched as it is (with Material's trailing wildcard); any other run is split into
    the fewest words of the index, each required (+集体 +学习*).
"""

from __future__ import annotations

import html
import logging
import re
from functools import cache, lru_cache

from .model import COLLECTIONS, HAN_CHARS, segment

_HAN_RUN = re.compile(f"[{HAN_CHARS}]+")
_HAN_WORD = re.compile(f"^[{HAN_CHARS}]{{2,}}$")

# How much a page's kind weighs in the ranking, by its folder (Material multiplies each of the
# page's index entries by it). A topic query finds explainers first, a name its record (each
# collection's weight is its registration's `search_boost`, model.py); sources, which quote and
# title everything, come last.
BOOST = {
    "explainers": 6.0,
    **{segment(c): m.search_boost for c, m in COLLECTIONS.items() if m.search_boost is not None},
    "packs": 0.5,  # a teacher pack and the printable reader repeat the explainers
    "reader": 0.3,
}
NAMES_BOOST = 300.0  # the `names` field (a glossary entry's hanzi and pinyin): less than a title
EXACT_BOOST = 10  # a query word found whole weighs this much more than a longer word it begins


def page_boost(src_uri: str) -> float | None:
    """The search boost for the page at `src_uri` (a path under docs/), by its folder."""
    folder = src_uri.split("/", 1)[0] if "/" in src_uri else ""
    return BOOST.get(folder)


@lru_cache(maxsize=1)
def _jieba():
    import jieba

    jieba.setLogLevel(logging.WARNING)  # no "Building prefix dict" lines in the build log
    jieba.initialize()  # its dictionary (get_FREQ is empty before)
    return jieba


def segment_glossary(terms) -> None:
    """Make each glossary term (each run of hanzi in it) one word for jieba, so the search plugin
    keeps it whole. jieba is process-wide: the words are added once, before any page is indexed."""
    jieba = _jieba()
    for term in terms:
        for run in _HAN_RUN.findall(term.zh):
            if len(run) > 1 and run not in _added:
                jieba.add_word(run, freq=max(jieba.get_FREQ(run) or 0, 10_000))
                _added.add(run)


_added: set[str] = set()


def _is_word(text: str) -> bool:
    jieba = _jieba()
    return bool(jieba.get_FREQ(text)) or text in _added


@cache
def inner_words(token: str) -> tuple[str, ...]:
    """What a query may look for inside a token of hanzi: the words of jieba's dictionary (and the
    glossary's) shorter than it, and every pair of characters (a query the dictionary does not
    know, such as 大数据, is searched as overlapping pairs)."""
    if len(token) < 3:
        return ()
    found = {token[i : i + 2]: None for i in range(len(token) - 1)}
    for size in range(len(token) - 1, 2, -1):
        for i in range(len(token) - size + 1):
            piece = token[i : i + size]
            if _is_word(piece):
                found[piece] = None
    return tuple(found)


def hidden_words(title: str, text: str) -> str:
    """The `words` field of an index entry: each word inside a longer token of its title or text,
    once, that is not a token there already."""
    tokens = set()
    for field in (title, text):
        tokens.update(_HAN_RUN.findall(field))  # Material wrote jieba's words apart (U+200B)
    words = dict.fromkeys(w for token in sorted(tokens) for w in inner_words(token) if w not in tokens)
    return " ".join(html.escape(w) for w in words)


def name_words(zh: str, pinyin: str, pinyin_plain: str, *, compound: bool = True) -> str:
    """The `names` field of a glossary entry: hanzi, the dictionary's words inside them if the term
    is a compound, not a name (学习 and 集体 in 集体学习: a reader who searches for a word finds the
    term built on it before the headlines that carry the word), pinyin with tones, without, and run
    together."""
    runs = _HAN_RUN.findall(zh)
    inside = [w for run in runs for w in _jieba().cut_for_search(run) if len(w) > 1 and w != run] if compound else []
    toned = pinyin.lower().replace("-", " ")
    plain = pinyin_plain.lower().replace("-", " ")
    joined = re.sub(r"[^a-zü]", "", plain)
    plain_words = plain.replace(",", " ").split()
    forms = [
        *runs,
        *inside,
        *toned.replace(",", " ").split(),
        *plain_words,
        *(w.replace("ü", "u") for w in plain_words),
        *(w.replace("ü", "v") for w in plain_words),
        joined,
        joined.replace("ü", "u"),
        joined.replace("ü", "v"),
    ]
    return " ".join(html.escape(f) for f in dict.fromkeys(f for f in forms if f))


# Material's worker (9.x, minified): `q = q.replace(/\p{sc=Han}+/gu, s => [...segment(s, this.index.invertedIndex)].join("* "))`
_SEGMENT_CALL = re.compile(
    r'(\w+)=\1\.replace\(new RegExp\("\\\\p\{sc=Han\}\+","gu"\),(\w+)=>\[\.\.\.\w+\(\2,this\.index\.invertedIndex\)\]\.join\("\* "\)\)'
)
PATCH_MARK = "/* sitegen: hanzi queries (sitegen/search.py) */"
_QUERY_JS = (
    PATCH_MARK
    + r"""
function __hanziQuery(run, index) {
  /* a word of the index: as it is (Material adds a trailing wildcard) */
  if (run in index || run.length < 2) return run;
  var n = run.length, words = null;
  /* else the fewest words of two or more characters that the index holds (the last may be a word
     still being typed), each required; the index holds every word and every pair of characters
     inside a longer token (sitegen/search.py) */
  var cost = [], cut = [];
  cost[n] = 0;
  for (var i = n - 1; i >= 0; i--) {
    cost[i] = Infinity;
    for (var j = n; j > i + 1; j--) {
      if (!(run.slice(i, j) in index || (j === n && i > 0))) continue;
      var c = cost[j] + (run.slice(i, j) in index ? 1 : 2.5);
      if (c < cost[i]) { cost[i] = c; cut[i] = j; }
    }
  }
  if (cost[0] < Infinity) {
    words = [];
    for (var k = 0; k < n; k = cut[k]) words.push(run.slice(k, cut[k]));
  } else {
    /* or overlapping pairs of characters (大数据: +大数 +数据), if the index holds them all */
    words = [];
    for (var p = 0; p < n - 1; p++) words.push(run.slice(p, p + 2));
    if (!words.slice(0, -1).every(function (w) { return w in index; })) return run;
  }
  if (words.length === 1) return run;
  return words.map(function (w, x) { return "+" + w + (x === words.length - 1 ? "*" : ""); }).join(" ");
}
function __searchQuery(query, index) {
  return query.split(/(\s+)/).map(function (part) {
    if (/\p{sc=Han}/u.test(part))
      return part.replace(/\p{sc=Han}+/gu, function (run) { return __hanziQuery(run, index); });
    /* a plain word: the word itself weighs more than the longer words it begins (xi: Xi, not xinzhi) */
    if (/^[\p{L}\p{N}]{2,}$/u.test(part)) return part + "^" + __EXACT + " " + part;
    return part;
  }).join("");
}
"""
)


class WorkerChanged(Exception):
    pass


def patch_worker(js: str) -> str:
    """Material's search worker with its query segmentation replaced by `__hanziQuery` (see the
    module's docstring). Raises WorkerChanged if the worker no longer has the call (a new Material
    release): the build must then stop, not ship a search that misses Chinese."""
    if PATCH_MARK in js:
        return js
    patched, count = _SEGMENT_CALL.subn(
        lambda m: f"{m.group(1)}=__searchQuery({m.group(1)},this.index.invertedIndex)", js
    )
    if count != 1:
        raise WorkerChanged(
            "Material's search worker no longer splits hanzi queries where sitegen/search.py expects it"
        )
    return _QUERY_JS.replace("__EXACT", f"{EXACT_BOOST:g}") + patched
