"""Crisis-language detection: a lexicon with modifiers (fast path) and an embedding paraphrase pass (slow).

The lexicon finds candidate spans; the modifiers decide whose crisis it is and when:
subject (the author, someone else, the person being addressed), negation, tense (history vs now),
quotation, idiom, joking tone and narrative (a novel, a news story, grief). Only the author's present
crisis gets medium/high severity; history is kept at low severity; concern for someone else is its own
"about_other" finding; talking *to* someone in crisis is not a finding at all.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from . import crisis_lexicon as lex
from . import triggers
from .base import Category, Finding, ScreeningContext, Severity
from .text import (
    WORD,
    clause_start,
    inside_quotes,
    normalize,
    scan_at,
    sentence_bounds,
    split_sentences,
)

HIGH_SUBTYPES = frozenset({"plan", "intent", "preparation"})
IDEATION_SUBTYPES = frozenset({"ideation_active", "ideation_passive", "self_harm", "method"})
ABOUT_OTHER_REASON = "about someone else"
METHOD_WITH_IDEATION = "method alongside ideation"
MEANS_AT_HAND = "means at hand"
WITH_TIMEFRAME = "with a timeframe"
ATTEMPT_UNDER_WAY = "attempt just made or under way"
NO_CRISIS_CONTEXT = "no crisis language around it"
NO_MEANS_NAMED = "no pills or medicine named"
FEAR_OF_DYING_REASON = "fear of dying, not a wish to"
RELATIONSHIP_REASON = "ending a relationship"


@dataclass
class Hit:
    subtype: str
    score: float
    span: str
    who: str  # "self" | "other" | "you"
    tense: str = "present"  # "present" | "past" | "recent"
    reasons: list[str] = field(default_factory=list)
    dropped: str = ""  # why the hit does not count ("negated", "addressed to someone", ...); "" = counts
    pos: int = -1  # where the match starts in the normalised text

    @property
    def severity(self) -> Severity:
        if self.subtype in ("past", "about_other"):
            return Severity.LOW
        if (
            self.subtype in HIGH_SUBTYPES
            or (self.subtype == "attempt" and self.tense == "recent")
            or (self.subtype == "method" and METHOD_WITH_IDEATION in self.reasons)
            or MEANS_AT_HAND in self.reasons
        ):
            return Severity.HIGH
        if "joking tone" in self.reasons:
            return Severity.LOW
        return Severity.MEDIUM


def _idiom_spans(t: str, found: list[tuple[lex.Pattern, re.Match[str]]]) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for _, m in found:
        lo = max(0, m.start() - 40)
        lo = t.rfind(" ", 0, lo) + 1 if lo else 0
        spans.extend((i.start(), i.end()) for i in lex.IDIOMS.finditer(t, lo, min(len(t), m.end() + 40)))
    return spans


def _who_in_match(span: str) -> str:
    toks = set(WORD.findall(span))
    if toks & {"myself", "my", "me", "self"} and not toks & {"your", "yourself", "ur", "u"}:
        return "self"
    if toks & {"yourself", "your", "ur", "u", "yourselves"}:
        return "you"
    return "other"


def _generic_subject(tokens: list[str]) -> bool:
    """True when the nearest person word before a match is nobody in particular ("people who ...",
    "someone ready to ..."). A plural pronoun is looked through to the noun it stands for: in "how people
    feel when they are suicidal" the "they" are people in general, in "my friends say they are" friends."""
    for i in range(len(tokens) - 1, max(-1, len(tokens) - 11), -1):
        tok = tokens[i]
        if tok in lex.GENERIC_PEOPLE:
            return True
        if tok in lex.PLURAL_PRONOUNS:
            return _antecedent_is_generic(tokens[max(0, i - 15) : i])
        if tok in lex.SELF_TOKENS or tok in lex.YOU_TOKENS or tok in lex.OTHER_TOKENS:
            return False
    return False


