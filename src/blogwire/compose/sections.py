"""Split the body sentences into 3-5 coherent sections, in source order.

A section break belongs where adjacent sentences share the fewest content words
(lexical cohesion, as in TextTiling); a paragraph break in the source is a strong
hint. Dynamic programming picks the breaks with the lowest total cohesion under
the size limits, so sections are never fixed-size chunks.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence

from blogwire.errors import ComposeError
from blogwire.models import Sentence

MIN_SIZE = 2
MAX_SIZE = 5
PARAGRAPH_BREAK_BONUS = 0.35


def section_count(n: int, min_sections: int = 3, max_sections: int = 5) -> int:
    """About four sentences a section, within what the sizes allow."""
    lowest = max(min_sections, math.ceil(n / MAX_SIZE))
    highest = min(max_sections, n // MIN_SIZE)
    if lowest > highest:
        raise ComposeError(
            f"{n} usable body sentences cannot fill {min_sections} sections of "
            f"{MIN_SIZE}-{MAX_SIZE} sentences"
        )
    return min(max(lowest, round(n / 4)), highest)


def split_sections(
    sentences: Sequence[Sentence], min_sections: int = 3, max_sections: int = 5
) -> list[list[Sentence]]:
    n = len(sentences)
    k = section_count(n, min_sections, max_sections)
    gap_cost = _gap_costs(sentences)
    inf = float("inf")
    # prefer even sizes slightly, so one section does not swallow the rest
    size_penalty = {size: 0.02 * abs(size - n / k) for size in range(MIN_SIZE, MAX_SIZE + 1)}
    # best[j][i]: lowest cost of cutting sentences[:i] into j sections
    best = [[inf] * (n + 1) for _ in range(k + 1)]
    back = [[0] * (n + 1) for _ in range(k + 1)]
    best[0][0] = 0.0
    for j in range(1, k + 1):
        previous, row, row_back = best[j - 1], best[j], back[j]
        # only the cuts from which the other k - j sections can still fill the rest:
        # the others never lie on the best path, so leaving them out changes nothing
        low = max(j * MIN_SIZE, n - (k - j) * MAX_SIZE)
        high = min(j * MAX_SIZE, n - (k - j) * MIN_SIZE)
        for i in range(low, high + 1):
            for size, penalty in size_penalty.items():
                start = i - size
                if start < 0:
                    break  # the sizes only grow, so every later start is negative too
                before = previous[start]
                if before == inf:
                    continue
                # gap_cost[0] is 0.0: no break is paid for before the first sentence
                cost = before + gap_cost[start] + penalty
                if cost < row[i]:
                    row[i] = cost
                    row_back[i] = start
    if best[k][n] == inf:
        raise ComposeError(f"cannot split {n} sentences into {k} sections")
    bounds: list[tuple[int, int]] = []
    i = n
    for j in range(k, 0, -1):
        start = back[j][i]
        bounds.append((start, i))
        i = start
    return [list(sentences[a:b]) for a, b in reversed(bounds)]


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
