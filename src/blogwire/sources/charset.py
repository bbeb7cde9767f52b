"""Decode page bytes the way a browser would: declared charset first, then sniffing.

Korean pages still ship EUC-KR/CP949; decoding them as UTF-8 yields mojibake
posts, which is the most reported failure of feed-to-post tools.
"""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)

# Browsers treat these labels as windows-949, a superset of EUC-KR.
_ALIASES = {"euc-kr": "cp949", "euc_kr": "cp949", "ks_c_5601-1987": "cp949", "ksc5601": "cp949"}

# Python codecs that its registry calls text encodings but that no web page is
# written in: a codec that refuses every byte, escape syntaxes and domain-name forms.
# A label naming one of them, or a transform (rot13, base64, zlib…), is ignored.
_NOT_TEXT = frozenset({"undefined", "unicode-escape", "raw-unicode-escape", "idna", "punycode"})


# Magic numbers of what a page or feed link most often turns out to be instead.
_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or an Office document)"),
    (b"\x1f\x8b", "gzip-compressed data"),
    (b"RIFF", "a RIFF file (WebP image, WAV audio…)"),
)


def binary_kind(data: bytes) -> str | None:
    """What `data` is when it is not text ('a PNG image'), or None for text.

    A NUL byte in the first 512 bytes means binary (as browsers sniff), unless a
    UTF-16 byte-order mark says the NULs are half of each character.
    """
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            return kind
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return None
    return "binary data" if b"\x00" in data[:512] else None


def decode(data: bytes, *, declared: str | None = None, is_html: bool = True) -> tuple[str, str]:
    """Return (text, encoding). Never raises: undecodable bytes become U+FFFD, and a
    label that names no real text encoding (`undefined`, `rot13`, `base64`, `zlib`)
    is ignored as if it were not there."""
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="replace"), "utf-8"
    for label in (declared, _meta_charset(data) if is_html else None):
        encoding = _normalize(label)
        if encoding:
            try:
                return data.decode(encoding), encoding
            except (UnicodeError, LookupError):
                continue  # a wrong declaration is common; fall through to sniffing
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp949"), "cp949"
    except UnicodeDecodeError:
        pass
    best = from_bytes(data).best()
    if best is not None:
        return str(best), best.encoding
    return data.decode("utf-8", errors="replace"), "utf-8"


def _meta_charset(data: bytes) -> str | None:
    match = _META_CHARSET.search(data[:4096])
    return match.group(1).decode("ascii", errors="ignore") if match else None


def _normalize(label: str | None) -> str | None:
    if not label:
        return None
    label = label.strip().lower()
    label = _ALIASES.get(label, label)
    try:
        info = codecs.lookup(label)
    except LookupError:
        return None
    # `_is_text_encoding` is the codec registry's own bytes<->str flag (False for
    # rot13, base64, zlib, hex…); str.decode refuses the others with LookupError.
    if not getattr(info, "_is_text_encoding", True) or info.name in _NOT_TEXT:
        return None
    return info.name
