"""Keyphrases: noun phrases of the story ("한·미 동맹", "핵작전 지침"), ranked.

Candidates are runs of adjacent nouns/foreign words inside one word group, taken
from the sentence text with its own spacing, so names stay whole and nothing is
re-spelled. A phrase scores by how many sentences carry it, longer phrases get a
bonus because they are more specific, and the headline counts extra because the
editor already chose its words.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from blogwire.models import Keyphrase, NounPhrase, Sentence

_NOUN_TAGS = frozenset({"NNG", "NNP", "SL", "SH", "XSN", "XPN"})
_MAX_TOKENS = 3
_MAX_CHARS = 16
_NAME_TAGS = frozenset({"NNP", "SL"})  # a phrase with one of these holds a name
# Nouns that appear in almost every news story and name nothing in particular.
# fmt: off
_GENERIC = frozenset((
    "이날", "지난", "당시", "관계자", "관련", "이번", "오늘", "내일", "올해",
    "지난해", "내년", "최근", "기자", "사진", "뉴스", "기사", "이후", "이전",
    "현재", "가운데", "경우", "정도", "상황", "부분", "때문", "대해", "통해",
    "위해", "대상", "내용", "결과", "측", "등", "중", "것", "전",
    "후", "간", "년", "월", "일", "명", "개", "원", "만",
    "억", "조", "씨", "분", "쪽", "곳", "데", "수", "바",
    "점", "번", "제", "말", "뒤", "앞", "안", "밖", "속",
    "위", "아래", "이상", "이하", "미만", "초과", "가량", "내외",
))
# fmt: on


def sentence_phrases(sentences: Sequence[Sentence]) -> tuple[tuple[NounPhrase, ...], ...]:
    """`noun_phrases` of every sentence, by position: found once per analysis, then
    shared by the keyphrases and the section titles (`Analysis.noun_phrases`)."""
    return tuple(tuple(noun_phrases(sentence)) for sentence in sentences)


def extract_keyphrases(
    sentences: Sequence[Sentence],
    scores: Sequence[float],
    title: str,
    title_sentence: Sentence | None = None,
    *,
    limit: int = 12,
    phrases: Sequence[Sequence[NounPhrase]] | None = None,
) -> tuple[Keyphrase, ...]:
    """The story's keyphrases, best first. `phrases` are the sentences' noun phrases
    when already found (`sentence_phrases(sentences)`), so they are not found twice."""
    if phrases is None or len(phrases) != len(sentences):
        phrases = sentence_phrases(sentences)
    occurrences: dict[str, set[int]] = defaultdict(set)
    weight: dict[str, float] = defaultdict(float)
    tokens_of: dict[str, int] = {}
    named: set[str] = set()
    top = max(scores, default=1.0) or 1.0
    for sentence, found in zip(sentences, phrases, strict=True):
        for noun_phrase in found:
            text = noun_phrase.text
            if noun_phrase.has_name:
                named.add(text)
            if sentence.index not in occurrences[text]:
                occurrences[text].add(sentence.index)
                weight[text] += 1.0 + scores[sentence.index] / top
            tokens_of[text] = noun_phrase.tokens
    in_title: set[str] = set()
    if title_sentence is not None:
        in_title = {p.text for p in noun_phrases(title_sentence)}
    candidates: list[tuple[float, str]] = []
    for phrase, seen in occurrences.items():
        if len(seen) < 2 and phrase not in in_title:
            continue
        # Specific phrases (several nouns, names, foreign terms) say more than a lone
        # common noun such as 지원 or 요금, which a story repeats without being about it.
        specificity = 1.0 + 0.7 * (tokens_of[phrase] - 1) + (0.5 if phrase in named else 0.0)
        if tokens_of[phrase] == 1 and phrase not in named and len(phrase) <= 2:
            specificity *= 0.7
        score = weight[phrase] * specificity * (1.5 if phrase in in_title else 1.0)
        candidates.append((score, phrase))
    candidates.sort(key=lambda item: (-item[0], item[1]))
    chosen: list[Keyphrase] = []
    for score, phrase in candidates:
        # A sub-phrase of a chosen phrase adds nothing unless it travels on its own.
        if any(
            phrase in kp.text and len(occurrences[phrase]) <= len(kp.sentences) + 1 for kp in chosen
        ):
            continue
        chosen.append(Keyphrase(phrase, round(score, 4), tuple(sorted(occurrences[phrase]))))
        if len(chosen) >= limit:
            break
    return tuple(chosen)


def noun_phrases(sentence: Sentence) -> list[NounPhrase]:
    """Every 1-3-token noun n-gram of the sentence, as a NounPhrase."""
    runs: list[list[tuple[int, int, str, str]]] = []
    current: list[tuple[int, int, str, str]] = []
    last_end = -10
    for m in sentence.morphemes:
        if m.tag in _NOUN_TAGS and m.length > 0:
            # a gap of one character is the space between two nouns of one phrase
            if current and m.start - last_end > 1:
                runs.append(current)
                current = []
            current.append((m.start, m.start + m.length, m.form, m.tag))
            last_end = m.start + m.length
        else:
            if current:
                runs.append(current)
            current = []
            last_end = -10
    if current:
        runs.append(current)
    text = sentence.text
    out: list[NounPhrase] = []
    for run in runs:
        while run and (run[0][2] in _GENERIC or run[0][3] == "XSN"):
            run = run[1:]
        if run and run[-1][2] == "들" and run[-1][3] == "XSN":  # 위원들 -> 위원
            run = run[:-1]
        n = len(run)
        for i in range(n):
            start = run[i][0]
            # whole words only: "친청계 최고위원", never "청계 최고"
            if start > 0 and text[start - 1].isalnum():
                continue
            named = False  # any token of run[i:j] is a name; grown with j
            for j in range(i + 1, min(n, i + _MAX_TOKENS) + 1):
                _, end, form, tag = run[j - 1]
                named = named or tag in _NAME_TAGS
                # a phrase never ends in a generic noun or a prefix (so a lone generic
                # noun is never a phrase), nor inside a word
                if form in _GENERIC or tag == "XPN":
                    continue
                if j < n and run[j][0] == end:
                    continue
                phrase = text[start:end]
                if 2 <= len(phrase) <= _MAX_CHARS:
                    out.append(NounPhrase(phrase, j - i, named))
    return out
