"""Sentence ranking: which sentences carry the story, and which are not sentences at all.

The score of a sentence is

    (centrality + TITLE_WEIGHT * title_similarity + LEAD_WEIGHT * lead) * log(1 + content_words)

times FRAGMENT_WEIGHT for fragments. Each part stands for one reason an editor picks a
sentence for a summary:

* centrality: PageRank over the sentences, edges weighted by the TF-IDF cosine of their
  content morphemes. A sentence that shares the story's vocabulary with many others states
  the story rather than a detail of it.
* title similarity: the headline names the story; TF-IDF cosine with it, so words the
  whole article repeats count for little.
* lead: news is written as an inverted pyramid; the first real sentences (counted after
  subtitles and captions, which outlets put above the lead) summarise the rest.
* informative length: a longer sentence states more facts; the logarithm keeps a 60-word
  run-on sentence from beating a 20-word lead by brute length. It has no free parameter.
* fragments (bylines, captions, credits, subtitles) are not sentences a post can use.

Centrality and title similarity are divided by their article maximum, so the three terms
share one 0..1 scale and the two weights mean "worth this share of the most central
sentence". The lead weight was set a priori (a half). The title weight started there too
and was lowered to a quarter: headlines are often quotes or hooks, and on the dev set the
title adds little beside the lead (docs/quality.md has the ablation; any title weight
from 0 to 0.5 and lead weight from 0.5 to 0.75 is within ~0.02 F1, i.e. noise).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from blogwire.analyze.nlp import kiwi
from blogwire.models import Morpheme, Sentence, content_words

if TYPE_CHECKING:
    from kiwipiepy import Token

# PageRank's usual damping; 15% random restarts keep isolated sentences from scoring zero.
DAMPING = 0.85
# The lead bonus is worth half the top centrality, the title match a quarter (see above).
TITLE_WEIGHT = 0.25
LEAD_WEIGHT = 0.5
# The lead bonus falls by e every LEAD_DECAY real sentences: the first three or so
# sentences form a Korean news lead (리드), the bonus is ~5% by the tenth.
LEAD_DECAY = 3.0
# Fragments keep a tenth of their score: below any real sentence, still ordered.
FRAGMENT_WEIGHT = 0.1
# Cosine at or above which select() treats two sentences as the same sentence.
DUPLICATE_SIMILARITY = 0.9

# Bylines: "[OO일보 홍길동 기자]", "홍길동 기자", "(서울=연합뉴스) 홍길동 기자 =" alone;
# a Naver reporter card ends in "... 기자입니다".
_BYLINE = re.compile(
    r"^[\[(【<]?[^\]\)】>]{0,30}(?:기자|특파원|통신원|논설위원|객원기자)\s*=?\s*[\]\)】>]?$"
    r"|기자(?:입니다|였습니다)\.?$"
)
# "(서울=연합뉴스)": a dateline. Leading a sentence it opens the lead (the extractor strips
# it); after other text it is a Yonhap photo caption ("행사 모습 (서울=연합뉴스) ... 기자 =").
_DATELINE = re.compile(r"\([^()=]{1,15}=[^()]{1,20}\)")
_CREDIT = re.compile(
    r"[/\[(]\s*사진\s*=|사진\s*확대|사진\s*제공\s*[:=]|제공\s*=|=\s*연합뉴스\]"
    r"|ⓒ|©|무단\s*전재|재배포\s*금지|copyright\s*(?:\(c\)|\d{4})|all rights reserved",
    re.IGNORECASE,
)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
# List items and subheads: "▲ 서울 5.2%", "- 이해신 교수 연구팀, 신기술 개발에 성공".
_BULLET = re.compile(r"^\s*[▲△■□◆◇●○▶▷►•☞※#\-–—]")
_CLOSERS = "\"'”’」』)]}>》〉 "
_FINAL_PUNCT = frozenset(".?!…")
# Symbol tags that are words (foreign, Chinese characters, numbers); every other S* tag is
# punctuation and W_* tags are URLs, emails, serials.
_WORD_SYMBOLS = frozenset({"SL", "SH", "SN"})


def _terms(sentence: Sentence) -> list[str]:
    """Content morphemes, foreign words case-folded ("AI" and "ai" are one term)."""
    return [form.lower() for form in content_words(sentence.morphemes)]


def _has_predicate(sentence: Sentence) -> bool:
    """The sentence ends in a final ending ("...했다", "...입니다", "...인가요")."""
    words = [m for m in sentence.morphemes if m.tag in _WORD_SYMBOLS or m.tag[0] not in "SW"]
    if not words:
        return False
    last = words[-1]
    if last.tag == "EF":
        return True
    # Without a full stop kiwi often reads a final "-다" as a connective ending.
    if last.tag == "EC" and last.form == "다":
        return True
    # 해요체: "...인데요" ends in the particle 요 after an ending.
    return last.form == "요" and len(words) > 1 and words[-2].tag.startswith("E")


def _is_punctuated(text: str) -> bool:
    return text.rstrip(_CLOSERS)[-1:] in _FINAL_PUNCT


def is_fragment(sentence: Sentence, *, punctuated: bool = False) -> bool:
    """True for text a post must not use as a sentence: bylines, photo captions and
    credits, emails and copyright lines, list items, subtitles (no final ending) and
    scraps of fewer than two content words.

    `punctuated=True` says the article ends its sentences with punctuation (see
    `fragment_flags`); then a line without it is a subtitle or caption even when it ends
    like a sentence ("이견 좁히지 못해").
    """
    text = sentence.text.strip()
    if not text or _EMAIL.search(text) or _CREDIT.search(text) or _BYLINE.search(text):
        return True
    if _BULLET.match(text):
        return True
    dateline = _DATELINE.search(text)
    if dateline and dateline.start() > 0:
        return True
    if len(_terms(sentence)) < 2 or not _has_predicate(sentence):
        return True
    return punctuated and not _is_punctuated(text)


def fragment_flags(sentences: Sequence[Sentence]) -> list[bool]:
    """`is_fragment` for every sentence of one article, in context: when most sentences
    end with punctuation (web articles do; pre-split data sets often do not), a sentence
    without it is a subtitle or a caption."""
    ended = sum(_is_punctuated(s.text.strip()) for s in sentences)
    punctuated = ended > len(sentences) / 2
    return [is_fragment(s, punctuated=punctuated) for s in sentences]


def _tfidf(bags: Sequence[Counter[str]]) -> tuple[np.ndarray, dict[str, int], np.ndarray]:
    """Unit-length TF-IDF rows (log tf, smoothed idf over the article's sentences)."""
    n = len(bags)
    df = Counter(term for bag in bags for term in bag)
    vocab = {term: i for i, term in enumerate(df)}
    # +1/+0.5 smoothing keeps a word found in every sentence slightly positive.
    idf = np.array([math.log((n + 1) / (df[term] + 0.5)) for term in vocab])
    rows = np.zeros((n, len(vocab)))
    for i, bag in enumerate(bags):
        for term, count in bag.items():
            rows[i, vocab[term]] = (1 + math.log(count)) * idf[vocab[term]]
    norms = np.linalg.norm(rows, axis=1, keepdims=True)
    return rows / np.where(norms > 0, norms, 1.0), vocab, idf


def _pagerank(similarity: np.ndarray) -> np.ndarray:
    """Weighted PageRank; a sentence with no edges jumps uniformly.

    Solved directly, r = (1 - d)/n + d·Wᵀr as one linear system: an article has tens of
    sentences, and one solve is ~15x faster than power iteration (which agrees to 1e-10).
    """
    n = similarity.shape[0]
    out = similarity.sum(axis=1, keepdims=True)
    walk = np.where(out > 0, similarity / np.where(out > 0, out, 1.0), 1.0 / n)
    return np.linalg.solve(np.eye(n) - DAMPING * walk.T, np.full(n, (1 - DAMPING) / n))


def _scaled(values: np.ndarray) -> np.ndarray:
    top = values.max() if values.size else 0.0
    return values / top if top > 0 else np.zeros_like(values)


def _title_similarity(
    title: str | None,
    vocab: dict[str, int],
    idf: np.ndarray,
    unit: np.ndarray,
    title_sentence: Sentence | None = None,
) -> np.ndarray:
    if not title or not title.strip() or not vocab:
        return np.zeros(unit.shape[0])
    # The title's morphemes when the caller has them for exactly this text (analyze()
    # tokenizes the title for the keyphrases too); otherwise the title is tokenized here.
    if title_sentence is not None and title_sentence.text == title:
        tokens: Sequence[Morpheme | Token] = title_sentence.morphemes
    else:
        tokens = kiwi().tokenize(title)
    terms = Counter(form.lower() for form in content_words(tokens))
    vector = np.zeros(len(vocab))
    for term, count in terms.items():
        if term in vocab:
            vector[vocab[term]] = (1 + math.log(count)) * idf[vocab[term]]
    norm = np.linalg.norm(vector)
    return unit @ (vector / norm) if norm > 0 else np.zeros(unit.shape[0])


def rank_sentences(
    sentences: Sequence[Sentence],
    title: str | None = None,
    *,
    title_sentence: Sentence | None = None,
    fragments: Sequence[bool] | None = None,
) -> list[float]:
    """A score per sentence, higher = more central to the story (see the module doc).

    `title_sentence` is the title already tokenized (`tokenize_sentences([title])[0]`);
    it is used when its text is the title's, so the title is not tokenized again.
    `fragments` is `fragment_flags(sentences)` when the caller has it already.
    """
    return _rank(sentences, title, title_sentence=title_sentence, fragments=fragments)


def _rank(
    sentences: Sequence[Sentence],
    title: str | None,
    *,
    title_sentence: Sentence | None = None,
    fragments: Sequence[bool] | None = None,
    title_weight: float = TITLE_WEIGHT,
    lead_weight: float = LEAD_WEIGHT,
    by_length: bool = True,
    fragment_weight: float = FRAGMENT_WEIGHT,
) -> list[float]:
    """`rank_sentences` with its parts switchable, for the ablation in bench/quality.py."""
    if not sentences:
        return []
    bags = [Counter(_terms(s)) for s in sentences]
    unit, vocab, idf = _tfidf(bags)
    similarity = unit @ unit.T
    np.fill_diagonal(similarity, 0.0)
    centrality = _scaled(_pagerank(similarity))
    title_sim = _scaled(_title_similarity(title, vocab, idf, unit, title_sentence))
    if fragments is None or len(fragments) != len(sentences):
        fragments = fragment_flags(sentences)
    # Lead position counts real sentences only: subtitles above the lead do not push it down.
    real_before = np.cumsum([0] + [not f for f in fragments[:-1]])
    lead = np.exp(-real_before / LEAD_DECAY)
    score = centrality + title_weight * title_sim + lead_weight * lead
    if by_length:
        score = score * np.log1p([sum(bag.values()) for bag in bags])
    score = np.where(fragments, score * fragment_weight, score)
    return [float(x) for x in score]


def select(
    sentences: Sequence[Sentence], scores: Sequence[float], k: int, *, diversity: float = 0.0
) -> list[int]:
    """The k best sentences, in source order, by maximal marginal relevance.

    Each pick maximises `score / max(score) - diversity * (cosine to the closest sentence
    already picked)`: 0 is plain top-k, 0.3 already trades a point of score for a clearly
    new fact. With diversity on, a (near-)duplicate of a picked sentence is only taken
    when nothing else is left.
    """
    if len(sentences) != len(scores):
        raise ValueError(f"{len(sentences)} sentences but {len(scores)} scores")
    if not 0.0 <= diversity <= 1.0:
        raise ValueError(f"diversity must be within 0..1, got {diversity}")
    n = len(scores)
    if k <= 0:
        return []
    if k >= n:
        return list(range(n))
    relevance = np.asarray(scores, dtype=float)
    top = np.abs(relevance).max()
    relevance = relevance / top if top > 0 else relevance
    if diversity == 0.0:
        return sorted(sorted(range(n), key=lambda i: (-relevance[i], i))[:k])
    unit, _, _ = _tfidf([Counter(_terms(s)) for s in sentences])
    similarity = unit @ unit.T
    texts = [" ".join(s.text.split()) for s in sentences]
    closest = np.zeros(n)  # cosine to the most similar picked sentence
    duplicate = np.zeros(n, dtype=bool)
    chosen: list[int] = []
    left = set(range(n))
    while len(chosen) < k:
        pool = [i for i in left if not duplicate[i]] or list(left)
        best = max(pool, key=lambda i: (relevance[i] - diversity * closest[i], -i))
        chosen.append(best)
        left.discard(best)
        closest = np.maximum(closest, similarity[best])
        duplicate |= similarity[best] >= DUPLICATE_SIMILARITY
        duplicate |= np.array([t == texts[best] for t in texts])
    return sorted(chosen)
