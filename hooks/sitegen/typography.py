"""Typographic quotes, apostrophes and dashes in text that comes from data (Python-Markdown's
`smarty` does the same for the hand-written pages). Only for prose the site writes: a verbatim
quote field is never passed through here (it is shown exactly as its source printed it)."""
from __future__ import annotations

import re

_OPEN = r"(^|[\s(\[{/—–-])"


def smart(text: str) -> str:
    """'He said "no" -- it's over' -> 'He said “no” – it’s over'. Plain text in, plain text out."""
    if '"' not in text and "'" not in text and "--" not in text:
        return text
    text = re.sub(_OPEN + '"', r"\1“", text).replace('"', "”")
    text = re.sub(_OPEN + "'", r"\1‘", text).replace("'", "’")
    return text.replace("---", "—").replace("--", "–")
