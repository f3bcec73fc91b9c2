"""Traditional characters a reader types, read as the simplified the posts are written in.

Readers in Hong Kong and Taiwan type 騰訊 or 半導體; Eastmoney's wires are simplified.
OpenCC (`opencc`, the project's own Python wheels) converts phrase by phrase. A
simplified word may change too (乾照光电 -> 干照光电: 乾 is simplified in names), so
callers try what was typed first and the conversion only as a second reading.
"""

from __future__ import annotations

import functools

import opencc

_T2S = opencc.OpenCC("t2s")


# The fan-out asks for every DISTINCT keyword of all chats on every article (fanout.match):
# room for all of them, or a large install converts each keyword again per article.
@functools.lru_cache(maxsize=1 << 16)
def simplified(text: str) -> str:
    """`text` in simplified characters (itself when it has nothing traditional)."""
    if text.isascii():
        return text
    return _T2S.convert(text)
