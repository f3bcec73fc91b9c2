"""Astral characters (emoji) written as two UTF-16 surrogates, joined into one.

Tools that count in UTF-16 (JavaScript) write 😀 as `&#55357;&#56832;` in HTML or as
`\\ud83d\\ude00` in a YAML double-quoted string. Neither half is a character: html.unescape
and lxml make each a U+FFFD (the push showed ��), PyYAML's C loader rejects the escape and
so the whole front matter (then read line by line, the title kept the escape's text),
and the parser drops surrogate code points, which nothing can encode. A valid pair is
made the one character here, before any of those; a lone half is dropped (an escape, a
code point) or left to the HTML rules (a reference: U+FFFD).
"""

from __future__ import annotations

import re

_HIGH_DEC = r"0*(?:5529[6-9]|55[3-9]\d\d|56[0-2]\d\d|563[01]\d)"  # 55296-56319
_LOW_DEC = r"0*(?:5632\d|563[3-9]\d|56[4-9]\d\d|57[0-2]\d\d|573[0-3]\d|5734[0-3])"  # -57343
_HIGH_HEX = r"x0*d[89ab][0-9a-f]{2}"
_LOW_HEX = r"x0*d[c-f][0-9a-f]{2}"
_REF_PAIR = rf"&#({_HIGH_DEC}|{_HIGH_HEX});&#({_LOW_DEC}|{_LOW_HEX});"
_REFS = re.compile(_REF_PAIR, re.I)
_REFS_BYTES = re.compile(_REF_PAIR.encode(), re.I)

# `\uD83D\uDE00` whose backslash is not itself escaped (`\\ud83d` is a backslash and text)
_UNESCAPED = r"(?<!\\)((?:\\\\)*)\\u"
_HIGH_ESC = "[dD][89abAB][0-9a-fA-F]{2}"
_LOW_ESC = "[dD][c-fC-F][0-9a-fA-F]{2}"
_ESCAPE_PAIR = re.compile(rf"{_UNESCAPED}({_HIGH_ESC})\\u({_LOW_ESC})")
_LONE_ESCAPE = re.compile(rf"{_UNESCAPED}(?:{_HIGH_ESC}|{_LOW_ESC})")
_CODE_POINT_PAIR = re.compile("[\ud800-\udbff][\udc00-\udfff]")


def _number(ref: str) -> int:
    return int(ref[1:], 16) if ref[:1] in "xX" else int(ref)


def _joined(high: int, low: int) -> int:
    return 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)


def join_refs(html: str) -> str:
    """`&#55357;&#56832;` (or `&#xD83D;&#xDE00;`) -> `&#128512;`, still a reference."""
    if "&#" not in html:
        return html
    return _REFS.sub(lambda m: f"&#{_joined(_number(m[1]), _number(m[2]))};", html)


def join_refs_bytes(html: bytes) -> bytes:
    """`join_refs` for a page's bytes (any ASCII-compatible encoding), before lxml."""
    if b"&#" not in html:
        return html
    return _REFS_BYTES.sub(
        lambda m: b"&#%d;" % _joined(_number(m[1].decode()), _number(m[2].decode())), html
    )


def join_escapes(yaml_text: str) -> str:
    """`\\ud83d\\ude00` -> 😀 in YAML text, and a lone `\\ud83d` escape dropped, so the
    YAML loader accepts the front matter."""
    if "\\u" not in yaml_text:
        return yaml_text
    text = _ESCAPE_PAIR.sub(lambda m: m[1] + chr(_joined(int(m[2], 16), int(m[3], 16))), yaml_text)
    return _LONE_ESCAPE.sub(lambda m: m[1], text)


def join_code_points(text: str) -> str:
    """A high surrogate followed by a low one -> the one character (lone ones stay)."""
    return _CODE_POINT_PAIR.sub(lambda m: chr(_joined(ord(m[0][0]), ord(m[0][1]))), text)