def _antecedent_is_generic(tokens: list[str]) -> bool:
    for tok in reversed(tokens):
        if tok in lex.GENERIC_PERSON_NOUNS:
            return True
        if tok in lex.OTHER_PEOPLE_NOUNS:
            return False
    return False


_ADJECTIVE_MATCH = re.compile(r"suicidal|self ?-?harming|cutting")
_NEXT_TWO_WORDS = re.compile(r"[ \t]+([a-z]+)(?:[ \t]+([a-z]+))?")


def _described_person(t: str, end: int) -> str | None:
    """The person noun right after an adjective match ("suicidal friend"), allowing one word between
    ("suicidal teenage girls"); None when the match is not used attributively."""
    m = _NEXT_TWO_WORDS.match(t, end)
    after = [w for w in m.groups() if w] if m else []
    if after and after[0] in lex.PERSON_NOUNS:
        return after[0]
    if len(after) == 2 and after[0] not in lex.SELF_TOKENS and after[1] in lex.PERSON_NOUNS:
        return after[1]
    return None


def _subject_before(tokens: list[str]) -> str | None:
    for tok in reversed(tokens[-10:]):
        if tok in lex.SELF_TOKENS:
            return "self"
        if tok in lex.YOU_TOKENS:
            return "you"
        if tok in lex.OTHER_TOKENS:
            return "other"
    return None


