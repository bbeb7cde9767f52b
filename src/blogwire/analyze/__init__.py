"""Analyze: sentences, morphemes, sentence scores and keyphrases of an article."""

from __future__ import annotations

from blogwire.analyze.bound import leaning_sentences
from blogwire.analyze.keyphrases import extract_keyphrases, sentence_phrases
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


__all__ = ["analyze"]
