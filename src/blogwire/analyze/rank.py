"""Sentence ranking: which sentences carry the story, and which are not sentences at all.

The score of a sentence is exp(WEIGHTS · features), relative to the article's best
sentence (so in 0..1); fragments score below every real sentence. The features
(`sentence_features`, one column per name in FEATURES), each a reason an editor picks a
sentence for a summary:

* lead: exp(-r / 3), r = real sentences before this one. News is written as an inverted
  pyramid; subtitles and captions, which outlets put above the lead, are not counted.
* length: log(log(1 + content words)). A longer sentence states more facts; in the
  exponent this is the old "times log(1 + content words)" prior raised to a weight.
* centrality: log of PageRank over the sentences (edges: TF-IDF cosine of their content
  morphemes), over the article's maximum. A sentence that shares the story's vocabulary
  with many others states the story rather than a detail of it.
* title: TF-IDF cosine with the headline, over the article's maximum.
* lead_name: lead times "names someone or something" (a proper noun, NNP): the news lead
  says who did what; a scene-setting or quoted opening often names no one.
* place: the share of the article's real sentences before this one (0 first, 1 last).
  Apart from the lead's steep start, annotators of every set pick less the further down
  a sentence stands: the inverted pyramid holds past the lead.
* first, second, third, fourth: the real sentence's place in the lead, one column each.
  Which of the lead's first four sentences carries the story differs by outlet and form
  (a scene-setting opening, a dateline, the news sentence); exp(-r/3) cannot say that.
* fragment: 1 for bylines, captions, credits, subtitles, scraps (`fragment_flags`). These
  are not sentences a post can use: whatever their weight, they rank below every real
  sentence (`score_features`); the column lets the fit see them as the articles hold them.

How the weights were chosen: the score is a conditional logit (softmax over an article's
sentences), and bench/fit_rank.py fits it on every labelled dev set together
(sci-news-dev; korsum-dev 2~3sent and 20per, each set weighing the same however many
articles it has), with an L2 penalty picked by 5-fold cross-validation over all three
sets by the WORST set's margin over that set's best other method (lead-k, TextRank, ...),
so the rule holds everywhere rather than winning one set; folds are fixed (5-fold within
sets, and leave-one-set-out) and the per-fold numbers are in docs/quality.md. The sets
disagree beyond position: sci-news annotators favour long, central sentences, korsum
annotators the lead whatever its length, so every weight off the lead trades one set for
another. What every set's own fit agrees on is what is here: the lead, a fall with the
place in the article, length, centrality and the title, the lead's second and third
sentences. Numbers, quotes, reported speech and sentences bound to the previous one
were tested the same way and did not transfer (signs flip between sets), so they are not
features. Paragraph position would be, but the dev sets have no paragraphs to fit on.
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
# The columns that mark the lead's real sentences one by one, in order.
LEAD_SENTENCES = ("first", "second", "third", "fourth")
# The score is exp(features · WEIGHTS): see the module doc for the columns and how the
# weights were chosen. bench/fit_rank.py chose these, over all dev sets together.
FEATURES = (
    "lead",
    "length",
    "centrality",
    "title",
    "lead_name",
    "place",
    *LEAD_SENTENCES,
    "fragment",
)
WEIGHTS = (0.48, 0.6, 0.51, 0.31, 0.34, -0.69, 0.27, 0.37, 0.44, 0.12, -0.4)
# The lead bonus falls by e every LEAD_DECAY real sentences: the first three or so
# sentences form a Korean news lead (리드), the bonus is ~5% by the tenth.
LEAD_DECAY = 3.0
# Fragments score below every real sentence, still in their own order (see score_features).
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


def sentence_features(
    sentences: Sequence[Sentence],
    title: str | None = None,
    *,
    title_sentence: Sentence | None = None,
    fragments: Sequence[bool] | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """The evidence the score weighs, one row per sentence and one column per name in
    `FEATURES`, and the fragment flags (see the module doc for what each column means).

    bench/fit_rank.py reads the same columns to choose `WEIGHTS`, so the fitted weights
    and the shipped score can never drift apart.
    """
    n = len(sentences)
    if n == 0:
        return np.zeros((0, len(FEATURES))), np.zeros(0, dtype=bool)
    if fragments is None or len(fragments) != n:
        fragments = fragment_flags(sentences)
    flags = np.array(fragments, dtype=bool)
    bags = [Counter(_terms(s)) for s in sentences]
    unit, vocab, idf = _tfidf(bags)
    similarity = unit @ unit.T
    np.fill_diagonal(similarity, 0.0)
    # PageRank is positive for every sentence (the random restarts), so its log is finite.
    centrality = np.log(_scaled(_pagerank(similarity)))
    title_sim = _scaled(_title_similarity(title, vocab, idf, unit, title_sentence))
    # Lead position counts real sentences only: subtitles above the lead do not push it down.
    real_before = np.cumsum([0] + [not f for f in fragments[:-1]])
    lead = np.exp(-real_before / LEAD_DECAY)
    words = np.array([max(sum(bag.values()), 1) for bag in bags], dtype=float)
    length = np.log(np.log1p(words))
    named = np.array([any(m.tag == "NNP" for m in s.morphemes) for s in sentences], dtype=float)
    place = real_before / max(float(real_before[-1]), 1.0)
    columns = {
        "lead": lead,
        "length": length,
        "centrality": centrality,
        "title": title_sim,
        "lead_name": lead * named,
        "place": place,
        "fragment": flags * 1.0,
    }
    for r, name in enumerate(LEAD_SENTENCES):
        columns[name] = ((real_before == r) & ~flags) * 1.0
    return np.column_stack([columns[name] for name in FEATURES]), flags


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
    return score_features(
        *sentence_features(sentences, title, title_sentence=title_sentence, fragments=fragments)
    )


def score_features(
    features: np.ndarray,
    fragments: np.ndarray,
    weights: Sequence[float] | np.ndarray | None = None,
    fragment_weight: float = FRAGMENT_WEIGHT,
) -> list[float]:
    """exp(features · weights), relative to the article's best sentence (so in 0..1),
    times `fragment_weight` for fragments. Other `weights` are for bench/fit_rank.py and
    the ablation in bench/quality.py."""
    if features.shape[0] == 0:
        return []
    w = np.asarray(WEIGHTS if weights is None else weights, dtype=float)
    z = features @ w
    score = np.exp(z - z.max())
    if fragments.any() and not fragments.all():
        # Below the lowest real sentence, still ordered among themselves.
        score = np.where(fragments, score * fragment_weight * score[~fragments].min(), score)
    else:
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
