"""Content-Encoding decoding that never inflates past the caller's budget.

httpx decodes each chunk read from the socket whole before the caller sees it: a
64 KiB gzip chunk may inflate to 64 MiB, and stacked encodings (`gzip, gzip`, which
httpx accepts) multiply, so a few KiB of answer can ask for gigabytes before any cap
looks at the size. Here every layer inflates at most the bytes still allowed, plus one
to tell that the budget is passed.
"""

from __future__ import annotations

import zlib

import httpx

ENCODINGS = ("gzip", "deflate")  # what the client asks for (Accept-Encoding)


class Overflow(Exception):
    """The decoded body would be larger than the budget."""


class _Layer:
    """One gzip or deflate layer (deflate: zlib-wrapped, else raw, as httpx reads it)."""

    def __init__(self, kind: str) -> None:
        self.raw_retry = kind == "deflate"
        self.z = zlib.decompressobj(zlib.MAX_WBITS | 16 if kind == "gzip" else zlib.MAX_WBITS)

    def feed(self, data: bytes, room: int) -> bytes:
        try:
            out = self.z.decompress(data, room + 1)
        except zlib.error as exc:
            if not self.raw_retry:
                raise httpx.DecodingError(str(exc)) from exc
            self.raw_retry = False
            self.z = zlib.decompressobj(-zlib.MAX_WBITS)
            return self.feed(data, room)
        self.raw_retry = False
        if self.z.unconsumed_tail or len(out) > room:
            raise Overflow
        return out


class Inflater:
    """Decodes a body's Content-Encoding layers chunk by chunk; `feed(raw, room)` returns
    at most `room` decoded bytes or raises `Overflow`. Unknown codings pass through, as
    in httpx."""

    def __init__(self, content_encoding: str) -> None:
        kinds = [v.strip().lower() for v in content_encoding.split(",")]
        self.layers = [_Layer(k) for k in reversed(kinds) if k in ENCODINGS]

    def feed(self, data: bytes, room: int) -> bytes:
        for layer in self.layers:
            data = layer.feed(data, room)
        if len(data) > room:
            raise Overflow
        return data