def _classify(t: str, m: re.Match[str], pat: lex.Pattern, doc_you_heavy: bool, doc_addressed: bool) -> Hit:
    span = m.group(0)
    sent = sentence_bounds(t, m.start())
    c_start = clause_start(t, sent.start, m.start())
    before_clause = t[c_start : m.start()]
    before_sentence = t[sent.start : m.start()]
    sentence = t[sent.start : sent.end]
    before_toks = WORD.findall(before_clause)
    hit = Hit(pat.subtype, pat.score, span.strip(), "self", pos=m.start())

    # --- whose crisis ---
    if span == "kms" or span.startswith("kms"):
        hit.who = "self"
    elif span == "kys":
        hit.who = "you"
    elif pat.self_subject_in_match:
        hit.who = _who_in_match(span)
        if hit.who == "other" and _generic_subject(before_toks):
            # "when I think about someone ready to kill himself": a hypothetical person, not concern.
            hit.dropped = "generic statement"
            return hit
    elif _ADJECTIVE_MATCH.fullmatch(span) and (described := _described_person(t, m.end())) is not None:
        # "a suicidal friend", "suicidal teens": the word describes them, not the author.
        if described in lex.GENERIC_PERSON_NOUNS:
            hit.dropped = "generic statement"
            return hit
        hit.who = "other"
    else:
        # The subject is looked for in the clause first, then in the sentence; the generic-person check
        # reads the same words the subject came from.
        subject_toks = before_toks
        explicit = _subject_before(before_toks)
        if explicit is None:
            subject_toks = WORD.findall(before_sentence)
            explicit = _subject_before(subject_toks)
        if explicit is None and pat.explicit_self:
            hit.dropped = "topic word without the author as subject"
            return hit
        hit.who = explicit or "self"
        if hit.who == "other" and _generic_subject(subject_toks):
            hit.dropped = "generic statement"
            return hit
        if pat.explicit_self and lex.TOPIC_STANCE_BEFORE.search(" ".join(before_toks[-4:])):
            # "I oppose suicide", "my views on suicide": an opinion about the topic, not a disclosure.
            hit.dropped = "opinion about the topic"
            return hit

    quote_at = inside_quotes(t, sent, m.start())
    if quote_at is not None:
        # The reporter is the first subject before the quote ("my roommate texted me" -> the roommate);
        # possessive/object "my"/"me" are skipped so they do not claim it for the author.
        reporter = next(
            (
                "self" if w in lex.SELF_TOKENS else "you" if w in lex.YOU_TOKENS else "other"
                for w in WORD.findall(t[sent.start : quote_at])
                if w not in ("my", "me", "mine")
                and (w in lex.SELF_TOKENS or w in lex.YOU_TOKENS or w in lex.OTHER_TOKENS)
            ),
            None,
        )
        if reporter == "other":
            hit.who = "other"
        elif reporter != "self":
            hit.dropped = "quoted"
            return hit
    if pat.self_only and hit.who != "self":
        # "my mum is holding a knife", "the man was on the tracks": means are only the author's disclosure.
        hit.dropped = "not the author's"
        return hit

    # --- everyday readings of crisis words: a fear of dying, ending a relationship ---
    if (
        pat.subtype == "ideation_passive"
        and span.startswith(("going", "gonna"))
        and lex.FEAR_OF_DYING.search(sentence)
    ):
        # "I'm scared I'm going to die", "what if I'm going to die of this": fear of death, not a wish.
        hit.dropped = FEAR_OF_DYING_REASON
        return hit
    if lex.BARE_END_IT.search(span.strip()):
        # The break-up is often named a sentence earlier ("he cheated again. I need to end it").
        before = sentence_bounds(t, sent.start - 2).start if sent.start >= 2 else sent.start
        if lex.RELATIONSHIP.search(t, before, sent.end):
            hit.dropped = RELATIONSHIP_REASON
            return hit

    # --- negation: a negator attached to the phrase ("I'm not suicidal", "I would never kill myself") ---
    window = before_toks[-4:]
    window_text = " ".join(window)
    if (
        set(window) & lex.NEGATION_TOKENS or "no longer" in window_text
    ) and not lex.NEGATION_FALSE_FRIENDS.search(window_text + " " + span):
        hit.dropped = "negated"
        return hit

    # --- modifiers from the words just before: intent, plan, attempt ---
    near = " ".join(before_toks[-6:])
    conditional = bool(lex.CONDITIONAL_BEFORE.search(near))
    if hit.subtype in ("ideation_active", "ideation_passive", "method"):
        if lex.ATTEMPT_BEFORE.search(near) and hit.subtype != "ideation_passive":
            hit.subtype, hit.score = "attempt", 0.75
            hit.span = f"{' '.join(before_toks[-3:])} {hit.span}".strip()
        elif lex.PLAN_BEFORE.search(near):
            hit.subtype, hit.score = "plan", 0.9
            hit.span = f"{' '.join(before_toks[-3:])} {hit.span}".strip()
        elif lex.INTENT_BEFORE.search(near) and (
            hit.subtype == "ideation_active" or (hit.subtype == "method" and not pat.weak)
        ):
            hit.subtype, hit.score = "intent", 0.8 if "if" in sentence.split() else 0.88
            hit.span = f"{' '.join(before_toks[-3:])} {hit.span}".strip()
        elif lex.WANT_BEFORE.search(near) and hit.subtype == "ideation_active":
            hit.score = max(hit.score, 0.8)

    # --- tense: history is kept (low severity) unless it is shared to support someone else ---
    recent = bool(lex.RECENT_MARKERS.search(sentence))
    distant = bool(lex.PAST_MARKERS.search(sentence))
    past_verb = (
        bool(lex.PAST_VERB_BEFORE.search(" ".join(before_toks[-4:])) or lex.PAST_VERB_START.match(span))
        and not conditional
    )
    if hit.subtype == "attempt":
        recent = recent or bool(lex.ATTEMPT_NOW.search(sentence))
        hit.tense = "recent" if recent and not distant else ("past" if distant else "present")
    elif (distant and not recent) or (past_verb and not recent):
        hit.tense = "past"
    elif recent and past_verb:
        hit.tense = "recent"

    if hit.who == "you":
        hit.dropped = "addressed to someone"
        return hit
    narrative = bool(lex.NARRATIVE.search(sentence))
    if hit.who == "other":
        if narrative or lex.GRIEF.search(sentence) or hit.tense == "past":
            hit.dropped = "grief, news or fiction about someone else"
            return hit
        hit.reasons.append(ABOUT_OTHER_REASON)
        hit.score = 0.55 if hit.subtype in HIGH_SUBTYPES or hit.subtype == "attempt" else 0.45
        hit.subtype = "about_other"
        return hit
    if narrative and hit.subtype == "ideation_active" and span.startswith("suicide"):
        hit.dropped = "narrative mention"
        return hit

    if hit.tense == "past":
        # History told to someone else ("I was there too, it got better") is support, not disclosure.
        if lex.SUPPORTIVE.search(sentence) or doc_addressed or doc_you_heavy:
            hit.dropped = "past experience shared to support someone"
            return hit
        hit.reasons.append("in the past")
        hit.score = 0.45 if hit.subtype == "attempt" else 0.4
        hit.subtype = "past"
        return hit

    if lex.LAUGHTER.search(sentence):
        # Kept (a joke can carry the truth) but at the bottom of the scale, just over the default threshold.
        hit.reasons.append("joking tone")
        hit.score = min(hit.score, 0.36)
    elif hit.subtype in ("ideation_active", "ideation_passive") and lex.TRIVIAL_TRIGGERS.search(sentence):
        hit.reasons.append("possibly hyperbole")
        hit.score *= 0.75
    if hit.subtype == "attempt":
        hit.score = 0.9 if hit.tense == "recent" else hit.score
    return hit


