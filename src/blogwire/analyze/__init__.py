"""Analyze: sentences, morphemes, sentence scores and keyphrases of an article."""

from __future__ import annotations

from blogwire.analyze.bound import leaning_sentences
from blogwire.analyze.keyphrases import extract_keyphrases, sentence_phrases
from blogwire.analyze.language import require_korean
from blogwire.analyze.rank import fragment_flags, rank_sentences
from blogwire.analyze.sentences import split_article, tokenize_sentences
from blogwire.errors import AnalyzeError
from blogwire.models import Analysis, Article

# The analysis budget. Ranking compares every sentence with every other (dense TF-IDF
# and similarity matrices, a linear solve): 8,000 short sentences took 18 s and 2.9 GB,
# 16,000 would ask for 6 GB. A news article has under 150 sentences and the longest
# features a few hundred; above these limits an article is refused with a one-line
# reason that is permanent (the same text fails the same way), so a run records it as
# failed and never reads it again. The characters are counted before the model
# splits anything; the sentences once it has.
MAX_CHARS = 100_000
MAX_SENTENCES = 1_000


def analyze(article: Article) -> Analysis:
    require_korean(article)  # before the model loads: an English page fails fast
    chars = sum(map(len, article.paragraphs))
    if chars > MAX_CHARS:
        raise _over_budget(
            f"too long to analyse: {chars:,} characters (limit {MAX_CHARS:,})", article
        )
    sentences = split_article(article)
    if len(sentences) > MAX_SENTENCES:
        raise _over_budget(
            f"too many sentences: {len(sentences):,} (limit {MAX_SENTENCES:,})", article
        )
    if not sentences:
        raise AnalyzeError("no Korean sentences found", subject=article.origin, permanent=True)
    title_sentence = tokenize_sentences([article.title])[0]
    fragments = fragment_flags(sentences)  # for the ranking and the usable flags
    scores = tuple(
        rank_sentences(sentences, article.title, title_sentence=title_sentence, fragments=fragments)
    )
    usable = tuple(not flag for flag in fragments)
    phrases = sentence_phrases(sentences)  # for the keyphrases and the section titles
    keyphrases = extract_keyphrases(
        sentences, scores, article.title, title_sentence, phrases=phrases
    )
    leans_on = leaning_sentences(sentences)
    return Analysis(article, sentences, scores, usable, keyphrases, phrases, leans_on)


def _over_budget(reason: str, article: Article) -> AnalyzeError:
    return AnalyzeError(reason, subject=article.origin, permanent=True)


__all__ = ["analyze"]
