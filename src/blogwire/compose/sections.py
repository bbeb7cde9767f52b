"""Split the body sentences into coherent sections, in source order.

A section break belongs where adjacent sentences share the fewest content words
(lexical cohesion, as in TextTiling); a paragraph break in the source is a strong
hint. Dynamic programming picks the breaks with the lowest total cohesion, sizes kept
even-ish, so sections are never fixed-size chunks. compose/select cuts the whole
article so (then says only the best sentences of each section).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence

from blogwire.errors import ComposeError
from blogwire.models import Sentence

PARAGRAPH_BREAK_BONUS = 0.35
EVEN_SIZES = 0.04  # per sentence a section is off an even share: one never swallows the rest


def segment(atoms: Sequence[Sequence[Sentence]], k: int) -> list[list[Sentence]]:
    """The atoms (runs of sentences no break may cut) cut into k sections, in order,
    where adjacent sentences share the fewest content words; a paragraph break counts
    as a strong hint. ComposeError if there are fewer atoms than sections."""
    n = len(atoms)
    if n < k:
        raise ComposeError(f"{n} runs of sentences cannot fill {k} sections")
    size = [len(a) for a in atoms]
    flat = [s for atom in atoms for s in atom]
    costs = _gap_costs(flat)
    starts = [sum(size[:i]) for i in range(n)]
    gap = [costs[start] for start in starts]  # costs[0] is 0.0: no break before the first
    total = len(flat)
    inf = float("inf")
    # best[j][i]: lowest cost of cutting atoms[:i] into j sections
    best = [[inf] * (n + 1) for _ in range(k + 1)]
    back = [[0] * (n + 1) for _ in range(k + 1)]
    best[0][0] = 0.0
    for j in range(1, k + 1):
        for i in range(j, n - (k - j) + 1):
            for start in range(j - 1, i):
                before = best[j - 1][start]
                if before == inf:
                    continue
                length = starts[i - 1] + size[i - 1] - starts[start]
                cost = before + gap[start] + EVEN_SIZES * abs(length - total / k)
                if cost < best[j][i]:
                    best[j][i] = cost
                    back[j][i] = start
    bounds: list[tuple[int, int]] = []
    i = n
    for j in range(k, 0, -1):
        start = back[j][i]
        bounds.append((start, i))
        i = start
    return [[s for atom in atoms[a:b] for s in atom] for a, b in reversed(bounds)]


def _gap_costs(sentences: Sequence[Sentence]) -> list[float]:
    """The cost of a break before each sentence: how much it continues the one before
    (0.0 before the first, where no break is possible)."""
    n = len(sentences)
    gap_cost = [0.0] * n
    # each sentence's words counted, and their norm taken, once rather than once for
    # each of its two neighbours
    words = [Counter(s.content_words) for s in sentences]
    norms = [sum([v * v for v in w.values()]) for w in words]
    for i in range(1, n):
        a, b = words[i - 1], words[i]
        if len(b) < len(a):
            a, b = b, a  # look the smaller one's words up in the larger
        dot = sum([v * b[w] for w, v in a.items() if w in b])
        # the cosine of the two sentences' word counts (exact: integer products and sums)
        cost = dot / math.sqrt(norms[i - 1] * norms[i]) if dot else 0.0
        if sentences[i].paragraph != sentences[i - 1].paragraph:
            cost -= PARAGRAPH_BREAK_BONUS
        gap_cost[i] = cost
    return gap_cost
