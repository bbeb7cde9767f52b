"""Refuse feed links that would make blogwire fetch an internal page.

A feed is written by a stranger. Without this guard a link to
http://169.254.169.254/ (cloud metadata) or http://192.168.0.1/admin would be
fetched from the user's machine and its text published as a blog post.

Known limit: the name is resolved here and again by httpx when it connects, so
a DNS server that answers differently the second time (DNS rebinding) is not
stopped; closing that needs a transport pinned to the checked address.
"""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

from blogwire.errors import SourceError

Address = ipaddress.IPv4Address | ipaddress.IPv6Address

ALLOWED_SCHEMES = frozenset({"http", "https"})


def check_link(url: str, *, feed_url: str, allow: tuple[str, ...], resolve: bool = True) -> None:
    """Raise SourceError (subject=url) unless the link may be fetched.

    Allowed: http(s) links whose host resolves only to public addresses, or whose
    host is the feed's own host (a user's feed on 127.0.0.1 may link to pages
    there), or is listed in `allow`. With resolve=False only literal IPs are
    checked, for reading a feed offline; fetching must check with resolve=True.
    """
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise SourceError(f"not a valid link: {exc}", subject=url) from exc
    scheme = parts.scheme.lower()
    if scheme not in ALLOWED_SCHEMES:
        shown = f"'{scheme}:'" if scheme else "a link without a scheme"
        raise SourceError(f"{shown} links are refused (only http and https)", subject=url)
    host = _normal_host(parts.hostname)
    if not host:
        raise SourceError("link has no host", subject=url)
    if host in {_normal_host(name) for name in allow} or host == _feed_host(feed_url):
        return
    for address in _addresses(host, port or (443 if scheme == "https" else 80), url, resolve):
        kind = non_public_kind(address)
        if kind:
            raise SourceError(
                f"refused: {host} is a {kind} address ({address}); "
                "list the host in fetch.allow_private_hosts to allow it",
                subject=url,
            )


def non_public_kind(address: Address) -> str | None:
    """Why an address is internal ('loopback', 'private', …), or None when public."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped  # ::ffff:127.0.0.1 is loopback in disguise
    checks = (
        ("loopback", address.is_loopback),
        ("link-local", address.is_link_local),
        ("unspecified", address.is_unspecified),
        ("multicast", address.is_multicast),
        ("private", address.is_private),
        ("reserved", address.is_reserved),
    )
    for kind, hit in checks:
        if hit:
            return kind
    # is_global is False for the rest of the special ranges (100.64/10 carrier NAT, …)
    return None if address.is_global else "non-public"


def _addresses(host: str, port: int, url: str, resolve: bool) -> list[Address]:
    try:
        return [ipaddress.ip_address(host)]
    except ValueError:
        pass
    if not resolve:
        return []
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as exc:  # gaierror is an OSError; IDNA errors are not
        raise SourceError(f"cannot resolve host {host}", subject=url) from exc
    addresses: list[Address] = []
    for info in infos:
        try:
            addresses.append(ipaddress.ip_address(str(info[4][0])))
        except ValueError:
            continue
    if not addresses:
        raise SourceError(f"cannot resolve host {host}", subject=url)
    return addresses


def _feed_host(feed_url: str) -> str | None:
    """The feed's host for the same-host exemption; a local file feed has none."""
    try:
        parts = urlsplit(feed_url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ALLOWED_SCHEMES:
        return None
    return _normal_host(parts.hostname) or None


def _normal_host(host: str | None) -> str:
    # "Example.COM." and "example.com" are the same host.
    return (host or "").strip().rstrip(".").lower()
