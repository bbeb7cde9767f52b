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


def cohesion(a: Sentence, b: Sentence) -> float:
    return _cosine(Counter(a.content_words), Counter(b.content_words))


def _cosine(wa: Counter[str], wb: Counter[str]) -> float:
    dot = sum(wa[w] * wb[w] for w in wa.keys() & wb.keys())
    if not dot:
        return 0.0
    return dot / math.sqrt(sum(v * v for v in wa.values()) * sum(v * v for v in wb.values()))


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
    # cost of a break before sentence i (1..n-1): how much i continues i-1
    gap_cost = [0.0] * n
    # each sentence's words counted once, not once for each of its two neighbours
    words = [Counter(s.content_words) for s in sentences]
    for i in range(1, n):
        cost = _cosine(words[i - 1], words[i])
        if sentences[i].paragraph != sentences[i - 1].paragraph:
            cost -= PARAGRAPH_BREAK_BONUS
        gap_cost[i] = cost
    inf = float("inf")
    # best[j][i]: lowest cost of cutting sentences[:i] into j sections
    best = [[inf] * (n + 1) for _ in range(k + 1)]
    back = [[0] * (n + 1) for _ in range(k + 1)]
    best[0][0] = 0.0
    for j in range(1, k + 1):
        for i in range(j * MIN_SIZE, n + 1):
            for size in range(MIN_SIZE, MAX_SIZE + 1):
                start = i - size
                if start < 0 or best[j - 1][start] == inf:
                    continue
                cost = best[j - 1][start] + (gap_cost[start] if start > 0 else 0.0)
                # prefer even sizes slightly, so one section does not swallow the rest
                cost += 0.02 * abs(size - n / k)
                if cost < best[j][i]:
                    best[j][i] = cost
                    back[j][i] = start
    if best[k][n] == inf:
        raise ComposeError(f"cannot split {n} sentences into {k} sections")
    bounds: list[tuple[int, int]] = []
    i = n
    for j in range(k, 0, -1):
        start = back[j][i]
        bounds.append((start, i))
        i = start
    return [list(sentences[a:b]) for a, b in reversed(bounds)]
