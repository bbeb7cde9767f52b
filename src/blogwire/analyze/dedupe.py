"""Near-duplicate stories across outlets: MinHash over morpheme shingles, LSH banding.

Exact re-posts (same URL, canonical URL or body) are caught by the store's lookups;
this module finds the same story rewritten by another outlet. An article becomes a
set of k-grams of its content morphemes, the set a MinHash signature, the signature
a handful of LSH band hashes that the store indexes so a new article only meets the
few old ones that share a band.

Everything here is deterministic across processes, machines and NumPy releases,
because signatures and band hashes outlive the process in the store: hashes come
from blake2b and fixed integer arithmetic, never from Python's salted `hash()` or a
NumPy random stream.

The hashing follows datasketch's "affine32" scheme (one 32-bit hash per shingle,
then `a_k * h + b_k mod 2**32` with odd `a_k`, a bijection, so the permutations add
no collisions); the input is a blake2b digest, already uniform, so datasketch's
MurmurHash pre-mix is not needed. We do not depend on datasketch itself: it pulls in
SciPy, its LSH keeps buckets in memory rather than in our SQLite index, and its
per-object API would turn `group()` into a Python loop over articles.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import numpy.typing as npt

from blogwire.errors import AnalyzeError
from blogwire.models import Sentence, is_content_tag

# Bump when the shingle hash or the permutations change: signatures of different
# schemes are not comparable, and the header makes old bytes fail loudly.
_SCHEME = 1
_HEADER = b"MH" + bytes([_SCHEME, 0])
_DTYPE = np.dtype("<u4")

# Above this many members an LSH bucket is searched rather than expanded into all
# its pairs, so one story carried by many outlets cannot make grouping quadratic.
_MAX_BUCKET = 32
# Verified in slices so the (pairs x num_perm) comparison stays a few MB.
_VERIFY_CHUNK = 65536

U64 = npt.NDArray[np.uint64]
U32 = npt.NDArray[np.uint32]
I64 = npt.NDArray[np.int64]


@dataclass(frozen=True, slots=True)
class MinHashSignature:
    """The minimum of each of `num_perm` hash permutations over a shingle set.

    Held as little-endian uint32 bytes so the record is immutable and hashable;
    `array()` is a zero-copy, read-only view.
    """

    hashes: bytes

    @classmethod
    def from_array(cls, values: npt.ArrayLike) -> MinHashSignature:
        return cls(np.ascontiguousarray(values, dtype=_DTYPE).tobytes())

    @property
    def num_perm(self) -> int:
        return len(self.hashes) // _DTYPE.itemsize

    def array(self) -> U32:
        return np.frombuffer(self.hashes, dtype=_DTYPE)

    def to_bytes(self) -> bytes:
        return _HEADER + self.hashes

    @classmethod
    def from_bytes(cls, data: bytes) -> MinHashSignature:
        body = data[len(_HEADER) :]
        if not data.startswith(_HEADER) or not body or len(body) % _DTYPE.itemsize:
            raise AnalyzeError(
                f"not a MinHash signature of scheme {_SCHEME} ({len(data)} bytes, "
                f"header {data[: len(_HEADER)]!r})"
            )
        return cls(bytes(body))


def content_hash(paragraphs: Sequence[str]) -> str:
    """sha256 of the body text, blind to Unicode composition and whitespace layout."""
    text = unicodedata.normalize("NFC", "\n".join(paragraphs))
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()


def shingles(sentences: Sequence[Sentence], k: int = 3) -> set[str]:
    """k-grams of the article's content morphemes, as "form/TAG" joined by spaces.

    Particles, endings and punctuation are left out: outlets rewrite exactly those
    (plain vs polite endings, quote marks) while keeping the facts. Grams run across
    sentence boundaries so a reordered paragraph only changes its two seams. An
    article shorter than k content morphemes yields its whole sequence as one gram.
    """
    if k < 1:
        raise AnalyzeError(f"shingle size must be at least 1, got {k}")
    words = [
        # the tag without its conjugation suffix: an irregular stem ("VV-I") is a "VV"
        f"{m.form}/{m.tag.split('-', 1)[0]}"
        for s in sentences
        for m in s.morphemes
        if is_content_tag(m.tag)
    ]
    if len(words) <= k:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i : i + k]) for i in range(len(words) - k + 1)}


def signature(shingles: set[str], *, num_perm: int = 128) -> MinHashSignature:
    """MinHash of a shingle set; raises AnalyzeError for an empty set.

    An empty set has no minimum: datasketch's all-max convention would make every
    empty article a perfect duplicate of every other one.
    """
    if not shingles:
        raise AnalyzeError("nothing to fingerprint: the article has no content morphemes")
    a, b = _permutations(num_perm)
    digest = b"".join(
        [hashlib.blake2b(s.encode("utf-8"), digest_size=4).digest() for s in shingles]
    )
    h = np.frombuffer(digest, dtype=_DTYPE)
    # uint32 arithmetic wraps, which is exactly the "mod 2**32" of the scheme
    return MinHashSignature.from_array((a[:, None] * h[None, :] + b[:, None]).min(axis=1))


def similarity(a: MinHashSignature, b: MinHashSignature) -> float:
    """Estimated Jaccard similarity: the share of permutations whose minima agree."""
    _same_width(a.num_perm, b.num_perm)
    return float(np.count_nonzero(a.array() == b.array())) / a.num_perm


def bands(sig: MinHashSignature, *, threshold: float) -> tuple[int, ...]:
    """The LSH band hashes of a signature, as signed 64-bit ints for SQLite.

    Each hash also encodes its band's position and the (bands, rows) layout, so the
    store can keep all bands in one indexed column, and hashes made for another
    threshold never meet these by accident (changing the threshold means re-banding
    stored signatures, which the store keeps for that reason).
    """
    n_bands, rows = optimal_params(threshold, sig.num_perm)
    matrix = sig.array()[None, :]
    return tuple(int(v) for v in _band_hashes(matrix, n_bands, rows)[0].view(np.int64))


@lru_cache(maxsize=64)
def optimal_params(threshold: float, num_perm: int) -> tuple[int, int]:
    """(bands, rows) minimizing equal-weighted false positive + false negative area.

    The same objective as datasketch's `_optimal_param` (weights 0.5/0.5): a pair of
    similarity s becomes a candidate with probability P(s) = 1 - (1 - s**r)**b; the
    false positive weight is the area under P below the threshold, the false
    negative weight the area above P beyond it. SciPy's adaptive `quad` is replaced
    by the trapezoid rule on 2001 points; the layouts agree with datasketch 2.0 for
    every threshold 0.05, 0.10 … 0.95 at 64, 128 and 256 permutations.
    """
    if not 0.0 < threshold < 1.0:
        raise AnalyzeError(f"similarity threshold must be between 0 and 1, got {threshold}")
    _check_num_perm(num_perm)
    layouts = np.array(
        [(b, r) for b in range(1, num_perm + 1) for r in range(1, num_perm // b + 1)],
        dtype=np.float64,
    )
    b, r = layouts[:, :1], layouts[:, 1:]
    low = np.linspace(0.0, threshold, 2001)[None, :]
    high = np.linspace(threshold, 1.0, 2001)[None, :]
    false_pos = _trapezoid(1.0 - (1.0 - low**r) ** b, low)
    false_neg = _trapezoid((1.0 - high**r) ** b, high)
    best = int(np.argmin(0.5 * false_pos + 0.5 * false_neg))
    return int(layouts[best, 0]), int(layouts[best, 1])


def _trapezoid(y: npt.NDArray[np.float64], x: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    # by hand: np.trapezoid is NumPy 2 only, np.trapz gone in NumPy 2
    area: npt.NDArray[np.float64] = ((y[:, 1:] + y[:, :-1]) * 0.5 * np.diff(x, axis=1)).sum(axis=1)
    return area


def group(signatures: Sequence[MinHashSignature], *, threshold: float) -> list[list[int]]:
    """Partition a batch into stories: every index appears in exactly one group.

    Candidates are pairs sharing an LSH band; a candidate pair is joined only when
    its estimated similarity reaches the threshold; groups are the connected
    components. Identical signatures are collapsed first, so a wire story carried
    verbatim by fifty outlets costs one row, not 1225 pairs. Groups come
    sorted, in the order of their first member; singletons are groups of one.
    """
    if not signatures:
        return []
    num_perm = signatures[0].num_perm
    for sig in signatures:
        _same_width(num_perm, sig.num_perm)
    n_bands, rows = optimal_params(threshold, num_perm)
    joined = b"".join(s.hashes for s in signatures)
    matrix = np.frombuffer(joined, dtype=_DTYPE).reshape(len(signatures), num_perm)
    _, first, inverse = np.unique(
        matrix.view(np.dtype((np.void, num_perm * _DTYPE.itemsize))).ravel(),
        return_index=True,
        return_inverse=True,
    )
    unique = matrix[first]
    needed = int(np.ceil(threshold * num_perm - 1e-9))  # agreeing minima a pair needs
    parent = list(range(len(unique)))
    hashes = _band_hashes(unique, n_bands, rows)
    codes = [_bucket_pairs(hashes[:, band], unique, needed, parent) for band in range(n_bands)]
    # one pair often shares several bands: verify it once
    pairs = np.unique(np.concatenate(codes))
    for start in range(0, len(pairs), _VERIFY_CHUNK):
        chunk = pairs[start : start + _VERIFY_CHUNK]
        left, right = chunk // len(unique), chunk % len(unique)
        close = np.count_nonzero(unique[left] == unique[right], axis=1) >= needed
        for x, y in zip(left[close].tolist(), right[close].tolist(), strict=True):
            _union(parent, x, y)
    groups: dict[int, list[int]] = {}
    for index, row in enumerate(inverse.ravel().tolist()):
        groups.setdefault(_find(parent, row), []).append(index)
    return list(groups.values())


def _bucket_pairs(column: U64, unique: U32, needed: int, parent: list[int]) -> I64:
    """Pairs (coded `i * n + j`) sharing a bucket in one band.

    Small buckets, nearly all of them, yield every pair at once, vectorized. A bucket
    above _MAX_BUCKET members is explored on the spot instead (`_link_bucket`), so
    a big story cannot make a band cost the square of its size.
    """
    n = len(column)
    order = np.argsort(column, kind="stable")
    ordered = column[order]
    starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]])
    sizes = np.diff(np.r_[starts, n])
    codes: list[I64] = [np.empty(0, dtype=np.int64)]
    for size in np.unique(sizes[sizes > 1]).tolist():
        runs = starts[sizes == size]
        if size > _MAX_BUCKET:
            for run in runs.tolist():
                _link_bucket(order[run : run + size], unique, needed, parent)
            continue
        iu, ju = np.triu_indices(size, 1)
        left = order[(runs[:, None] + iu[None, :]).ravel()].astype(np.int64)
        right = order[(runs[:, None] + ju[None, :]).ravel()].astype(np.int64)
        codes.append(np.minimum(left, right) * n + np.maximum(left, right))
    return np.concatenate(codes)


def _link_bucket(
    members: npt.NDArray[np.intp], unique: U32, needed: int, parent: list[int]
) -> None:
    """Connected components of one bucket's similarity graph by breadth-first search.

    Each visited member is compared only with the members not reached yet, so a
    bucket that is one story costs about one comparison per member, while the
    components found are exactly those all pairs would give.
    """
    rest = members
    while len(rest):
        frontier, rest = [int(rest[0])], rest[1:]
        while frontier and len(rest):
            u = frontier.pop()
            close = np.count_nonzero(unique[rest] == unique[u], axis=1) >= needed
            found = rest[close].tolist()
            for v in found:
                _union(parent, u, v)
            frontier.extend(found)
            rest = rest[~close]


def _band_hashes(matrix: U32, n_bands: int, rows: int) -> U64:
    """(n, n_bands) uint64 hashes of each band's rows, chained through the
    MurmurHash3 64-bit finalizer from a per-band, per-layout salt."""
    values = matrix[:, : n_bands * rows].reshape(len(matrix), n_bands, rows).astype(np.uint64)
    h = np.broadcast_to(_band_salts(n_bands, rows), (len(matrix), n_bands))
    for row in range(rows):
        h = _fmix64(h ^ values[:, :, row])
    return h


@lru_cache(maxsize=16)
def _band_salts(n_bands: int, rows: int) -> U64:
    return _derived_u64(f"blogwire-lsh-band/{n_bands}x{rows}", n_bands)


@lru_cache(maxsize=16)
def _permutations(num_perm: int) -> tuple[U32, U32]:
    _check_num_perm(num_perm)
    raw = _derived_u64("blogwire-minhash-perm/1", 2 * num_perm)
    a = (raw[:num_perm] & np.uint64(0xFFFFFFFF)).astype(np.uint32) | np.uint32(1)
    b = (raw[num_perm:] & np.uint64(0xFFFFFFFF)).astype(np.uint32)
    return a, b


def _derived_u64(label: str, count: int) -> U64:
    """`count` fixed pseudo-random uint64 from blake2b in counter mode: unlike a
    NumPy Generator stream, these can never change with a library upgrade."""
    blocks = b"".join(
        hashlib.blake2b(f"{label}/{i}".encode(), digest_size=64).digest()
        for i in range((count + 7) // 8)
    )
    return np.frombuffer(blocks, dtype="<u8")[:count].astype(np.uint64)


_M1 = np.uint64(0xFF51AFD7ED558CCD)
_M2 = np.uint64(0xC4CEB9FE1A85EC53)
_S33 = np.uint64(33)


def _fmix64(h: U64) -> U64:
    h = h ^ (h >> _S33)
    h = h * _M1
    h = h ^ (h >> _S33)
    h = h * _M2
    return h ^ (h >> _S33)


def _find(parent: list[int], x: int) -> int:
    root = x
    while parent[root] != root:
        root = parent[root]
    while parent[x] != root:  # path compression keeps later finds O(1)
        parent[x], x = root, parent[x]
    return root


def _union(parent: list[int], x: int, y: int) -> None:
    rx, ry = _find(parent, x), _find(parent, y)
    if rx != ry:
        parent[max(rx, ry)] = min(rx, ry)


def _check_num_perm(num_perm: int) -> None:
    if num_perm < 2:
        raise AnalyzeError(f"a MinHash signature needs at least 2 permutations, got {num_perm}")


def _same_width(a: int, b: int) -> None:
    if a != b:
        raise AnalyzeError(f"signatures of {a} and {b} permutations cannot be compared")