def _you_heavy(toks: list[str]) -> bool:
    """A reply mostly addressed to someone else ("you ... your ...") rather than about the author."""
    you = sum(1 for w in toks if w in lex.YOU_TOKENS)
    me = sum(1 for w in toks if w in ("i", "im", "ive", "me", "my", "myself", "id"))
    return you >= 3 and you > 1.5 * me


# Which patterns (by index, so the lexicon's order is kept) each trigger substring can start.
_PATTERNS_BY_TRIGGER: dict[str, tuple[int, ...]] = {
    n: tuple(i for i, p in enumerate(lex.PATTERNS) if n in p.needs) for n in lex.ALL_NEEDS
}
# Intent by reference and preparation in ordinary words ("going to", "a note", "the day") are everywhere and
# never count alone, so their regexes run only when something else in the post matched.
_LAZY = frozenset(i for i, p in enumerate(lex.PATTERNS) if p.weak in ("act", "prep"))


def analyze(text: str) -> list[Hit]:
    """Every lexicon hit in ``text`` with its modifiers applied (dropped hits included, for debugging)."""
    t = normalize(text)
    occ = triggers.find(t)
    triggered = {i for n in occ if (ps := _PATTERNS_BY_TRIGGER.get(n)) for i in ps}
    candidates = sorted(
        i for i in triggered if not (also := lex.PATTERNS[i].also_needs) or any(n in occ for n in also)
    )
    if not candidates:
        return []
    found: list[tuple[lex.Pattern, re.Match[str]]] = []
    lazy = [i for i in candidates if i in _LAZY]
    for i in candidates:
        if i not in _LAZY:
            found.extend(_scan(lex.PATTERNS[i], t, occ))
    if lazy and found:
        for i in lazy:
            found.extend(_scan(lex.PATTERNS[i], t, occ))
    if not found:
        return []
    # Idioms are looked for only around candidate matches: masking the whole text up front cost more
    # than everything else on a long post.
    idioms = _idiom_spans(t, found)
    if idioms:
        found = [(p, m) for p, m in found if not any(s < m.end() and m.start() < e for s, e in idioms)]
    toks = WORD.findall(t)
    doc_you_heavy = _you_heavy(toks)
    doc_addressed = not lex.YOU_TOKENS.isdisjoint(toks) or bool(lex.SUPPORTIVE.search(t))
    # Overlapping spans ("suicide" inside "suicide note") are one piece of evidence: keep the most specific
    # (highest-scoring, then longest) reading.
    # Weak matches ("want to end it" as intent by reference) give way to a plain lexicon match they overlap.
    found.sort(key=lambda pm: (bool(pm[0].weak), -pm[0].score, -(pm[1].end() - pm[1].start()), pm[1].start()))
    hits: list[Hit] = []
    pats: list[lex.Pattern] = []
    seen: list[tuple[int, int]] = []
    for pat, m in found:
        if any(s < m.end() and m.start() < e for s, e in seen):
            continue
        seen.append((m.start(), m.end()))
        hits.append(_classify(t, m, pat, doc_you_heavy, doc_addressed))
        pats.append(pat)
    _resolve_weak(t, hits, pats)
    _raise_imminent(t, hits)
    _drop_in_supportive_paragraphs(t, hits)
    # Method alone is medium; method alongside the author's own ideation is C-SSRS level 3+ -> high.
    if any(h.subtype in IDEATION_SUBTYPES - {"method"} and not h.dropped for h in hits):
        for h in hits:
            if h.subtype == "method" and not h.dropped and h.who == "self":
                h.reasons.append(METHOD_WITH_IDEATION)
                h.score = max(h.score, 0.86)
    return hits


