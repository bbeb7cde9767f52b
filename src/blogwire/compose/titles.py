"""Hook titles, headlines and section titles, built only from the story's own words.

The hook title is the source headline's story (hooks.read_story: "서울 시내버스 노조
총파업 결의") in a hook shape of fixed, fact-free wording ("…, 무슨 일이 있었나?"); the
h2 is the source headline stated plainly; a section title is a noun phrase of the
section's own sentences plus its role ("요금 인상의 배경", subjects.ROLE_FORMS). No
title holds a word of content that the article does not, so none can claim what the
article does not say. title_lint checks the result.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping, Sequence

from blogwire.analyze.keyphrases import noun_phrases
from blogwire.compose.hooks import (
    DANGLING,
    ends_in_person,
    plain_clauses,
    possessive,
    read_story,
)
from blogwire.compose.names import spelled_out
from blogwire.compose.roles import section_role
from blogwire.compose.subjects import (
    NOT_OF_PERSONS,
    ROLE_FORMS,
    ROLE_NOUNS,
    SECTION_MAX,
    SECTION_MIN,
    SPEAKER_FORMS,
    as_topic,
    is_person,
    is_speaker,
    role_title,
    section_subjects,
    speakers,
)
from blogwire.models import Analysis, Keyphrase, NounPhrase, Sentence

TITLE_MIN, TITLE_MAX = 15, 40
HEADLINE_MAX = 60
HEADLINE_SHORT = 10  # an h2 shorter than this says too little without its quote
_CLAUSE_MARK = re.compile(r"\s*(?:…+|\.{2,}|·{2,}|ㆍ{2,})\s*")

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
    # the blog's own lines name a topic whole: "이재명 당선인", never "이 당선인" or a
    # cut "시절 …"; a phrase that cannot stand alone gives way to the next
    out: list[str] = []
    for phrase in in_head + [p for p in phrases if p not in in_head]:
        topic = as_topic(phrase, analysis.sentences)
        if topic is not None and topic not in out:
            out.append(topic)
    return out


def hook_title(analysis: Analysis, phrases: Sequence[str] | None = None) -> str:
    """The post's title: the story the source headline names, in a hook shape.

    The story is the headline's own main clause (hooks.read_story); the shape fits the
    story type and is picked by a hash of the headline among the shapes that fit the
    title's length, so one site's posts do not all ask the same question.
    `phrases`: title_phrases(analysis), when the caller already has them (the fallback
    for a headline with no usable clause).
    """
    return hook(analysis, phrases)[1]


def story_topic(analysis: Analysis) -> str:
    """What the post is about, in the headline's words ("서울 시내버스 노조 총파업 결의"),
    for sentences that name the topic (the intro's announcement, the excerpt's
    invitation) instead of two keyphrases glued by 와/과."""
    return hook(analysis)[2]


def hook(analysis: Analysis, phrases: Sequence[str] | None = None) -> tuple[str, str, str]:
    """(shape name, title, story phrase) of the post's hook title."""
    story = read_story(analysis.article.title, analysis.sentences, _texts(analysis))
    subject = story.phrase or _fallback_subject(analysis, phrases)
    kind = "speech" if story.speaker else "quote" if story.quoted_line else story_type(analysis)
    shapes = SHAPES[kind]
    if not story.quoted_line:  # a quoted line is quoted as the headline has it
        subject = possessive(subject)
    person = ends_in_person(subject)
    digest = int(hashlib.sha256(story.cleaned.encode()).hexdigest()[:12], 16)
    kept = [kp.text for kp in analysis.keyphrases if " " in kp.text]
    for text in _shortened(subject, kept):
        fitting = [
            (name, title)
            for name, form in shapes
            if _fits(form, text, person)
            and TITLE_MIN <= len(title := _fill(form, text)) <= TITLE_MAX
        ]
        if fitting:
            name, title = fitting[digest % len(fitting)]
            return name, title, text
    if len(subject) < TITLE_MIN and story.clauses:  # a short story gets its next clause
        longer = f"{subject}, {story.clauses[0]}"
        for name, form in shapes:
            if TITLE_MIN <= len(title := _fill(form, longer)) <= TITLE_MAX:
                return name, title, longer
    # nothing fits: the story's first words that do, in the plainest shape
    name, form = (
        next((n, f) for n, f in shapes if f.endswith(" 총정리"))
        if any(f.endswith(" 총정리") for _, f in shapes)
        else shapes[0]
    )
    words = subject.split(" ")
    while len(words) > 1 and len(_fill(form, " ".join(words))) > TITLE_MAX:
        words.pop(0)  # Korean phrases end in their head: keep the end
    text = " ".join(words).rstrip(",")
    return name, _fill(form, text), text


