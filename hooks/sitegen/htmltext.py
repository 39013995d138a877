"""What the engine's passes over a page's HTML text share (terms.annotate, typography.smarten): how
a page splits into tags and text, a tag's name, and which elements are verbatim (a quotation, or an
element marked class="verbatim": a quote, a Chinese title or topic), whose text nothing is ever
written into; and how a run of hanzi is tagged with its language."""

from __future__ import annotations

import re

from .model import HAN_CHARS

TAG = re.compile(r"(<[^>]*>)")  # split(page) gives text and tags, alternating
VOID = {"br", "img", "hr", "input", "meta", "link", "wbr", "source", "area", "col", "embed", "param", "track"}
VERBATIM_TAGS = {"blockquote", "q"}
_TAG_NAME = re.compile(r"</?\s*([a-zA-Z0-9]+)")
_VERBATIM_CLASS = re.compile(r'\sclass\s*=\s*["\']?(?:[^"\'>]*\s)?verbatim[\s"\'>]')
_HAN_RUN = re.compile(f"[{HAN_CHARS}][{HAN_CHARS}\u3000-\u303f\uff00-\uffef]*")  # with CJK punctuation


def tag_han(text: str) -> str:
    """Wrap every run of hanzi in text or HTML text in <span lang="zh-Hans"> (screen readers, fonts)."""
    return _HAN_RUN.sub(lambda m: f'<span lang="zh-Hans">{m.group(0)}</span>', text)


def tag_name(part: str) -> str:
    """'<a href=…>' -> 'a'; '</Q>' -> 'q'; '' for a comment or anything else."""
    name = _TAG_NAME.match(part)
    return name.group(1).lower() if name else ""


def opens(part: str, tag: str) -> bool:
    """The tag opens an element that has content (not a closing, self-closing or void tag)."""
    return not part.startswith("</") and not part.endswith("/>") and tag not in VOID


def is_verbatim(part: str, tag: str) -> bool:
    """An opening tag of a verbatim element."""
    return tag in VERBATIM_TAGS or bool(_VERBATIM_CLASS.search(part))