def _scan(
    pat: lex.Pattern, t: str, occ: dict[str, list[tuple[int, int]]]
) -> list[tuple[lex.Pattern, re.Match[str]]]:
    spans = [o for n in pat.needs if n in occ for o in occ[n]]
    return [(pat, m) for m in scan_at(pat.regex, t, spans)]


def _own_now(h: Hit) -> bool:
    return not h.dropped and h.who == "self" and h.subtype not in ("past", "about_other")


def _resolve_weak(t: str, hits: list[Hit], pats: list[lex.Pattern]) -> None:
    """Keep weak matches only where they mean what they can mean, and mark means at hand.

    "I'm on the roof", "I'm going to do it tonight" or "I've picked the date" are ordinary words; next to the
    author's crisis language, or to another kind of weak match in the same sentence ("I'm on the bridge and
    I'm going to jump"), they are imminence. A blade or a loaded gun in hand also counts with a timeframe.
    A pronoun standing for the means ("take them all") needs pills or a medicine named nearby.
    """
    for h, p in zip(hits, pats, strict=True):
        if p.needs_means and not h.dropped:
            window = t[max(0, h.pos - 400) : h.pos + len(h.span) + 60]
            if not lex.MEANS_NEARBY.search(window):
                h.dropped = NO_MEANS_NAMED
    anchors = [h for h, p in zip(hits, pats, strict=True) if not p.weak and not h.dropped and h.who == "self"]
    anchored_now = any(h.subtype not in ("past", "about_other") for h in anchors)
    weak = [(h, p) for h, p in zip(hits, pats, strict=True) if p.weak and not h.dropped]
    for h, p in weak:
        sent = sentence_bounds(t, h.pos)
        partner = any(
            o is not h and q.weak != p.weak and sent.start <= o.pos < sent.end
            for o, q in weak
            if not o.dropped
        )
        if h.subtype == "past":
            keep = bool(anchors)
        else:
            keep = (
                anchored_now
                or partner
                or (
                    p.weak == "means"
                    and (
                        lex.TIMEFRAME.search(t, sent.start, sent.end) is not None
                        or lex.ATTEMPT_NOW.search(t, sent.start, sent.end) is not None
                    )
                )
            )
        if not keep:
            h.dropped = NO_CRISIS_CONTEXT
    for h, p in zip(hits, pats, strict=True):
        if h.dropped or h.subtype in ("past", "about_other"):
            continue
        if p.at_hand or p.weak in ("place", "means"):
            h.reasons.append(MEANS_AT_HAND)
            h.score = max(h.score, 0.88)


def _negated_before(t: str, start: int, pos: int) -> bool:
    toks = WORD.findall(t[clause_start(t, start, pos) : pos])
    return not lex.NEGATION_TOKENS.isdisjoint(toks[-6:])


