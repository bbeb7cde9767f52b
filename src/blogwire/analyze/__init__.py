"""Analyze: sentences, morphemes, sentence scores and keyphrases of an article."""

from __future__ import annotations

from blogwire.analyze.keyphrases import extract_keyphrases
from blogwire.analyze.language import require_korean
from blogwire.analyze.rank import fragment_flags, rank_sentences
from blogwire.analyze.sentences import split_article, tokenize_sentences
from blogwire.errors import AnalyzeError
from blogwire.models import Analysis, Article


def analyze(article: Article) -> Analysis:
    require_korean(article)  # before the model loads: an English page fails fast
    sentences = split_article(article)
    if not sentences:
        raise AnalyzeError("no Korean sentences found", subject=article.origin)
    scores = tuple(rank_sentences(sentences, article.title))
    usable = tuple(not flag for flag in fragment_flags(sentences))
    title_sentence = tokenize_sentences([article.title])[0]
    keyphrases = extract_keyphrases(sentences, scores, article.title, title_sentence)
    return Analysis(article, sentences, scores, usable, keyphrases)


__all__ = ["analyze"]
