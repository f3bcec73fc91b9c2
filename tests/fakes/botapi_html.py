"""Telegram's HTML rules in small, for the fake Bot API server.

Telegram refuses a `parse_mode=HTML` message with an unsupported tag, an unclosed
tag or a stray `<`/`&` ("can't parse entities"), and counts the length limit on the
visible text. The fake applies the same checks so escaping bugs fail tests.
"""

from __future__ import annotations

import html.parser

TG_TAGS = frozenset(
    [
        "b",
        "strong",
        "i",
        "em",
        "u",
        "ins",
        "s",
        "strike",
        "del",
        "a",
        "code",
        "pre",
        "span",
        "tg-spoiler",
        "tg-emoji",
        "blockquote",
    ]
)


class _HTMLCheck(html.parser.HTMLParser):
    """Telegram's rules in small: only its tags, every tag closed, no stray `<`/`&`."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.stack: list[str] = []
        self.error: str | None = None
        self.text_len = 0

    def _fail(self, msg: str) -> None:
        if self.error is None:
            self.error = msg

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag not in TG_TAGS:
            self._fail(f'unsupported start tag "{tag}"')
        self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self._fail(f'unexpected end tag "{tag}"')
            return
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        if "<" in data:
            self._fail("unexpected character '<'")
        self.text_len += len(data)

    def handle_entityref(self, name: str) -> None:
        if name not in ("lt", "gt", "amp", "quot"):
            self._fail(f'unsupported HTML entity "&{name};"')
        self.text_len += 1

    def handle_charref(self, name: str) -> None:
        self.text_len += 1


def html_error(text: str) -> str | None:
    """Why Telegram would refuse `text` with parse_mode HTML, or None if it is fine."""
    # a bare '&' not starting an entity is refused by Telegram
    for i, ch in enumerate(text):
        if ch == "&":
            rest = text[i + 1 : i + 12]
            if ";" not in rest or not (rest[0].isalnum() or rest[0] == "#"):
                return f"can't parse entities: unexpected '&' at byte offset {i}"
    p = _HTMLCheck()
    try:
        p.feed(text)
        p.close()
    except Exception as exc:  # pragma: no cover - HTMLParser is lenient
        return f"can't parse entities: {exc}"
    if p.rawdata:
        return "can't parse entities: unclosed start tag"
    if p.error:
        return f"can't parse entities: {p.error}"
    if p.stack:
        return (
            f"can't parse entities: can't find end tag corresponding to start tag \"{p.stack[-1]}\""
        )
    return None


def visible_length(text: str, parse_mode: str | None) -> int:
    if (parse_mode or "").upper() != "HTML":
        return len(text)
    p = _HTMLCheck()
    p.feed(text)
    p.close()
    return p.text_len