def _raise_imminent(t: str, hits: list[Hit]) -> None:
    """Intent with a timeframe, or an act just made, is high whatever the wording of the hit.

    "I want to die and I'm going to do it tonight", "I'm taking all my lithium right now", "I cut my wrists
    and it won't stop bleeding": the hit's own sentence carries the timeframe or the act under way.
    """
    for h in hits:
        if not _own_now(h) or "joking tone" in h.reasons or "possibly hyperbole" in h.reasons:
            continue
        sent = sentence_bounds(t, h.pos)
        sentence = t[sent.start : sent.end]
        injury = h.subtype == "self_harm" and lex.INJURY_NOW.search(sentence)
        if h.subtype in ("method", "attempt") or injury:
            now = lex.ATTEMPT_NOW.search(sentence)
            # A method with "an hour ago" may be a plan made then; "just took", "it's started" is the act.
            if now and (h.subtype != "method" or now.group(0).startswith(("just", "already", "its"))):
                h.subtype, h.tense = "attempt", "recent"
                h.score = max(h.score, 0.9)
                h.reasons.append(ATTEMPT_UNDER_WAY)
                continue
        if h.severity is Severity.HIGH and h.subtype != "method":
            continue
        tf = lex.TIMEFRAME.search(sentence)
        intent = lex.INTENT_VERB.search(sentence)
        when = tf or (intent and lex.TIME_WORD.search(sentence))
        if not when or (h.subtype == "self_harm" and not intent):
            continue
        if _negated_before(t, sent.start, sent.start + when.start()):
            continue  # "I want to die but I won't do anything tonight"
        if h.severity is not Severity.HIGH:
            h.subtype = "intent"
        h.score = max(h.score, 0.88)
        h.reasons.append(WITH_TIMEFRAME)


# A paragraph break, or a sentence end glued to the next word ("tomorrow.your plan"), which is how pasted
# or concatenated posts usually meet. Used only to find the paragraph around a hit.
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n|(?<=[a-z]{2}[.!?])(?=[a-z]{2})")
SUPPORTING_REASON = "shared while supporting someone"


def _paragraph_orientation(t: str, pos: int) -> float:
    """``orientation`` of the paragraph around ``pos``, with the sentence at ``pos`` counted as the
    author's own ("I want to die, you know?" stays the author's whatever "you" it contains)."""
    start = 0
    end = len(t)
    for m in _PARAGRAPH_BREAK.finditer(t):
        if m.end() <= pos:
            start = m.end()
        else:
            end = m.start()
            break
    sent = sentence_bounds(t, pos)
    roles = [sentence_role(s) for s in split_sentences(t[start : sent.start] + "\n" + t[sent.end : end])]
    roles = [r for r in roles if r != "neither"]
    return (roles.count("addressed") - roles.count("own") - 1) / (len(roles) + 1)


def _drop_in_supportive_paragraphs(t: str, hits: list[Hit]) -> None:
    """Drop the author's own medium/low hits inside a paragraph addressed to someone more than it is about
    the author ("I self-harm too, but when you're on the edge you need someone to talk to ...").

    A peer supporter's own history or feelings, told to comfort someone, is support rather than a
    disclosure of crisis. The cut-off is not fitted: strictly more sentences to "you" (advice, questions,
    imperatives) than about the author. High hits (plan, intent, preparation, a recent attempt) always
    count. The embedding pass still sees these sentences, so a crisis told to someone can still surface.
    """
    for h in hits:
        if h.dropped or h.subtype == "about_other" or h.severity is Severity.HIGH:
            continue
        if _paragraph_orientation(t, h.pos) > 0:
            h.dropped = SUPPORTING_REASON


