"""Hook titles, headlines and section titles, built only from the story's own phrases.

Every title is a template of fixed, fact-free wording around keyphrases taken
verbatim from the article, so a title can never claim what the article does not say.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from blogwire.analyze.keyphrases import noun_phrases
from blogwire.compose.korean import with_particle
from blogwire.models import Analysis, Keyphrase, NounPhrase, Sentence

TITLE_MIN, TITLE_MAX = 15, 40
SECTION_MIN, SECTION_MAX = 4, 20

# Words in a headline that mark a story about a change of rules, prices or products.
_CHANGE_WORDS = (
    "도입",
    "개정",
    "시행",
    "인상",
    "인하",
    "변경",
    "개편",
    "확대",
    "폐지",
    "출시",
    "강화",
    "완화",
    "개통",
    "신설",
)


def distinct_phrases(keyphrases: Sequence[Keyphrase]) -> list[str]:
    """Keyphrases in rank order, dropping any that repeats a higher one ('서울' after
    '서울 시내버스'), so a title never says the same thing twice."""
    out: list[str] = []
    # a phrase shares a word with some kept phrase exactly when it shares one with
    # all the kept phrases' words together
    kept_words: set[str] = set()
    for kp in keyphrases:
        text = kp.text
        words = text.split(" ")
        if kept_words.isdisjoint(words) and not any(text in seen or seen in text for seen in out):
            out.append(text)
            kept_words.update(words)
    return out


_NOT_CHANGED = ("불발", "무산", "보류", "철회", "연기")
_DISCOVERY_WORDS = ("연구", "개발", "기술", "공개", "발견", "출시", "실험")


def story_type(analysis: Analysis) -> str:
    """The kind of story, which picks the hook:

    'change' — the headline announces a rule, price or product change (not a failed one);
    'figures' — numbers carry the story; 'discovery' — a study or product is unveiled;
    'issue' — everything else (politics, disputes, events).
    """
    head = analysis.article.title
    if any(w in head for w in _CHANGE_WORDS) and not any(w in head for w in _NOT_CHANGED):
        return "change"
    numbers = sum(1 for s in analysis.sentences for m in s.morphemes if m.tag == "SN")
    if numbers >= max(10, len(analysis.sentences) * 1.2):
        return "figures"
    if any(w in head or w in analysis.sentences[0].text for w in _DISCOVERY_WORDS):
        return "discovery"
    return "issue"


def title_phrases(analysis: Analysis) -> list[str]:
    """Distinct keyphrases, those the headline itself uses first: the editor already
    chose them as what the story is about."""
    phrases = distinct_phrases(analysis.keyphrases)
    head = analysis.article.title
    in_head = [p for p in phrases[:8] if p in head]
    # a lone two-syllable common noun (지원, 국민) names no story; phrases and names do
    in_head.sort(key=lambda p: " " not in p and len(p) <= 2)
    return in_head + [p for p in phrases if p not in in_head]


def hook_title(analysis: Analysis, phrases: Sequence[str] | None = None) -> str:
    """`phrases`: title_phrases(analysis), when the caller already has them."""
    if phrases is None:
        phrases = title_phrases(analysis)
    phrases = phrases or [analysis.article.title[:20]]
    first = phrases[0]
    second = phrases[1] if len(phrases) > 1 else None
    pair = f"{with_particle(first, '과', '와')} {second}" if second else first
    kind = story_type(analysis)
    candidates: list[str] = []
    if kind == "change":
        candidates += [f"{first}, 무엇이 달라지나", f"{pair}, 무엇이 달라지나"]
    elif kind == "figures" and second:
        candidates += [f"{first} 총정리: {second}까지", f"{first} 총정리, {second}의 흐름"]
    elif kind == "discovery" and second:
        candidates += [f"{first} 속 {second}의 비밀은 무엇?", f"{first}의 비밀은 무엇?"]
    candidates += [f"{pair}, 핵심은 무엇일까?", f"{first}, 지금 알아야 할 핵심은 무엇일까?"]
    return _fit(candidates, TITLE_MIN, TITLE_MAX)


def headline(analysis: Analysis, phrases: Sequence[str] | None = None) -> str:
    """`phrases`: title_phrases(analysis), when the caller already has them."""
    if phrases is None:
        phrases = title_phrases(analysis)
    if len(phrases) >= 2:
        text = f"한눈에 보는 {with_particle(phrases[0], '과', '와')} {phrases[1]}"
    elif phrases:
        text = f"한눈에 보는 {phrases[0]}"
    else:
        text = analysis.article.title
    return text[:60]


def phrases_by_index(analysis: Analysis) -> dict[int, Sequence[NounPhrase]]:
    """The noun phrases the analysis already found, by sentence index ({} if none)."""
    if len(analysis.noun_phrases) != len(analysis.sentences):
        return {}
    pairs = zip(analysis.sentences, analysis.noun_phrases, strict=True)
    return {s.index: found for s, found in pairs}


def section_titles(
    sections: Sequence[Sequence[Sentence]],
    keyphrases: Sequence[Keyphrase],
    phrases: Mapping[int, Sequence[NounPhrase]] | None = None,
) -> list[str]:
    """One distinct noun-phrase title per section, from that section's own words.

    `phrases` holds noun phrases already found, by sentence index (`phrases_by_index`);
    a sentence missing there has its phrases found here.
    """
    known = phrases or {}
    rank = {kp.text: i for i, kp in enumerate(keyphrases)}
    unranked = len(rank) + 1
    used: set[str] = set()
    titles: list[str] = []
    for number, section in enumerate(sections, 1):
        counts: dict[str, int] = {}
        for sentence in section:
            found = known.get(sentence.index)
            for noun_phrase in noun_phrases(sentence) if found is None else found:
                counts[noun_phrase.text] = counts.get(noun_phrase.text, 0) + 1
        # The title is the first fitting phrase in this order: most frequent in the
        # section, best ranked in the story, longest, first seen (counts keeps the order
        # of first appearance). Only phrases of a title's length are ranked for it.
        fitting = [
            (-count, rank.get(p, unranked), -len(p), seen, p)
            for seen, (p, count) in enumerate(counts.items())
            if SECTION_MIN <= len(p) <= SECTION_MAX and p not in used
        ]
        fitting.sort()
        title = next((p for *_, p in fitting if not any(p in u or u in p for u in used)), None)
        if title is None:
            ranked = sorted(
                (-count, rank.get(p, unranked), -len(p), seen, p)
                for seen, (p, count) in enumerate(counts.items())
            )
            short = next((p for *_, p in ranked if p not in used and len(p) >= 2), None)
            title = f"{short} 이야기" if short else f"핵심 내용 {number}"
        used.add(title)
        titles.append(title[:SECTION_MAX])
    return titles


def _fit(candidates: Sequence[str], low: int, high: int) -> str:
    for text in candidates:
        if low <= len(text) <= high:
            return text
    for text in candidates:
        if len(text) > high:
            return text[: high - 1].rstrip(" ,:") + "…"
    return candidates[-1]
