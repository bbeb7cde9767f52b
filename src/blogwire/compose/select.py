"""What a post says: the few source sentences of a short summary, and where they go.

A post is a summary in the blog's own voice, not a reprint: it reuses at most
`post.max_source_share` of the article's text (or BRIEF_SOURCE_CHARS of a brief) and
its body stays near BODY_TARGET characters whatever the article's length. The lead
opens the intro; the sentence that states the story's outlook, decision or evaluation
closes it; the rest of the article is cut into sections by topic (lexical cohesion, as
compose/sections), and each section says its best sentences within the budget.

A bound sentence (Analysis.leans_on: it opens with a connective, lacks its subject,
reports a quote given before) is only taken together with what it leans on and after
it in the same part, so no part opens with one and the picked sentences read in order.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from blogwire.analyze.bound import drop_connective, opens_bound
from blogwire.compose.sections import segment as cut_sections
from blogwire.errors import ComposeError
from blogwire.models import Analysis, Sentence

BODY_MIN, BODY_TARGET, BODY_MAX = 600, 850, 1300
BRIEF_BODY_MIN = 400
BRIEF_SOURCE_CHARS = 400  # what a brief may reuse whatever the share
CAP_MARGIN = 0.05
MIN_SENTENCES = 4  # a lead and one sentence for each of three sections
MAX_PER_SECTION = 3
# The source may say at most this many times what the post's own lines say (own share
# >= 25 % is 3x; less, since polite endings, the dates written out and "결론적으로, "
# make the source's sentences a little longer in the post than in the article).
SOURCE_PER_OWN = 2.7
# Words of a sentence that states the story's outlook or plan, and (second choice) its
# decision or evaluation.
_OUTLOOK = re.compile(
    r"전망|예정|계획|목표|방침|기대|예상|내다봤|내다본|내다보|향후|앞으로|것으로 보"
    r"|할 것|될 것|설 것|갈 것|올 것"
)
_DECISION = re.compile(r"의미|추진|방안|과제|하기로|키로|검토|평가")


def chars(text: str) -> int:
    """Characters without spaces: how post lengths and reuse are counted."""
    return sum(1 for ch in text if not ch.isspace())


@dataclass(frozen=True, slots=True)
class Plan:
    lead: tuple[Sentence, ...]  # the intro's source sentences
    sections: tuple[tuple[Sentence, ...], ...]
    conclusion: Sentence | None  # None: the framing concludes (no outlook, or a brief)
    brief: bool
    # Sentences said without their opening connective (analyze.bound.drop_connective: it
    # carries no fact and the rest stands alone), by index: the words left out.
    dropped: dict[int, str]

    def sentences(self) -> list[Sentence]:
        out = [*self.lead, *(s for group in self.sections for s in group)]
        return [*out, self.conclusion] if self.conclusion else out


def plan_post(
    analysis: Analysis,
    usable: Sequence[Sentence],
    *,
    sections: int,
    max_share: float,
    framing_chars: int,
) -> Plan:
    """The sentences of the post. `framing_chars`: about how long the post's own lines
    will be, which bounds how much of the source it may say (SOURCE_PER_OWN)."""
    dropped = _droppable(analysis, usable)
    closure = _closures(analysis, usable, set(dropped))
    free = [s for s in usable if closure.get(s.index) == (s.index,)]
    standalone = [s for s in free if not s.text.rstrip().endswith("?")]
    if len(standalone) < MIN_SENTENCES:
        raise ComposeError(
            f"article too short: {len(standalone)} usable sentences that stand on their own, "
            f"a post needs at least {MIN_SENTENCES}",
            subject=analysis.article.origin,
        )
    scores = analysis.scores
    lead = standalone[0]
    conclusion = _conclusion(standalone[1:], scores)
    total = chars(analysis.article.text)
    brief = len(standalone) <= 7 or total * max_share < BRIEF_SOURCE_CHARS
    middle = _middle(usable, closure, lead, conclusion)
    atoms = _atoms(middle, closure)
    if len(atoms) < sections and conclusion is not None:
        conclusion = None  # a brief: every sentence goes to a section, the framing concludes
        middle = _middle(usable, closure, lead, None)
        atoms = _atoms(middle, closure)
    if len(atoms) < sections:
        raise ComposeError(
            f"article too short: {len(atoms)} sentences for {sections} sections",
            subject=analysis.article.origin,
        )
    segments = cut_sections(atoms, sections)
    # a margin: the post's keyphrases and the excerpt's invitation may match some more
    cap = max(max_share * total, BRIEF_SOURCE_CHARS) * (1 - CAP_MARGIN)
    limit = min(cap, SOURCE_PER_OWN * framing_chars, BODY_MAX - framing_chars)
    target = min(limit, BODY_TARGET - framing_chars)
    by_index = {s.index: s for s in usable}
    fixed = [lead] + ([conclusion] if conclusion else [])
    used = sum(chars(s.text) for s in fixed)
    picked: list[set[int]] = [set() for _ in segments]
    # one sentence for each section, the best that fits its share of the budget
    for n, segment in enumerate(segments):
        share = max(0.0, (target - used) / (len(segments) - n))
        options = [s for s in segment if s in standalone] or list(segment[:1])
        fits = [s for s in options if chars(s.text) <= share]
        best = (
            max(fits, key=lambda s: scores[s.index])
            if fits
            else min(options, key=lambda s: chars(s.text))
        )
        picked[n].add(best.index)
        used += chars(best.text)
    if used > cap and conclusion is not None:
        # the sections' one sentence each already says more than the share allows (long
        # sentences): the framing concludes instead of one more of the source's
        used -= chars(conclusion.text)
        conclusion = None
    # then the best-ranked sentences while the post stays within the target, and within
    # the limit while the body is shorter than it must be
    floor = (BRIEF_BODY_MIN if brief else BODY_MIN) - framing_chars
    candidates = sorted(
        ((s, n) for n, segment in enumerate(segments) for s in segment),
        key=lambda item: -scores[item[0].index],
    )
    for bound in (target, limit):
        for sentence, n in candidates:
            new = [i for i in closure[sentence.index] if i not in picked[n]]
            if not new or len(picked[n]) + len(new) > MAX_PER_SECTION:
                continue
            cost = sum(chars(by_index[i].text) for i in new)
            if used + cost <= bound:
                picked[n].update(new)
                used += cost
        if used >= floor:
            break
    return Plan(
        lead=(lead,),
        sections=tuple(tuple(by_index[i] for i in sorted(p)) for p in picked),
        conclusion=conclusion,
        brief=brief,
        dropped={i: dropped[i] for p in picked for i in p if i in dropped}
        | ({lead.index: dropped[lead.index]} if lead.index in dropped else {})
        | (
            {conclusion.index: dropped[conclusion.index]}
            if conclusion is not None and conclusion.index in dropped
            else {}
        ),
    )


def _droppable(analysis: Analysis, usable: Sequence[Sentence]) -> dict[int, str]:
    """Bound sentences that stand alone once their opening connective is left out
    ("특히 시는 …" -> "시는 …"), with the words to leave out."""
    out: dict[int, str] = {}
    leans = analysis.leans_on
    for sentence in usable:
        if not (leans and leans[sentence.index] is not None) and not opens_bound(sentence):
            continue
        rest = drop_connective(sentence)
        if rest and sentence.text.endswith(rest) and len(rest) < len(sentence.text):
            out[sentence.index] = sentence.text[: len(sentence.text) - len(rest)]
    return out


def _closures(
    analysis: Analysis, usable: Sequence[Sentence], freed: set[int]
) -> dict[int, tuple[int, ...]]:
    """Per usable sentence, the sentences it needs before it (itself last), in order;
    a sentence leaning on one the post cannot use is left out. A sentence that reads
    as bound on its own (`opens_bound`: a connective, a pronoun subject …) though the
    analysis found nothing it leans on is held to the usable sentence before it, so
    it never opens a part either. A sentence in `freed` stands alone (its connective
    is left out)."""
    leans = analysis.leans_on
    ok = {s.index for s in usable}
    out: dict[int, tuple[int, ...]] = {}
    previous: int | None = None
    for sentence in usable:  # in order, so an anchor's closure is known first
        anchor = leans[sentence.index] if leans else None
        if sentence.index in freed:
            anchor = None
        elif anchor is None and opens_bound(sentence):
            anchor = previous if previous is not None else -1
        previous = sentence.index
        if anchor is None:
            out[sentence.index] = (sentence.index,)
        elif anchor in ok and anchor in out:
            out[sentence.index] = (*out[anchor], sentence.index)
    return out


def _conclusion(candidates: Sequence[Sentence], scores: Sequence[float]) -> Sentence | None:
    """The best-ranked sentence stating the outlook, decision or evaluation."""
    for words in (_OUTLOOK, _DECISION):
        found = [s for s in candidates if words.search(s.text)]
        if found:
            return max(found, key=lambda s: scores[s.index])
    return None


def _middle(
    usable: Sequence[Sentence],
    closure: dict[int, tuple[int, ...]],
    lead: Sentence,
    conclusion: Sentence | None,
) -> list[Sentence]:
    """The sentences the sections may say: after the lead, not the conclusion, and not
    leaning on either (a bound sentence goes only where what it leans on is)."""
    taken = {lead.index} | ({conclusion.index} if conclusion else set())
    return [
        s
        for s in usable
        if s.index > lead.index and s.index in closure and not taken.intersection(closure[s.index])
    ]


def _atoms(middle: Sequence[Sentence], closure: dict[int, tuple[int, ...]]) -> list[list[Sentence]]:
    """Runs of sentences no section break may cut: a bound sentence stays in the run of
    the sentence it leans on (and so does everything between them)."""
    atoms: list[list[Sentence]] = []
    where: dict[int, int] = {}
    for sentence in middle:
        chain = closure[sentence.index]
        anchor = chain[-2] if len(chain) > 1 else None
        if anchor is None or anchor not in where:
            atoms.append([sentence])
        else:
            first = where[anchor]
            merged = [s for atom in atoms[first:] for s in atom]
            del atoms[first:]
            atoms.append([*merged, sentence])
            for s in merged:
                where[s.index] = first
        where[sentence.index] = len(atoms) - 1
    return atoms


__all__ = [
    "BODY_MAX",
    "BODY_MIN",
    "MIN_SENTENCES",
    "SOURCE_PER_OWN",
    "Plan",
    "chars",
    "plan_post",
]