def hits_to_finding(hits: list[Hit], detector: str, threshold: float) -> Finding | None:
    live = [h for h in hits if not h.dropped]
    own = [h for h in live if h.subtype != "about_other"]
    if own:
        best = max(own, key=lambda h: (h.severity.rank, h.score))
        distinct = {h.subtype for h in own}
        score = min(0.99, best.score + 0.04 * (len(distinct) - 1) + 0.02 * min(5, len(own) - 1))
        spans = [best.span] + [h.span for h in sorted(own, key=lambda h: -h.score) if h is not best]
        reasons = [r for r in best.reasons if r != ABOUT_OTHER_REASON]
    elif live:
        best = max(live, key=lambda h: h.score)
        score = best.score
        spans = [h.span for h in live]
        reasons = [ABOUT_OTHER_REASON]
    else:
        return None
    if score < threshold:
        return None
    evidence = tuple(dict.fromkeys(spans[:5] + reasons))
    return Finding(
        category=Category.CRISIS,
        severity=best.severity,
        score=score,
        evidence=evidence,
        detector=detector,
        subtype=best.subtype,
    )


class CrisisLexicalDetector:
    name = "crisis.lexical"
    category = Category.CRISIS

    def screen(self, text: str, context: ScreeningContext, threshold: float) -> list[Finding]:
        finding = hits_to_finding(analyze(text), self.name, threshold)
        return [finding] if finding else []


# --- sentence gate and features for the trained classifier (classifier.py) --------------------------

_SELF_NEGATED = re.compile(
    r"\b(?:im not|i am not|i dont|i do not|i would never|i will never|i wont|i never|not)\b(?: \w+){0,3} "
    r"(?:suicidal|die|dying|kill|hurt|harm|end|cut)"
)
DISTRESS = re.compile(
    r"\b(?:hopeless|worthless|useless|empty|numb|alone|lonely|depressed|depression|pain|painful|hurts|crying|"
    r"cried|cry|hate myself|hate my life|burden|exhausted|tired|give up|gave up|giving up|trapped|suffering|"
    r"miserable|"
    r"broken|failure|scared|anxiety|panic|therapist|meds|medication|psych|hospital|overwhelmed|no one cares|"
    r"nobody cares|no friends|nothing matters|dark)\b"
)


@dataclass(frozen=True)
class SentenceGate:
    factor: float  # 0 = the sentence cannot be the author's crisis; scales its similarity
    reason: str = ""


def sentence_gate(sentence: str) -> SentenceGate:
    """The lexical modifiers applied to one (normalised) sentence before its embedding similarity counts.

    Embeddings ignore negation, tense and who is speaking ("please don't kill yourself" sits right next to
    "I want to kill myself"), so the same modifiers as the lexicon gate them.
    """
    toks = WORD.findall(sentence)
    if len(toks) < 3:
        return SentenceGate(0.0, "too short")
    tokset = set(toks)
    # "my" does not make the author the subject ("my friend keeps saying ..."); the other self words do.
    has_self = bool(tokset & (lex.SELF_TOKENS - {"my", "mine"}))
    if '"' in sentence:
        return SentenceGate(0.0, "quoted")
    if not has_self and tokset & (lex.OTHER_TOKENS | lex.YOU_TOKENS):
        return SentenceGate(0.0, "about someone else")
    if tokset & lex.YOU_TOKENS and lex.SUPPORTIVE.search(sentence):
        return SentenceGate(0.0, "supporting someone")
    has_first = not lex.FIRST_PERSON.isdisjoint(tokset)
    if not has_first and (lex.IMPERATIVE_START.match(sentence) or lex.ADVICE.search(sentence)):
        # "please don't give up", "reach out to a crisis line": words to someone, not the author's state.
        return SentenceGate(0.0, "advice to someone")
    if _SELF_NEGATED.search(sentence):
        return SentenceGate(0.0, "negated")
    factor, reason = 1.0, ""
    if not has_first and lex.GENERAL_STATEMENT.match(sentence):
        factor, reason = 0.5, "a general statement"
    elif not tokset.isdisjoint(lex.PEOPLE_IN_GENERAL) and not _self_outside_opinion_frame(sentence):
        # "what I see is that people who are suicidal ...": the author frames a view of people in general.
        factor, reason = 0.5, "a general statement"
    if lex.PAST_MARKERS.search(sentence) and not lex.RECENT_MARKERS.search(sentence):
        factor, reason = 0.4, "in the past"
    if lex.LAUGHTER.search(sentence):
        factor, reason = factor * 0.5, "joking tone"
    if lex.NARRATIVE.search(sentence) or lex.GRIEF.search(sentence):
        factor, reason = factor * 0.5, "narrative or grief"
    if tokset & lex.YOU_TOKENS:
        factor *= 0.7
    return SentenceGate(factor, reason)


