"""Split a Jekyll file into its front matter (dict) and body, tolerantly.

Real finews files are not always clean YAML: one generator version wrote a blank line
before `---` (Jekyll then treats the file as a page, but the post is still good), a
BOM or CRLF may sneak in, and a title with an unescaped quote breaks YAML. We
normalize the text first, load the block with python-frontmatter (PyYAML C loader),
and when YAML still fails fall back to reading `key: value` lines, so one bad quote
does not lose the post.
"""

from __future__ import annotations

import re
from typing import Any

import frontmatter
import yaml

from bot.parser.surrogates import join_escapes

_FENCE = re.compile(r"\A---[ \t]*\n(.*?\n)?---[ \t]*(?:\n|\Z)", re.S)
_OPENING = re.compile(r"\A---[ \t]*(?:\n|\Z)")
_LINE = re.compile(r"^([A-Za-z_][\w-]*)\s*:\s?(.*)$")


class FrontMatterError(ValueError):
    """The front matter block is missing or unusable (the message says which)."""


def normalize_text(text: str) -> str:
    """BOM off, CRLF/CR to LF, NUL bytes removed."""
    text = text.lstrip("\ufeff")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.replace("\x00", "")


def split(text: str) -> tuple[dict[str, Any], str]:
    """(meta, body) of a post. Raises FrontMatterError when there is no `---` block,
    saying whether the file does not start with `---` or never closes the block.

    Leading blank lines (and a BOM) before the opening `---` are skipped.
    """
    text = normalize_text(text)
    stripped = text.lstrip(" \t\n")
    m = _FENCE.match(stripped)
    if m is None:
        if _OPENING.match(stripped):
            raise FrontMatterError("front matter not closed (no --- line after the opening ---)")
        raise FrontMatterError("no front matter (file does not start with ---)")
    raw = m.group(1) or ""
    body = stripped[m.end() :]
    return load_meta(raw), body


def load_meta(raw: str) -> dict[str, Any]:
    """YAML front matter as a dict; falls back to `key: value` lines on YAML errors."""
    raw = join_escapes(raw)  # `\ud83d\ude00`: the C loader rejects surrogate escapes
    try:
        meta = frontmatter.loads(f"---\n{raw}---\n").metadata
    except (yaml.YAMLError, ValueError, TypeError):
        meta = None
    if not isinstance(meta, dict):
        return _lines(raw)
    # A double-quoted YAML string can spell NUL (`"\0"`, `"\x00"`) after the text's own
    # NULs are gone: drop it too, or the outlet slug and name carry it (and PostgreSQL
    # refuses to store the post).
    meta = _without_nul(meta, ())
    # YAML turns `title: 2024` into an int and `title: yes` into True: the text as
    # written is what we want for titles.
    for key in ("title",):
        if key in meta and not isinstance(meta[key], str) and key in (raw_lines := _lines(raw)):
            meta[key] = raw_lines[key]
    return meta


def _without_nul(value: Any, parents: tuple[int, ...]) -> Any:
    """`value` without NULs. A YAML alias inside its own anchor (`a: &a [*a]`) loads as a
    list that contains itself: walking it would never end (RecursionError, a traceback of
    thousands of lines per post), so such front matter is refused."""
    if isinstance(value, str):
        return value.replace("\x00", "")
    if isinstance(value, list | dict):
        if id(value) in parents:
            raise FrontMatterError("front matter has a recursive YAML alias (&x ... *x)")
        inner = (*parents, id(value))
        if isinstance(value, list):
            return [_without_nul(v, inner) for v in value]
        return {_without_nul(k, inner): _without_nul(v, inner) for k, v in value.items()}
    return value


def _lines(raw: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for line in raw.split("\n"):
        m = _LINE.match(line)
        if not m:
            continue
        key, val = m.group(1), m.group(2).strip()
        if len(val) >= 2 and val[0] == val[-1] and val[0] in "\"'":
            val = val[1:-1]
        out[key] = val
    return out
