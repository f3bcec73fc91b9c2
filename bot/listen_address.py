"""Listen addresses as operators write them (`[http] listen`): parsed into a bare host and
an optional port, and a bare host written back into a URL or a message."""

from __future__ import annotations

import ipaddress
import re


def split_listen(value: str) -> tuple[str, int | None]:
    """A listen address as operators write it: `127.0.0.1`, `0.0.0.0`, a host name, an IPv6
    address (`::`, `::1`, or bracketed `[::1]`), each optionally with `:port` (an IPv6
    address only in brackets: `[::1]:9108`). Returns (bare host, port or None); raises
    ValueError saying what is wrong."""
    value = value.strip()
    port: str | None = None
    if value == "":  # every IPv4 interface, as before (0.0.0.0 says it plainer)
        return "", None
    if value.startswith("["):
        m = re.fullmatch(r"\[([^\]]*)\](?::(.*))?", value)
        if m is None:
            raise ValueError(f"{value!r}: an IPv6 address in brackets needs its ']'")
        host, port = m.group(1), m.group(2)
        _ipv6(host, value)
    elif value.count(":") >= 2:  # a bare IPv6 address; a port needs the brackets
        host = value
        _ipv6(host, value)
    elif ":" in value:
        host, port = value.split(":")
    else:
        host = value
    if not host:
        raise ValueError(f"{value!r}: no host (use 0.0.0.0 or :: for every interface)")
    if port is None:
        return host, None
    if not port.isdigit() or not 1 <= int(port) <= 65535:
        raise ValueError(f"{value!r}: the port must be a number from 1 to 65535")
    return host, int(port)


def _ipv6(host: str, written: str) -> None:
    try:
        ipaddress.IPv6Address(host)
    except ValueError:
        msg = f"{written!r} is not an IPv6 address (write it as [::1] or [::1]:9108)"
        raise ValueError(msg) from None


def is_ipv6(host: str) -> bool:
    """Whether a (bare) listen host is an IPv6 address."""
    try:
        ipaddress.IPv6Address(host)
    except ValueError:
        return False
    return True


def url_host(host: str) -> str:
    """The host as it goes in a URL or a message: IPv6 in brackets."""
    return f"[{host}]" if is_ipv6(host) else host