def _self_outside_opinion_frame(sentence: str) -> bool:
    """Whether the author is in the sentence other than as the holder of a view ("I think", "what I see")."""
    rest = lex.OPINION_FRAME.sub(" ", sentence)
    return not lex.FIRST_PERSON.isdisjoint(WORD.findall(rest))


def sentence_role(sentence: str) -> str:
    """Whom a normalised sentence is about: ``"addressed"`` (to someone: "you", advice, an imperative),
    ``"own"`` (the author, first person), or ``"neither"`` (short, general, about others)."""
    toks = WORD.findall(sentence)
    if len(toks) < 3:
        return "neither"
    tokset = set(toks)
    if (
        not lex.YOU_TOKENS.isdisjoint(tokset)
        or lex.IMPERATIVE_START.match(sentence)
        or lex.ADVICE.search(sentence)
    ):
        return "addressed"
    if not lex.FIRST_PERSON.isdisjoint(tokset):
        return "own"
    return "neither"


def orientation(text: str) -> float:
    """Share of sentences addressed to someone minus share about the author's own state, -1..1.

    A peer supporter's history is mostly "you", advice and questions to the other person; someone in
    crisis writes mostly about themselves. On the training half of the C-SSRS data the median is about
    +0.2 for Supportive users and -0.35 for Ideation/Behavior/Attempt users. It is one of the document
    features of the trained classifier (``classifier.py``).
    """
    return _orientation_of(normalize(text))


def _orientation_of(t: str) -> float:
    """``orientation`` of already-normalised text."""
    roles = [sentence_role(s) for s in split_sentences(t)]
    roles = [r for r in roles if r != "neither"] or ["neither"]
    n = len(roles)
    return (roles.count("addressed") - roles.count("own")) / n


def lexical_features(text: str, hits: list[Hit] | None = None) -> dict[str, float]:
    t = normalize(text)
    toks = WORD.findall(t)
    n = max(1, len(toks))
    hits = analyze(text) if hits is None else hits
    # Hits dropped only for sitting in a paragraph addressed to someone still count here: the combiner was
    # fitted with them, and its own orientation gate weighs support against crisis over the whole text.
    live = [h for h in hits if not h.dropped or h.dropped == SUPPORTING_REASON]
    own = [h for h in live if h.subtype not in ("about_other",)]
    present = [h for h in own if h.subtype != "past"]
    return {
        "lex_max": max((h.score for h in own), default=0.0),
        "lex_present_max": max((h.score for h in present), default=0.0),
        "lex_high": float(any(h.severity is Severity.HIGH for h in own)),
        "lex_count": math.log1p(len(present)),
        "lex_past": float(any(h.subtype == "past" for h in own)),
        "lex_other": float(any(h.subtype == "about_other" for h in live)),
        "lex_dropped": math.log1p(sum(1 for h in hits if h.dropped and h not in live)),
        "distress": 100.0 * len(DISTRESS.findall(t)) / n,
        "self_ratio": sum(1 for w in toks if w in lex.SELF_TOKENS) / n,
        "you_ratio": sum(1 for w in toks if w in lex.YOU_TOKENS) / n,
        "log_len": math.log1p(n),
        "orientation": orientation(text),
    }