# Hook shapes by story type: (name, form), {s} the story phrase. A form that starts
# "{s}, " is left out for a story that has a comma of its own ("한국 축구, 캐나다에
# 2-1 역전승, 왜일까?" reads as a list). "quote" is a headline that is one sentence
# with no noun phrase to cut it to; "speech" one that is someone's quoted words.
SHAPES: dict[str, tuple[tuple[str, str], ...]] = {
    "change": (
        ("달라지나", "{s}, 무엇이 달라지나"),
        ("총정리", "{s} 총정리"),
        ("배경", "{s}의 배경은?"),
        ("왜", "{s}, 왜일까?"),
    ),
    "figures": (
        ("총정리", "{s} 총정리"),
        ("숫자", "숫자로 보는 {s}"),
        ("핵심", "{s}, 핵심은 무엇일까?"),
        ("왜", "{s}, 왜일까?"),
    ),
    "discovery": (
        ("비밀", "{s}의 비밀"),
        ("다를까", "{s}, 무엇이 다를까?"),
        ("총정리", "{s} 총정리"),
    ),
    "issue": (
        ("무슨일", "{s}, 무슨 일이 있었나?"),
        ("알아야", "{s}, 꼭 알아야 할 점은?"),
        ("배경", "{s}의 배경은?"),
        ("총정리", "{s} 총정리"),
        ("핵심", "{s}, 핵심은 무엇일까?"),
        ("내막", "{s}의 내막은?"),
    ),
    "quote": (
        ("뜻", "‘{s}’, 무슨 뜻일까?"),
        ("이유", "‘{s}’, 그 이유는?"),
    ),
    "speech": (
        ("뜻", "{s}, 무슨 뜻일까?"),
        ("왜나왔나", "{s}, 왜 나왔을까?"),
        ("총정리", "{s} 총정리"),
        ("배경", "{s}의 배경은?"),
    ),
}


# Shapes that ask about an event: "윌리엄메리대 김경희 교수, 왜일까?" asks nothing.
_EVENT_SHAPES = ("왜일까", "배경은", "달라지나", "다를까")


def _fits(form: str, text: str, person: bool = False) -> bool:
    """Whether a shape reads well around `text` (see SHAPES; 숫자로 보는 needs a number;
    no "의 배경" after a "의" of the story's own; no event question about a person)."""
    if form.startswith("{s}, ") and ", " in text:
        return False
    if form.startswith("{s}의") and "의 " in text:
        return False
    if person and any(word in form for word in _EVENT_SHAPES):
        return False
    return "숫자로" not in form or any(ch.isdigit() for ch in text)


def _fill(form: str, text: str) -> str:
    if "‘{s}’" in form and any(q in text for q in "‘’'"):
        form = form.replace("‘{s}’", "{s}")  # no quote marks around quote marks
    return form.format(s=text)


def _shortened(subject: str, keep_whole: Sequence[str]) -> list[str]:
    """The subject, then ever shorter forms of it that keep its head (Korean phrases
    end in their head): the words before its comma with the last words after it, or
    its last words; never cutting a quote or a multi-word keyphrase in two."""
    out = [subject]
    head, comma, rest = subject.partition(", ")
    words = (rest if comma else subject).split(" ")
    for n in range(len(words) - 1, 0, -1):
        tail = " ".join(words[-n:])
        text = f"{head}, {tail}" if comma else tail
        start = len(subject) - len(tail)
        cuts_name = any(
            subject.find(kp) < start < subject.find(kp) + len(kp)
            for kp in keep_whole
            if kp in subject
        )
        if cuts_name or not _balanced(tail) or (not comma and n < 2):
            continue
        if tail.split(" ")[0] in DANGLING:
            continue
        out.append(text)
    if comma and " " in head:
        out.append(head)  # "지진·원전·공단 다 있는 울산" of "…울산, 국내 첫 …"
    return out


def _balanced(text: str) -> bool:
    return text.count("‘") == text.count("’") and text.count("'") % 2 == 0


def _texts(analysis: Analysis) -> list[str]:
    return [kp.text for kp in analysis.keyphrases]


def _fallback_subject(analysis: Analysis, phrases: Sequence[str] | None) -> str:
    """A headline with no usable clause: its best phrase of two words, else of four
    letters or more, else its first."""
    found = list(phrases) if phrases is not None else title_phrases(analysis)
    ranked = [p for p in found if " " in p] + [p for p in found if " " not in p and len(p) >= 4]
    return (ranked or found or [analysis.article.title[:20]])[0]


def headline(analysis: Analysis, phrases: Sequence[str] | None = None) -> str:
    """The post's h2: the source headline's own words, stated plainly.

    Outlet tags go and hanja and surnames are spelled out (hooks.clean_headline);
    quoted speech goes too unless the headline is mostly speech, where the quote is
    the story; clause marks (…, ···) become commas. Nothing is added, so the h2 claims
    nothing the source headline does not. `phrases` is unused (kept for callers).
    """
    del phrases
    story = read_story(analysis.article.title, analysis.sentences)
    if story.speaker or story.quoted_line or not story.phrase:
        text = story.cleaned
    else:
        text = ", ".join(plain_clauses(story.cleaned))
        if len(text) < HEADLINE_SHORT:  # "소비자 80%" of 소비자 80% “…”: the quote is the story
            text = story.cleaned
    text = _CLAUSE_MARK.sub(", ", text).strip(" ,")
    if len(text) <= HEADLINE_MAX:
        return text
    parts = text.split(", ")
    while len(parts) > 1 and len(", ".join(parts)) > HEADLINE_MAX:
        parts.pop()
    return ", ".join(parts)[:HEADLINE_MAX]


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
    """One distinct title per section: what the section is about and what it does for
    the story ("요금 인상의 배경", "시민들의 반응" …, see subjects.ROLE_FORMS).

    The subject is a noun phrase of the section's own sentences (most frequent there,
    best ranked in the story, most specific), never one that hangs ("전기차용",
    "행정부 시절") or points ("이 후보"); the role is section_role's. `phrases` holds
    noun phrases already found, by sentence index (`phrases_by_index`); a sentence
    missing there has its phrases found here.
    """
    known = phrases or {}
    rank = {kp.text: i for i, kp in enumerate(keyphrases)}
    body = [sentence for section in sections for sentence in section]
    used: set[str] = set()
    used_forms: set[str] = set()
    titles: list[str] = []
    for number, section in enumerate(sections, 1):
        counts: dict[str, tuple[int, bool]] = {}
        for sentence in section:
            found = known.get(sentence.index)
            for noun_phrase in noun_phrases(sentence) if found is None else found:
                count, named = counts.get(noun_phrase.text, (0, False))
                counts[noun_phrase.text] = (count + 1, named or noun_phrase.has_name)
        role = section_role(section)
        subjects = section_subjects(counts, rank, used, body)
        voices: list[str] = []
        if role in SPEAKER_FORMS:  # a section of voices is titled by who speaks
            voices = [v for v in speakers(section) if v in counts and is_person(v)]
            # a voice as the title names it: "서 감독" -> "서은재 감독"
            voices += [spelled for v in voices if (spelled := spelled_out(v, body))]
            speaking = [s for s in subjects if is_speaker(s, voices)]
            subjects = speaking + [s for s in subjects if s not in speaking]
        title = None
        for subject in subjects:
            if role in NOT_OF_PERSONS and ends_in_person(subject):
                continue  # "숫자로 본 정 교수", "한덕수의 이유" say nothing
            speaker = is_speaker(subject, voices)
            title = role_title(subject, role, used_forms, set(titles), speaker=speaker)
            if title is not None:
                used.add(subject)
                break
        titles.append(title or f"{ROLE_NOUNS[role]} {number}")
    return titles


__all__ = [
    "ROLE_FORMS",
    "SECTION_MAX",
    "SECTION_MIN",
    "TITLE_MAX",
    "TITLE_MIN",
    "headline",
    "hook",
    "hook_title",
    "phrases_by_index",
    "section_titles",
    "story_topic",
    "story_type",
    "title_phrases",
]
