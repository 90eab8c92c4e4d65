# ruff: noqa: E501  (regex tables read better unwrapped)
"""Hand-written crisis lexicon: patterns, modifiers and idioms, organised by C-SSRS category.

Patterns run on ``text.normalize``d text (lower case, no apostrophes), so "I'm", "Im" and "im" all match
"im". Every list here was written for Hearth from the C-SSRS screener's categories and from common
phrasing; none of it is copied from evaluation data.

Severity follows C-SSRS: wish to be dead < active thoughts < thoughts with method < intent < plan /
preparatory acts / a recent attempt. Past ideation or attempts stay findings, at low severity.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .text import trie_alternation

REFLEXIVE = r"(?:my ?self|me ?self|him ?self|her ?self|them ?selves|them ?self|your ?self|ur ?self|u ?self)"
POSSESSIVE = r"(?:my|his|her|their|your|ur)"
KILL_VERB = (
    r"(?:kill|killing|kills|killed|kil|hang|hanging|hanged|hung|shoot|shooting|shot|drown|drowning|drowned"
    r"|off|offing|offed|unalive|unaliving|unalived|poison|poisoning|poisoned|suffocate|suffocating|suffocated"
    r"|end|ending|ended)"
)


@dataclass(frozen=True)
class Pattern:
    subtype: str
    score: float
    regex: re.Pattern[str]
    # The match names its own subject ("kill myself" is the author, "kill herself" someone else); other
    # patterns ("want to die", "suicidal") take the subject from the words before them.
    self_subject_in_match: bool = False
    # Plain substrings, at least one of which must occur for the regex to be worth running: a substring
    # test costs ~50 ns, a regex scan over a long post ~20 us, and this keeps screen_fast within budget.
    needs: tuple[str, ...] = ()
    # Bare topic words ("suicide", "suicidal", "end it") are talked *about* far more often than disclosed;
    # they count only with the author as explicit subject ("I'm suicidal", "I think about suicide").
    explicit_self: bool = False
    # Only the author's own means count: "my mum is holding a knife" or "the man on the tracks" is nobody's
    # disclosure, not even concern for someone else.
    self_only: bool = False
    # A means the author has at hand right now (rope tied, car running in a closed garage, pills counted
    # out): high severity whenever it is kept.
    at_hand: bool = False
    # Words that are ordinary on their own and mean imminent risk only next to crisis language (see
    # ``WEAK_KINDS``): "I'm on the roof", "I'm going to do it tonight", "I've picked the date".
    weak: str = ""
    # The match refers back to a means ("take them all"): kept only when pills or a medicine are named
    # nearby.
    needs_means: bool = False
    # Further substrings of which one must occur anywhere in the post for the regex to be worth running
    # ("take all my ..." needs a taking verb as well as the medicine it is triggered by).
    also_needs: tuple[str, ...] = ()


def _p(
    subtype: str,
    score: float,
    rx: str,
    *,
    subject_in_match: bool = False,
    needs: tuple[str, ...] = (),
    explicit_self: bool = False,
    self_only: bool = False,
    at_hand: bool = False,
    weak: str = "",
    needs_means: bool = False,
    also_needs: tuple[str, ...] = (),
) -> Pattern:
    return Pattern(
        subtype,
        score,
        re.compile(rx),
        subject_in_match,
        needs,
        explicit_self,
        self_only,
        at_hand,
        weak,
        needs_means,
        also_needs,
    )


# What a weak match needs to count. "place" (somewhere high, a station, the sea) and "prep" (a plan, a date,
# letters, goodbyes) need other crisis language in the post or another weak match of a different kind in
# the same sentence ("I'm on the bridge and I'm going to jump"); "act" ("going to do it tonight") needs
# crisis language elsewhere or a means in its sentence; "means" (a blade, a loaded gun, pills in hand, the
# sea, a wall to drive into) also counts with a timeframe or an act under way in its sentence ("I'm holding
# a blade right now", "I'm going to walk into the sea tonight", "I already took the pills, it's started").
WEAK_KINDS = ("place", "prep", "act", "means")

# Medicines people overdose on, by generic and brand name, plus the general words. Normalised spelling.
MEDICINES = (  # noqa: SIM905 (a word list reads better as prose)
    "paracetamol acetaminophen tylenol panadol calpol ibuprofen advil nurofen motrin aspirin naproxen "
    "codeine cocodamol co-codamol tramadol oxycodone oxycontin hydrocodone vicodin percocet morphine fentanyl "
    "methadone buprenorphine gabapentin pregabalin lyrica sertraline zoloft fluoxetine prozac citalopram celexa "
    "escitalopram lexapro paroxetine paxil seroxat venlafaxine effexor duloxetine cymbalta mirtazapine remeron "
    "bupropion wellbutrin trazodone amitriptyline nortriptyline imipramine clomipramine doxepin dosulepin "
    "quetiapine seroquel olanzapine zyprexa risperidone risperdal aripiprazole abilify clozapine haloperidol "
    "lithium lamotrigine lamictal valproate depakote carbamazepine tegretol diazepam valium lorazepam ativan "
    "alprazolam xanax clonazepam klonopin temazepam zopiclone zolpidem ambien promethazine phenergan "
    "diphenhydramine benadryl doxylamine unisom nytol sominex melatonin propranolol metoprolol amlodipine "
    "insulin metformin warfarin digoxin benzos opioids opiates heroin adderall ritalin"
).split()
PILL_WORDS = (  # noqa: SIM905
    "pills tablets tabs meds medication medications medicine medicines capsules painkillers antidepressants "
    "antipsychotics"
).split()
# A prefix trie: ~120 names tried at every position of a window cost one comparison each, not 120.
MEANS_NOUN = rf"(?:sleeping (?:pills|tablets)|{trie_alternation(MEDICINES + PILL_WORDS)})"
# Where a pronoun ("take them all") finds its means: any pill word or medicine name nearby.
MEANS_NEARBY = re.compile(
    rf"\b{MEANS_NOUN}\b|\b(?:pill|tablet|capsule)\b|\b(?:bottle|packet|pack|box|strip|blister)s? of\b"
)
_DET = r"(?:(?:all )?(?:of )?(?:my|the|these|those|his|her|their|our|your|this|that|a|an)(?: \w+)? )?"
# "down" and "eat" are left out: as trigger substrings ("calm down", "great") they cost more than they find.
_TAKE_NOW = r"(?:take|taking|takes|swallow|swallowing|downing|neck|necking|chug|chugging)"
_TAKE_PAST = r"(?:took|taken|swallowed|downed|necked|chugged)"
# How many: enough to be an overdose, not a dose ("took 2 paracetamol" is a headache).
_LOTS = (
    r"(?:all (?:of )?|every (?:single |last )?|the (?:whole|entire) (?:bottle|box|pack|packet|strip|lot|tub) of |"
    r"the rest of |(?:a|two|three) (?:whole )?(?:bottles?|box(?:es)?|packs?|packets?|strips?) of |"
    r"(?:a |two )?(?:handfuls?|bunch|load|fistfuls?|ton|heap) of |loads of |"
    r"(?:like |about |around |over |nearly |almost )?[1-9]\d+ |everything in )"
)
_THEM_ALL = (
    r"(?:them all|it all|all of them|all of it|all (?:of )?(?:these|those|them)|the (?:whole|entire) "
    r"(?:bottle|box|pack|packet|strip|lot|tub)|the lot|every (?:last )?(?:one|pill|tablet)|everything in the "
    r"(?:medicine )?(?:cabinet|cupboard|drawer|house|bathroom))"
)
# Taking medicine as prescribed or packing it is not an overdose ("take all my tablets with me on holiday").
_AS_PRESCRIBED = (
    r"(?![^.!?\n]{0,40}\b(?:as prescribed|prescribed|like the doctor|the doctor (?:said|gives|gave|told)|my (?:doctor|gp) "
    r"(?:said|gives|gave|told)|with me|on holiday|in my bag|to the pharmacy|back to the|for the week|for the trip)\b)"
)
# Triggers for the overdose patterns: the means named, or the quantity after a pronoun ("take them all"),
# rather than the verb ("take care" is everywhere); the scan window reaches back to the verb.
_MEANS_NEEDS = (
    "pill",
    "tablet",
    "tabs",
    "meds",
    "medication",
    "medicine",
    "capsule",
    "painkiller",
    "antidep",
    "antipsych",
    *MEDICINES,
)
_TAKE_VERBS = ("take", "taking", "swallow", "downing", "downed", "neck", "chug", "took")
_THEM_ALL_NEEDS = (
    "them all",
    "it all",
    "all of them",
    "all of it",
    "all of these",
    "all of those",
    "all these",
    "all those",
    "all them",
    "the whole",
    "the entire",
    "the lot",
    "every one",
    "every last",
    "every pill",
    "every tablet",
    "everything in the",
)
TIMEFRAME = re.compile(
    r"\b(?:tonight|tonite|right now|rn|as we speak|after (?:this|i post this|posting|i hit post|tonight)"
    r"|once (?:i post this|this is posted)|before (?:the )?(?:morning|sunrise|tomorrow|dawn)|by (?:the )?(?:morning|tomorrow)"
    r"|in (?:an|a few|a couple of|\d+|two|few|ten|twenty) (?:hours?|minutes?|mins)|at midnight"
    r"|when (?:everyone|everybody|they|my (?:\w+ )?(?:mum|mom|dad|parents|family|wife|husband|partner|roommate)) "
    r"(?:is asleep|are asleep|goes to (?:bed|sleep)|go to (?:bed|sleep)|falls asleep|fall asleep|leaves|leave|is out|are out)"
    r"|(?:this|tonight|today) is (?:the|my) (?:night|day)|tonights the night|todays the day"
    r"|(?:do|doing|use|using|take|taking|end|ending) (?:it|them|this|things) now|im doing it now)\b"
)
# Days and times that make a plan imminent when said with intent ("I'm going to ... on Friday").
TIME_WORD = re.compile(
    r"\b(?:today|tomorrow|this (?:weekend|week|evening|afternoon|morning)|soon|on (?:my birthday|monday|tuesday|"
    r"wednesday|thursday|friday|saturday|sunday)|(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
    r"(?: night)?|next week|now)\b"
)
INTENT_VERB = re.compile(
    r"\b(?:going to|gonna|goin to|will|ill|about to|ready to|planning to|plan to|decided to|im doing|im finally"
    r"|im taking|im going)\b"
)
# An injury under way: a self-harm hit beside one of these is a recent attempt (high).
INJURY_NOW = re.compile(
    r"\b(?:wont|cant|will not|doesnt|isnt) stop(?:ping)? bleeding\b|\bbleeding (?:out|heavily|everywhere|a lot)\b"
    r"|\b(?:cut|went|gone) too deep\b|\b(?:wrists?|throat|neck)\b"
)
# An act just made or under way: the hit it sits beside is a recent attempt (high).
ATTEMPT_NOW = re.compile(
    r"\b(?:just|already) (?:took|taken|swallowed|downed|cut|did it|done it|overdosed|od|tried)"
    r"|\b(?:minutes?|mins|an hour|hours?|half an hour) ago\b"
    r"|\b(?:wont|cant|will not|doesnt|isnt) stop(?:ping)? bleeding\b|\bbleeding (?:out|heavily|everywhere|a lot)\b"
    r"|\bits (?:started|kicking in|starting to (?:work|kick in))\b|\b(?:cut|went|gone) too deep\b"
    r"|\b(?:feel|feeling|getting|starting to feel|im) (?:really )?(?:drowsy|dizzy|sleepy|woozy|faint) (?:now|already)\b"
)


PATTERNS: tuple[Pattern, ...] = (
    # --- active ideation: killing oneself, ending one's life -------------------------------------------
    _p("ideation_active", 0.8, rf"\b{KILL_VERB} {REFLEXIVE}\b", subject_in_match=True, needs=("self",)),
    _p(
        "ideation_active",
        0.8,
        rf"\b(?:end|ending|ends|take|taking|takes) {POSSESSIVE} (?:own )?li(?:fe|ves)\b",
        subject_in_match=True,
        needs=("life", "lives"),
    ),
    _p(
        "ideation_active",
        0.78,
        r"\b(?:end|ending) it all\b|\bend it (?:tonight|today|soon|now|for good)\b",
        needs=("end it",),
    ),
    _p(
        "ideation_active",
        0.55,
        r"\b(?:end|ending) (?:it|things|everything)\b(?! (?:with|between|off|up))",
        needs=("end it", "end things", "end everything", "ending it", "ending things", "ending everything"),
        explicit_self=True,
    ),
    _p(
        "ideation_active",
        0.8,
        r"\b(?:commit|committing|commiting|comit|commited|committed) suicide\b",
        needs=("suicide",),
        explicit_self=True,
    ),
    _p(
        "ideation_active",
        0.7,
        r"\bsuicidal\b|\bsuicide (?:ideation|thoughts?|urges?|plans?|is (?:the|my) (?:only )?"
        r"(?:answer|option|way out))\b",
        needs=("suicid",),
        explicit_self=True,
    ),
    _p(
        "ideation_active",
        0.72,
        r"\b(?:think|thinking|thought|thoughts|considering|considered|contemplating|"
        r"contemplated|contemplate|consider) (?:about |of )?(?:suicide|killing|ending (?:it|my|things))\b",
        needs=("suicide", "killing", "ending"),
        explicit_self=True,
    ),
    _p("ideation_active", 0.75, r"\bkms\b|\bkmsl\b", needs=("kms",)),
    _p(
        "ideation_active", 0.7, r"\bkys\b", needs=("kys",)
    ),  # subject "you": dropped as not the author's crisis
    _p(
        "ideation_active",
        0.7,
        r"\b(?:sewer ?slide|self ?delete|self ?deleting|unalive|unaliving)\b",
        needs=("sewer", "delet", "unaliv"),
    ),
    _p("ideation_active", 0.5, r"\bsuicide\b", needs=("suicide",), explicit_self=True),
    # --- passive ideation: wish to be dead / not to exist ----------------------------------------------
    _p(
        "ideation_passive",
        0.68,
        r"\b(?:want|wanna|wants|wanted|ready|deserve|deserves|going|gonna) (?:to )?(?:just )?"
        r"(?:die|be dead)\b",
        needs=("to die", "na die", "just die", "to be dead", "na be dead", "ready to", "deserve"),
    ),
    _p(
        "ideation_passive",
        0.68,
        r"\b(?:i )?(?:just |used to |still |often |sometimes )?(?:wish|wished|hope|pray)(?: that)? (?:i|id)(?: would| could| had| just)*"
        r" (?:die|died|was dead|were dead|be dead|never (?:been born|existed|woke up|wake up)|not wake up|dont wake"
        r" up|didnt wake up|wouldnt wake up|could disappear|disappear|stop existing|stopped existing|didnt exist"
        r"|wasnt alive|wasnt born|was never born|fall asleep and)",
        needs=("wish", "hope i", "hope that", "pray i", "pray that"),
    ),
    _p(
        "ideation_passive",
        0.7,
        r"\bbetter off (?:dead|without me|if i (?:was|were|wasnt|werent) (?:here|around|alive|gone|"
        r"dead))\b",
        needs=("better off",),
    ),
    _p(
        "ideation_passive",
        0.7,
        r"\b(?:dont|do not|didnt|no longer|dont even|dont really) (?:want|wanna|wish) (?:to )?"
        r"(?:live|be alive|exist|be here anymore|wake up|keep living|continue living|go on living|be around anymore)"
        r"\b(?! (?:with|in|at|near|like|there|alone|together|on campus|under|without them))",
        needs=(
            "dont want",
            "do not want",
            "didnt want",
            "no longer want",
            "dont wanna",
            "dont wish",
            "dont even",
            "dont really",
            "didnt wanna",
        ),
    ),
    _p(
        "ideation_passive",
        0.66,
        r"\b(?:no|not (?:a|any)|nothing|no more) (?:single )?(?:reason|point|purpose) "
        r"(?:to|in|of|for) (?:live|living|life|being alive|going on|keep going|keep living|carry on|stay alive|"
        r"existing|me being here)\b",
        needs=(
            "reason to",
            "reason for",
            "reason in",
            "point in",
            "point to",
            "point of",
            "purpose in",
            "purpose to",
            "purpose of",
        ),
    ),
    _p(
        "ideation_passive",
        0.7,
        r"\b(?:nothing|nobody|no one|nothing left|nothing else) to live for\b",
        needs=("live for",),
    ),
    _p(
        "ideation_passive",
        0.5,
        r"\b(?:tired|sick|exhausted|done) (?:of|with) (?:living|being alive|life|existing|"
        r"this life|my life)\b",
        needs=("tired of", "sick of", "exhausted", "done with"),
    ),
    _p(
        "ideation_passive",
        0.5,
        r"\bcant (?:go on|keep going|do this anymore|take (?:it|this) anymore|live like this|keep "
        r"living|handle (?:it|this|life) anymore|be here anymore)\b",
        needs=("cant ",),
    ),
    _p(
        "ideation_passive",
        0.66,
        r"\blife (?:is not|isnt|aint|is no longer) worth (?:living|it)\b|\bnot worth living\b",
        needs=("worth",),
    ),
    _p(
        "ideation_passive",
        0.7,
        r"\b(?:want|wanna|wish|wished|wanted) (?:to )?(?:just )?(?:stop existing|not exist|not be "
        r"alive|disappear forever|cease to exist|be gone forever|fall asleep forever|sleep forever|never wake up|not "
        r"wake up|not be here anymore)\b",
        needs=("exist", "disappear", "gone", "sleep", "wake", "alive", "here any"),
    ),
    # "I just want to disappear": the wish itself, not a place to go ("disappear into a book", "for a week").
    _p(
        "ideation_passive",
        0.62,
        r"\b(?:want|wanna|wish|wished|wanted) (?:to )?(?:just )?(?:disappear|dissapear|disapear|vanish)"
        r"(?:(?: completely| from (?:this world|existence|the face of the earth|everyone))?(?=\s*(?:$|[.!?,;]|and\b))|"
        r" from (?:this world|existence|the face of the earth))",
        needs=("disappear", "dissapear", "disapear", "vanish"),
    ),
    _p("ideation_passive", 0.66, r"\bdo(?:nt| not) deserve to (?:live|be alive|exist)\b", needs=("deserve",)),
    # More ordinary wordings of the wish to be dead or gone.
    _p(
        "ideation_passive",
        0.64,
        r"\b(?:should|might as well|may as well) (?:just )?(?:die|be dead)\b"
        r"|\b(?:id|i would|i(?:d| would) much) rather (?:just )?(?:be dead|die)\b(?! than)"
        r"|\bfeel like dying\b|\b(?:lost|no|losing) (?:the |my |all )?will to live\b"
        r"|\b(?:go to|fall|went to) sleep (?:forever|and never wake up|and not wake up)\b"
        r"|\bdo(?:nt| not) see (?:the|any) point (?:in|of) (?:living|life|being alive|going on|existing|being here)\b"
        r"|\bwant out of (?:this|my) life\b"
        r"|\bwant (?:it all|everything|all of it|my life|this life) to (?:be over|end|stop)\b",
        # The endings, not "should" or "point": common words cost a regex scan each time they occur.
        needs=(
            "just die",
            "should die",
            "well die",
            "be dead",
            "rather die",
            "feel like dying",
            "will to live",
            "sleep forever",
            "sleep and",
            "point in",
            "point of",
            "want out of",
            "to be over",
            "all to end",
            "all to stop",
            "thing to end",
            "thing to stop",
            "of it to",
            "life to end",
            "life to stop",
        ),
        explicit_self=True,
    ),
    _p(
        "ideation_active",
        0.7,
        r"\bend (?:my|the) (?:suffering|pain|misery|existence) (?:for good|forever|permanently|once and for all)\b"
        r"|\b(?:death|dying|suicide|killing myself) (?:is|feels like|seems like) (?:my only|the only \w+(?: \w+)?"
        r" (?:for me|i have|left for me))",
        subject_in_match=True,
        needs=("suffering", "pain", "misery", "existence", "only"),
    ),
    _p(
        "ideation_passive",
        0.6,
        r"\b(?:nobody|no one|noone) would (?:even )?(?:care|notice|miss me)\b",
        needs=("body would", "one would"),
    ),
    # --- plan, intent, preparation: the high-severity end ---------------------------------------------
    _p(
        "plan",
        0.9,
        r"\b(?:a|my|the) plan (?:to|for (?:how|when)) (?:kill|end|die|do it|commit|overdose|hang|jump|od)\b",
        needs=("a plan", "my plan", "the plan"),
    ),
    _p(
        "plan",
        0.9,
        r"\bi know (?:how|when|where) (?:im going to|im gonna|ill|i will|i would|id) (?:do it|kill|end)\b",
        needs=("i know how", "i know when", "i know where"),
    ),
    _p(
        "plan",
        0.85,
        r"\b(?:picked|chose|chosen|set|planned|decided on) (?:a |the |my )?(?:date|day|method|spot)\b(?= "
        r"(?:to (?:do it|die|end|kill|go through)|for (?:it|my death|the end|when i)|when i|where i))",
        needs=("picked", "chose", "set a", "set the", "set my", "planned", "decided on"),
    ),
    _p(
        "preparation",
        0.92,
        r"\b(?:suicide|goodbye|farewell) (?:note|letter|message|video|post)s?\b",
        needs=("suicide ", "goodbye ", "farewell "),
    ),
    _p(
        "preparation",
        0.8,
        r"\b(?:wrote|writing|written|write|left) (?:my|a|the) (?:last |final )(?:note|letter)s?\b"
        r"|\b(?:wrote|writing|written|write|left) (?:my|a|the) (?:note|letter)s? (?:to|for) (?:everyone|my family|"
        r"my loved ones|the people i love|them all)\b",
        needs=("note", "letter"),
    ),
    _p(
        "preparation",
        0.85,
        r"\b(?:gave|giving|give) away (?:all )?(?:of )?(?:my|of my) (?:stuff|things|belongings|"
        r"possessions|pets?|cat|dog)\b",
        needs=("gave away", "giving away", "give away"),
    ),
    _p(
        "preparation",
        0.9,
        r"\bthis is (?:my )?(?:goodbye|my last (?:post|message|night|day))\b",
        needs=("this is goodbye", "this is my"),
    ),
    _p("preparation", 0.8, r"\b(?:goodbye|bye) (?:everyone|world|cruel world|forever)\b", needs=("bye",)),
    _p(
        "preparation",
        0.9,
        r"\bby the time (?:you|anyone|someone|people) (?:read|reads|see|sees|find|finds) this\b",
        needs=("by the time",),
    ),
    _p(
        "preparation",
        0.85,
        r"\b(?:wont|will not) be (?:here|around|alive) (?:tomorrow|much longer|anymore|by)\b",
        needs=("be here", "be around", "be alive"),
    ),
    _p("preparation", 0.8, r"\bsaying (?:my )?goodbyes\b", needs=("goodbyes",)),
    _p(
        "method",
        0.75,
        r"\b(?:overdos(?:e|ed|ing)|od(?:ed|ing)? on|(?:take|swallow|taking|swallowing) (?:all|a bunch|the"
        r" rest|a bottle|the whole bottle) of (?:my|the|these|those|his|her) (?:pills|meds|medication|tablets|sleeping "
        r"pills)|(?:a |the )?noose|slit(?:ting)? (?:my|his|her) (?:wrists?|throat)|(?:gun|pistol|barrel) (?:to|in|at|against) "
        r"(?:my|his|her) (?:head|mouth|temple)|bullet (?:in|through) (?:my|his|her) (?:head|brain)|carbon monoxide|stockpil(?:e|ed|ing) (?:pills|meds)|hoard(?:ed|ing) (?:pills"
        r"|meds))\b",
        needs=(
            "overdos",
            "od on",
            "oded on",
            "oding on",
            "pills",
            "meds",
            "medication",
            "tablets",
            "noose",
            "slit",
            "gun",
            "bullet",
            "pistol",
            "barrel",
            "carbon",
            "stockpil",
            "hoard",
        ),
    ),
    _p(
        "method",
        0.75,
        r"\bjump(?:ing|ed)? (?:off|from|in front of) (?:a |the |my |this |our )?(?:\w+ )?(?:bridge|building|roof|train|"
        r"cliff|balcony|overpass|car park|parking garage|multi ?storey|tower|block|window|ledge|viaduct|rooftop)\b"
        r"|\bin front of a (?:train|bus|truck|lorry)\b",
        needs=("jump", "in front of"),
    ),
    _p(
        "method",
        0.72,
        r"\b(?:saved|saving|stashed|stashing|collected|collecting|hoarded|hoarding) (?:up )?(?:enough )?"
        r"(?:pills|meds|tablets)\b|\b(?:pills|meds|tablets) (?:saved|stashed|ready)\b",
        needs=("pills", "meds", "tablets"),
    ),
    _p(
        "method",
        0.7,
        r"\bbought (?:a )?(?:rope|gun|pistol)\b(?! (?:for (?:hunting|the range|work|climbing|camping|sport)))",
        needs=("bought",),
    ),
    # --- self-harm -----------------------------------------------------------------------------------
    _p(
        "self_harm",
        0.72,
        rf"\b(?:cut|cutting|cuts|burn|burning|burned|burnt|scratch|scratching|harm|harming|starve|"
        rf"starving|bruise|bruising|mutilate|mutilating) {REFLEXIVE}\b",
        subject_in_match=True,
        needs=("self",),
    ),
    _p(
        "self_harm",
        0.55,
        rf"\b(?:hurt|hurting|hit|hitting|punch|punching) {REFLEXIVE}\b",
        subject_in_match=True,
        needs=("self",),
    ),
    _p(
        "self_harm",
        0.62,
        r"\bself[ -]?harm(?:ing|ed)?\b|\bself[ -]?injur(?:y|e|ing|ious)\b|\bself[ -]?mutilat\w*",
        needs=("self",),
    ),
    _p(
        "self_harm",
        0.75,
        r"\bcut(?:ting)? (?:my|his|her) (?:arms?|wrists?|thighs?|legs?|skin|stomach|hips?)\b",
        needs=("cut my", "cutting my", "cut his", "cut her"),
    ),
    _p("self_harm", 0.6, r"\b(?:fresh|new|deep|open) (?:cuts|wounds)\b", needs=("cuts", "wounds")),
    # Cutting without an object: "I've been cutting again", "I cut last night".
    _p(
        "self_harm",
        0.66,
        r"\b(?:been|started|keep|kept|still|stop|stopped|quit|quitting|relapsed and|urge to keep) cutting\b"
        r"(?! (?:back|down|out|off|corners|ties|the|my hair|onions|class|school|people|it|them|him|her))"
        r"|\bcutting again\b|\bi cut (?:again|last night|today|yesterday|tonight|this morning|deeper)\b",
        needs=(
            "cutting",
            "i cut again",
            "i cut last",
            "i cut today",
            "i cut yesterday",
            "i cut tonight",
            "i cut this",
            "i cut deeper",
        ),
    ),
    _p(
        "self_harm",
        0.78,
        r"\brelaps(?:e|ed|ing)(?: (?:on|into|with|back into))? (?:sh|self[ -]?harm|cutting|burning)\b"
        r"|\burges? to (?:cut|self[ -]?harm|sh|hurt (?:myself|my ?self)|burn)\b",
        needs=("relaps", "urge"),
    ),
    # --- attempts (recency decides severity) ----------------------------------------------------------
    _p(
        "attempt",
        0.7,
        r"\b(?:suicide attempts?|attempted suicide|attempting suicide|survived (?:my|an|a|the) (?:suicide )?"
        r"attempt|failed (?:suicide )?attempt|(?:my|last|first|second|third|previous|recent) suicide attempt)\b",
        needs=("attempt",),
    ),
    _p(
        "attempt",
        0.7,
        r"\b(?:overdosed|took (?:a bunch of|all (?:of )?my|like [1-9]\d+|[1-9]\d+) (?:pills|tablets|meds))\b"
        r"(?![^.!?\n]{0,40}\b(?:as prescribed|like the doctor|the doctor (?:said|told)|this morning|with (?:food|breakfast|"
        r"water)|on time)\b)",
        needs=("overdosed", "took"),
    ),
    # --- imminence: overdose with any medicine, means at hand, preparation, an act under way ------------
    # "take all my sertraline", "swallow 40 paracetamol", "neck the whole bottle of tramadol".
    _p(
        "method",
        0.8,
        rf"\b{_TAKE_NOW} {_LOTS}{_DET}{MEANS_NOUN}\b{_AS_PRESCRIBED}",
        needs=_MEANS_NEEDS,
        also_needs=_TAKE_VERBS,
    ),
    _p(
        "attempt",
        0.8,
        rf"\b{_TAKE_PAST} {_LOTS}{_DET}{MEANS_NOUN}\b{_AS_PRESCRIBED}",
        needs=_MEANS_NEEDS,
        also_needs=_TAKE_VERBS,
    ),
    _p(
        "attempt",
        0.8,
        r"\b(?:took|taken|had|done) (?:an|a|another) (?:overdose|od)\b",
        needs=("overdose", " od"),
    ),
    # "take them all", "swallow the whole bottle": the pronoun must point back to pills named nearby.
    _p(
        "method",
        0.8,
        rf"\b{_TAKE_NOW} {_THEM_ALL}{_AS_PRESCRIBED}",
        needs=_THEM_ALL_NEEDS,
        needs_means=True,
        also_needs=_MEANS_NEEDS,
    ),
    _p(
        "attempt",
        0.8,
        rf"\b{_TAKE_PAST} {_THEM_ALL}{_AS_PRESCRIBED}",
        needs=_THEM_ALL_NEEDS,
        needs_means=True,
        also_needs=_MEANS_NEEDS,
    ),
    # "I already took the pills": definite pills, which only mean an attempt next to crisis language.
    _p(
        "attempt",
        0.8,
        rf"\b(?:just|already) {_TAKE_PAST} (?:them|it|the (?:\w+ )?(?:{MEANS_NOUN}))\b",
        needs=tuple(
            f"{a} {b}" for a in ("just", "already") for b in ("took", "taken", "swallowed", "downed")
        ),
        self_only=True,
        weak="means",
        needs_means=True,
    ),
    # Pills counted, lined up, saved or ready; enough of them to do it.
    _p(
        "method",
        0.9,
        rf"\b(?:counted|counting|lined|lining|crushed|crushing|stockpiled|stockpiling|hoarded|hoarding|saved|saving"
        rf"|stashed|stashing|collected|collecting|gathered|gathering) (?:out |up )?(?:enough )?{_DET}(?:\d+ )?"
        rf"{MEANS_NOUN}\b(?![^.!?\n]*\b(?:for the week|organi[sz]er|dosette|pill box|pharmacy|pharmacist|refill|recycl))"
        rf"|\b{MEANS_NOUN} (?:are |is )?(?:all )?(?:counted|lined up|laid out|crushed|saved up|stashed|stockpiled|"
        rf"ready|in front of me|next to me|beside me|in my hand)\b"
        rf"|\benough {MEANS_NOUN} to (?:do it|die|kill|end|overdose|od|not wake up|never wake up|be sure)\b",
        needs=(
            "counted",
            "counting",
            "lined",
            "lining",
            "crushed",
            "crushing",
            "stockpil",
            "hoard",
            "saved",
            "saving",
            "stash",
            "collect",
            "gather",
            "laid out",
            "s ready",
            "s are ready",
            "s all ready",
            "is ready",
            "in front of me",
            "next to me",
            "beside me",
            "in my hand",
            "enough",
        ),
        self_only=True,
        at_hand=True,
    ),
    _p(
        "method",
        0.9,
        r"\b(?:stockpiled|stockpiling|hoarded|hoarding) (?:my |the )?(?:pills|meds|tablets)\b",
        needs=("stockpil", "hoard"),
        self_only=True,
        at_hand=True,
    ),
    # Hanging: a ligature tied, ready or around the neck.
    _p(
        "method",
        0.9,
        r"\b(?:rope|noose|belt|cord|cable|ligature|scarf|tie) (?:is )?(?:tight )?(?:around|round) my neck\b"
        r"|\b(?:tied|tying|tie|fixed|fixing|set up|setting up|attached|attaching|secured|hung up) (?:a |the |my )?"
        r"(?:rope|noose|belt|cord) (?:to|from|on|over|around|round) (?:the |a |my )?(?:beam|ceiling|rafters?|"
        r"banisters?|bannisters?|stairs|door|doorframe|door frame|hook|pipe|railing|tree|branch|loft|closet rod|"
        r"wardrobe|light fitting|bed frame)\b(?![^.!?\n]*\bswing)"
        r"|\b(?:made|making|tied|tying|tie|make) (?:a |the |my )?noose\b|\bnoose (?:is )?(?:ready|tied|up|set up|hanging)\b"
        r"|\b(?:the |my )?(?:rope|noose|belt) (?:is |are )?(?:all )?(?:ready|set up|in place)\b"
        r"|\brope and a (?:chair|stool)\b",
        needs=("rope", "noose", "belt", "cord", "cable", "ligature", "scarf", " tie"),
        self_only=True,
        at_hand=True,
    ),
    # Carbon monoxide: an engine running in a closed space, a hose to the exhaust, charcoal in a sealed room.
    # Split by trigger so a post that merely mentions a car runs none of these.
    _p(
        "method",
        0.9,
        r"\b(?:car|engine|motor)\b[^.!?\n]{0,40}\b(?:running|on|idling|started)\b[^.!?\n]{0,40}\b(?:garage|closed|"
        r"shut|sealed|locked)\b"
        r"|\b(?:garage|closed|shut|sealed|locked)\b[^.!?\n]{0,40}\b(?:engine|car|motor) (?:is )?(?:running|on|idling)\b",
        needs=("garage", "closed", "shut", "sealed", "locked"),
        self_only=True,
        at_hand=True,
    ),
    _p(
        "method",
        0.9,
        r"\b(?:hose|pipe|tube)\b[^.!?\n]{0,30}\b(?:to|from|on|into) the exhaust\b|\bexhaust (?:pipe )?(?:hose|taped)\b",
        needs=("the exhaust", "exhaust pipe", "exhaust hose", "exhaust taped"),
        self_only=True,
        at_hand=True,
    ),
    _p(
        "method",
        0.9,
        r"\b(?:lit|lighting|light|burning|burn) (?:the |some |a |my )?(?:charcoal|bbq|barbecue|disposable bbq)\b"
        r"(?=[^.!?\n]*\b(?:sealed|taped|closed|shut|locked|bedroom|bathroom|tent|car|room)\b)",
        needs=("charcoal", "bbq", "barbecue"),
        self_only=True,
        at_hand=True,
    ),
    _p("method", 0.9, r"\b(?:gas|gassing|gassed) myself\b", needs=("gas",), self_only=True, at_hand=True),
    # Trains: on the tracks (at hand); in front of one (a method).
    _p(
        "method",
        0.9,
        r"\b(?:standing|stood|stand|lying|laying|lay|lie|sitting|sat|sit|walking|kneeling|waiting|im|i am|i was) "
        r"(?:down )?(?:right )?on (?:the )?(?:(?:train|railway|rail|subway|tube|metro) )?(?:tracks|railway line|rail line|"
        r"railway|rails|level crossing)\b|\bon the (?:train|railway|rail|subway|tube|metro) tracks?\b",
        needs=("track", "rail", "crossing"),
        self_only=True,
        at_hand=True,
    ),
    _p(
        "method",
        0.78,
        r"\b(?:step|stepping|stepped|jump|jumping|walk|walking|throw myself|throwing myself|lie down|lay down|lying down|go)"
        r" (?:out )?in front of (?:a |the |an |the next |a fast |the fast |a moving |oncoming )?(?:train|bus|truck|lorry|"
        r"tube|tram|traffic|car)\b",
        needs=("in front of",),
    ),
    # Heights: on the edge or the wrong side of the railing (at hand); on a roof or a bridge (weak: a place).
    _p(
        "method",
        0.9,
        r"\b(?:on|at|over) the (?:edge|ledge|railing|parapet) (?:of )?(?:the |a |my |this )?(?:roof|rooftop|bridge|"
        r"building|balcony|cliff|car park|multi ?storey|overpass|tower|block|flats|window|platform)\b"
        r"|\b(?:standing|sitting|stood|sat|perched|im|i am) on (?:the|a) (?:ledge|parapet|railing)\b"
        r"|\bon the (?:wrong|other|outside) side of the (?:railings?|barrier|fence|rail|balcony)\b",
        needs=("edge", "ledge", "railing", "parapet", "side of"),
        self_only=True,
        at_hand=True,
    ),
    _p(
        "method",
        0.75,
        r"\b(?:standing|sitting|stood|sat|im|i am|up|climbed|climbing|went|going|walked|walking|drove|driving|here)"
        r" (?:up )?(?:on|onto|to|at) (?:the (?:top of (?:the |a )?)?|a |top of (?:the |a )?|this )?(?:roof|rooftop|bridge|"
        r"overpass|cliff|cliffs|balcony|top floor|car park roof|multi ?storey|tower block|viaduct|station|platform)\b"
        r"|\b(?:waiting for|wait for) (?:the|a) (?:next |fast |express )?train\b",
        needs=(
            "roof",
            "bridge",
            "overpass",
            "cliff",
            "balcony",
            "top floor",
            "storey",
            "tower",
            "viaduct",
            "station",
            "platform",
            "train",
        ),
        self_only=True,
        weak="place",
    ),
    # Drowning and crashing: weak on their own ("walk into the sea" can be a holiday).
    _p(
        "method",
        0.75,
        r"\b(?:walk|walking|wade|wading|swim|swimming|go) (?:out )?into the (?:sea|ocean|river|lake|water|waves|canal)\b"
        r"(?![^.!?\n]*\b(?:swim|paddle|surf|dip|snorkel|kayak|beach day|holiday)\b)"
        r"|\b(?:fill|filled|filling) my pockets with (?:stones|rocks)\b"
        r"|\b(?:drive|driving|crash|crashing|swerve|swerving|steer|steering) (?:my car |the car )?(?:into|off) "
        r"(?:a |the )?(?:wall|tree|bridge|cliff|lorry|truck|oncoming traffic|barrier|river|sea|road)\b",
        needs=("into the", "pockets", "into a", "off a", "off the", "into oncoming"),
        self_only=True,
        weak="means",
    ),
    # Weapons in hand: a blade or a loaded gun (weak: with a timeframe or crisis language it is high).
    _p(
        "method",
        0.9,
        r"\b(?:gun|pistol|rifle|shotgun|revolver|barrel) (?:is )?(?:in my (?:hand|lap|mouth)|to my (?:head|temple|chin)|"
        r"against my (?:head|temple|chin|chest)|pointed at (?:my (?:head|chest)|me))\b"
        r"|\b(?:blade|razor|knife|glass) (?:is )?(?:pressed )?(?:against|to|on) my (?:wrists?|throat|neck|skin|veins?)\b"
        r"|\bpoint(?:ed|ing)? (?:it |the gun |the barrel |the pistol )?(?:at|to|against) my (?:head|chest|temple|chin)\b",
        needs=(
            "gun",
            "pistol",
            "rifle",
            "shotgun",
            "revolver",
            "barrel",
            "blade",
            "razor",
            "knife",
            "glass",
            "point",
        ),
        self_only=True,
        at_hand=True,
    ),
    _p(
        "method",
        0.85,
        r"\b(?:holding|hold|have|got|gripping|grabbed|picked up|bought|sharpened) (?:a |the |my |this |some |new )?"
        r"(?:loaded )?(?:razor ?blades?|blades?|razors?|box cutter|stanley knife|scalpel|shard|gun|pistol|shotgun|rifle)\b"
        r"(?! (?:to|for) (?:cut|chop|slice|open|peel|shav|hunt|the range|work))"
        r"|\b(?:loaded|cocked) (?:my |the |a |his |her )?(?:\w+s )?(?:gun|pistol|rifle|shotgun|revolver)\b"
        r"|\b(?:gun|pistol|rifle|shotgun|revolver) (?:is )?(?:loaded|cocked)\b"
        r"|\b(?:holding|have|got) (?:the |my |all (?:of )?(?:the |my )?)(?:\d+ )?(?:pills|tablets|meds)\b"
        r"|\b(?:knife|blade|razor) in my hand\b"
        r"|\b(?:holding|have|got) (?:the |my |all (?:of )?(?:the |my )?)?(?:\d+ )?(?:pills|tablets|meds) in (?:my hand|front of me)\b",
        needs=(
            "blade",
            "razor",
            "cutter",
            "stanley",
            "scalpel",
            "shard",
            "gun",
            "pistol",
            "shotgun",
            "rifle",
            "revolver",
            "knife",
            "pills",
            "tablets",
            "meds",
        ),
        self_only=True,
        weak="means",
    ),
    # Intent by reference ("going to do it tonight", "I'm going to jump"), counted only with crisis language
    # elsewhere in the post or a means in the same sentence.
    _p(
        "intent",
        0.75,
        r"\b(?:going to|gonna|goin to|will|ill|about to|ready to|planning to|plan to|decided to|im doing|im finally|"
        r"im going to|want to|wanna) (?:finally |just |actually )?(?:do it|do this|go through with it|end it|end this|"
        r"finish it|finish this|jump|use it|use them|take them|take it|say goodbye|let go)\b"
        r"|\b(?:tonight|today|this) is (?:the|my) (?:night|day)\b|\btonights the night\b|\btodays the day\b",
        # The act, not "going to" or "will": the intent words are everywhere; the window reaches back to them.
        needs=(
            "do it",
            "do this",
            "go through with",
            "end it",
            "end this",
            "finish it",
            "finish this",
            "jump",
            "use it",
            "use them",
            "take them",
            "take it",
            "say goodbye",
            "let go",
            "the night",
            "my night",
            "the day",
            "my day",
        ),
        self_only=True,
        weak="act",
    ),
    # Preparation and plans in ordinary words: a note or letters, goodbyes, a chosen date, things given away.
    _p(
        "preparation",
        0.85,
        r"\b(?:wrote|written|writing|write|left|leaving|finished) (?:my |a |the |some |all (?:of )?my )?(?:last |final )?"
        r"(?:notes?|letters?)(?: (?:to|for) (?:my \w+|everyone|them|him|her|people|the people i love))?\b"
        r"|\b(?:gave|given|giving|give|handed|handing) (?:away |out )?(?:all |most )?(?:of )?my (?:\w+ ){0,2}(?:away|to "
        r"(?:my|friends|people|charity))\b|\b(?:gave|given|giving|give) away (?:all )?(?:of )?my \w+"
        r"|\b(?:saying|said|say) (?:my )?goodbyes?(?: to (?:everyone|you all|all of you|the world|my \w+|them|people))?\b"
        r"|\b(?:sorted|sorting|put) (?:out )?my (?:affairs|will|finances) in order\b|\b(?:wrote|written|writing|made|updated) my will\b"
        r"|\b(?:deleted|deleting) (?:all )?my (?:accounts|socials|photos)\b",
        needs=(
            "note",
            "letter",
            "gave",
            "given",
            "giving",
            "give",
            "handed",
            "handing",
            "goodbye",
            "affairs",
            "my will",
            "deleted",
            "deleting",
        ),
        self_only=True,
        weak="prep",
    ),
    _p(
        "plan",
        0.88,
        r"\b(?:picked|chose|chosen|set|decided on|settled on|planned|marked|circled|booked|have|got) (?:a |the |my )?"
        r"(?:date|day|time|night)\b(?! (?:with|for (?:the|our|my|a) (?:wedding|party|meeting|interview|trip|holiday|"
        r"appointment|date)))"
        r"|\b(?:the |my )?(?:date|day) (?:is )?(?:set|chosen|picked|decided)\b"
        r"|\b(?:i have|ive got|i got|ive made|i made|i came up with|ive come up with|i now have|i have made) a plan\b"
        r"|\b(?:the |my )plan is (?:set|ready|done|made|tonight|tomorrow|simple)\b|\b(?:ive|i have) worked out how\b",
        needs=(
            "date",
            "a day",
            "the day",
            "my day",
            "the time",
            "a time",
            "my time",
            "the night",
            "a night",
            "a plan",
            "plan is",
            "worked out how",
        ),
        self_only=True,
        weak="prep",
    ),
)

# Spans masked out before matching: idioms and set phrases that contain crisis words but mean nothing of
# the kind ("this workshop was killer", "I'd die for pizza", "suicide squad").
IDIOMS = re.compile(
    r"\bkill(?:er|ers|ing it|ed it|s it)\b"
    r"|\bto die for\b|\b(?:id|i would|would|i could|could) (?:literally )?die for\b|\bdie for (?:a|an|some|this|that)\b"
    r"|\bdying (?:to|for)\b|\b(?:die|died|dying|dead) (?:of|from|with) (?:laughter|laughing|embarrassment|cringe|boredom"
    r"|cuteness|shame)\b|\b(?:almost |nearly )?(?:died|dying|die) laughing\b"
    r"|\bkill(?:ing)? (?:myself|me) (?:laughing|with laughter)\b"
    r"|\b(?:bored|scared|freaked|worried|frozen|starved|beaten|loved|done|stressed) to death\b"
    r"|\bdead (?:tired|serious|ass|asleep|wrong|set|on|last)\b"
    r"|\bsuicide (?:squad|doors?|runs?|sprints?|drills?|mission|king|silence|prevention|hotline|hot line|lifeline"
    r"|awareness|watch)\b|\b800 ?-?suicide\b"
    r"|\b(?:career|political|social|financial|commercial|fashion) suicide\b"
    r"|\bshoot (?:myself|me|yourself) in the (?:foot|leg)\b|\bcut (?:myself|me|yourself) (?:some )?slack\b"
    r"|\bcut myself (?:off|shaving|while|cooking|accidentally|by accident|on (?:a|the|some|my))\b"
    r"|\b(?:hurt|injured) myself (?:at|playing|lifting|working|running|in|during|when|while|on|badly at)\b"
    r"|\boverdos(?:e|ed|ing) on (?:caffeine|coffee|sugar|candy|chocolate|netflix|memes|anime|energy drinks)\b"
    r"|\bend(?:ing)? (?:it|things) (?:with|between) (?:him|her|them|my \w+)\b"
    r"|\bkill (?:time|the (?:lights|engine|process|mood|vibe|bill))\b"
    r"|\b(?:burn|burned|burnt|burning) myself (?:out|on (?:the|a|my))\b"
    r"|\bhang (?:out|on|in there|up)\b"
    # "take the pressure off myself": "off" is a preposition here, not the verb in "off myself".
    r"|\b(?:take|takes|taking|took|get|getting|got|keep|keeping|lift|lifting|put|putting)(?: (?:the|some|a|a lot"
    r" of|that|this|all the|all that|more|much|any|of|extra|my))* (?:pressure|stress|weight|load|burden|edge|heat"
    r"|strain|blame|focus|attention|spotlight|expectations?|guilt|responsibility|workload) off (?:my|me) ?self\b"
    # "can't go on a day without coffee", "can't go on the trip": going somewhere or without something.
    r"|\bcant go on (?:a|one|another) (?:single )?(?:day|night|week|hour) without\b"
    r"|\bcant go on (?:a |an |the |my |this |that |our )?(?:\w+ )?(?:date|trip|holiday|vacation|walk|ride|diet"
    r"|tour|cruise|journey|course|field trip|sleepover)s?\b"
)

# "I'm going to die" said in fear (a panic attack, a symptom, "what if"): a fear of dying, not a wish to.
FEAR_OF_DYING = re.compile(
    r"\b(?:scared|afraid|terrified|frightened|worried|worry|worrying|panic|panicking|anxious|anxiety|what if|"
    r"feel like|feels like|felt like|heart attack|heart (?:is )?racing|stroke|cancer|tumou?r|symptoms?|doctor|"
    r"convinced|telling me|told me|tells me)\b"
    r"|\b(?:going to|gonna) die (?:of|from|in (?:a|an|my)|alone|young|a \w+ (?:\w+ )?death)\b"
)
# Ending a relationship: "end it" / "end things" next to a partner, a marriage or a break-up.
RELATIONSHIP = re.compile(
    r"\b(?:break up|breaking up|broke up|breakup|relationship|marriage|engagement|boyfriend|girlfriend|bf|gf|"
    r"husband|wife|fiance|fiancee|partner|ex|dating|divorce|divorcing|affair|cheating|cheated)\b"
)
BARE_END_IT = re.compile(r"(?:^|\b)(?:end|ending) (?:it|things)$")

# Modifier vocabularies (all on normalised tokens).
NEGATION_TOKENS = frozenset(
    [
        "not",
        "never",
        "dont",
        "doesnt",
        "didnt",
        "wont",
        "wouldnt",
        "isnt",
        "arent",
        "wasnt",
        "werent",
        "aint",
        "neither",
        "nor",
        "hardly",
        "barely",
    ]
)
NEGATION_FALSE_FRIENDS = re.compile(
    r"\bnot (?:sure|even sure|certain|know)\b|\bnever (?:stop|stopped|ends?)\b"
)
SELF_TOKENS = frozenset(["i", "im", "ive", "id", "ill", "me", "my", "myself", "mine"])
# People nobody in particular: "people who attempt suicide ..." is a generic statement, not concern.
GENERIC_PEOPLE = frozenset(
    [
        "someone",
        "somebody",
        "anyone",
        "anybody",
        "people",
        "person",
        "guy",
        "girl",
        "kid",
        "kids",
        "man",
        "woman",
    ]
    + ["character", "protagonist", "hero", "narrator", "op", "teen"]
)
THIRD_PERSON_PRONOUNS = frozenset(
    [
        "he",
        "she",
        "they",
        "hes",
        "shes",
        "theyre",
        "theyve",
        "hed",
        "shed",
        "theyd",
        "him",
        "them",
        "his",
        "their",
        "himself",
        "herself",
        "themselves",
        "themself",
    ]
)
# Words for people other than the author and the person addressed.
OTHER_PEOPLE_NOUNS = frozenset(
    [
        "friend",
        "friends",
        "mom",
        "mum",
        "mother",
        "dad",
        "father",
        "brother",
        "sister",
        "son",
        "daughter",
        "gf",
        "bf",
        "girlfriend",
        "boyfriend",
        "wife",
        "husband",
        "partner",
        "cousin",
        "aunt",
        "uncle",
        "classmate",
        "roommate",
        "coworker",
        "colleague",
        "someone",
        "somebody",
        "people",
        "person",
        "guy",
        "girl",
        "kid",
        "kids",
        "teen",
        "man",
        "woman",
        "bestie",
        "bff",
        "grandma",
        "grandpa",
        "grandmother",
        "grandfather",
        "parent",
        "parents",
        "sibling",
        "student",
        "patient",
        "client",
        "neighbor",
        "neighbour",
        "op",
        "character",
        "protagonist",
        "hero",
        "narrator",
        "ex",
    ]
)
OTHER_TOKENS = THIRD_PERSON_PRONOUNS | OTHER_PEOPLE_NOUNS
PLURAL_PRONOUNS = frozenset(["they", "theyre", "theyve", "theyd", "them", "their", "themselves", "themself"])
# Nouns for people that an adjective like "suicidal" can describe: "a suicidal friend", "suicidal teens".
# The adjective then describes them, not the author, whoever the clause's subject is.
# People in general, by group: "suicidal teens" is a generic statement, not concern for someone.
PEOPLE_GROUPS = frozenset(
    [
        "persons",
        "patients",
        "teens",
        "teenagers",
        "users",
        "individuals",
        "callers",
        "adults",
        "youth",
        "men",
        "women",
        "veterans",
        "posters",
        "folks",
        "guys",
        "girls",
        "boys",
    ]
)
PERSON_NOUNS = (
    OTHER_PEOPLE_NOUNS
    | PEOPLE_GROUPS
    | frozenset(
        [
            "teenager",
            "individual",
            "members",
            "member",
            "caller",
            "clients",
            "students",
            "family",
            "relative",
            "relatives",
            "loved",
        ]
    )
)
GENERIC_PERSON_NOUNS = GENERIC_PEOPLE | PEOPLE_GROUPS
YOU_TOKENS = frozenset(
    ["you", "youre", "youve", "youd", "youll", "your", "yourself", "yourselves", "u", "ur", "yall", "ya"]
)

# Explicit past markers; "used to" / "years ago" demote a match to history (low severity, never dropped).
PAST_MARKERS = re.compile(
    r"\b(?:used to|years? ago|months ago|a while ago|long time ago|long ago|back then|back when|in the past|at one "
    r"point|as a (?:kid|child|teen|teenager)|when i was (?:younger|a kid|little|a teen|a teenager|in|at|\d+)|in (?:high"
    r"|middle|elementary) school|(?:a few|few|couple of|several|many) years|previously|at (?:age )?1?\d\b|at the age"
    r" of|once upon|in 20[0-2]\d|in 19\d\d|last year|before i (?:got|started|found|met)"
    r"|(?:throughout|during|in) my (?:adolescence|childhood|youth|teens|teenage years|early (?:teens|twenties|20s)"
    r"|twenties|20s)|growing up|as an? (?:adolescent|young adult|younger (?:man|woman|person)))\b"
)
PAST_VERB_BEFORE = re.compile(
    r"\b(?:was|were|felt|wanted|wished|thought|considered|tried|attempted|planned|had|used to|almost|nearly|once"
    r"|(?<!ive )(?<!have )(?:battled|fought|struggled with|dealt with|suffered from|went through|overcame))"
    r"(?: (?:about|of|to|really|so|very|seriously|actually))*\s*$"
)
PAST_VERB_START = re.compile(r"(?:wanted|wished|was|were|tried|attempted|thought|considered|felt|used to)\b")
RECENT_MARKERS = re.compile(
    # "again" is a recurrence, which is recent unless a past time follows ("then again in my twenties").
    r"\bagain\b(?! (?:in (?:my|high|middle|college|(?:19|20)\d\d)|during|when i was|as an?|at (?:age|the age)|"
    r"(?:a few |several |many )?years (?:later|after)|last year))"
    r"|\b(?:last night|yesterday|today|tonight|this (?:morning|afternoon|evening|week|weekend)|earlier"
    r"|(?:few |couple |\d+ )?(?:hours|days) ago|last week|just now|recently|currently|right now|still|anymore)\b"
)
INTENT_BEFORE = re.compile(
    r"\b(?:going to|gonna|goin to|about to|will|ill|im ready to|ready to|decided to|decided im|im finally going to|"
    r"tonight|tomorrow|this weekend|after (?:this|tonight)|when everyone|im doing it|doing it)\b"
)
# A stance on the topic just before a bare topic word ("I oppose suicide", "my views on suicide").
TOPIC_STANCE_BEFORE = re.compile(
    r"\b(?:oppose|opposed to|against|condemn|discuss|discussing|debate|debating|research|researching|study|"
    r"studying|preventing|views? on|opinions? (?:on|of|about)|stance on|position on|morality of|ethics of|"
    r"right to|stigma (?:of|around|surrounding)|statistics (?:on|about)|rates? of)(?: (?:the|a|an))?$"
)
PLAN_BEFORE = re.compile(r"\b(?:plan to|planning to|planning on|plan on|planned to|have a plan|got a plan)\b")
ATTEMPT_BEFORE = re.compile(
    r"\b(?:tried to|try to|trying to|attempted to|attempting to|almost|nearly|failed to)\b"
)
WANT_BEFORE = re.compile(
    r"\b(?:want to|wanna|wish i could|thinking (?:about|of)|urge to|urges to|feel like)\b"
)
CONDITIONAL_BEFORE = re.compile(r"\b(?:if|wish|as if|like|what if|whether)\b")

LAUGHTER = re.compile(
    r"\blo+l+\b|\blmf?a+o+\b|\bha(?:ha)+\b|\bhehe|\bxd\b|\bjk\b|\bjust (?:joking|kidding)\b|/s\b|😂|🤣|💀"
)
TRIVIAL_TRIGGERS = re.compile(
    r"\b(?:homework|exam|test|quiz|math|chemistry|physics|class|cringe|embarrass\w*|awkward|song|album|episode|meme|"
    r"game|monday|mondays|alarm|traffic|wifi)\b"
)
# Reported fiction, news or statistics: a crisis word in a sentence about a book or an article is not
# anyone's crisis unless the author also speaks of themselves.
NARRATIVE = re.compile(
    r"\b(?:book|novel|movie|film|show|series|episode|season|character|protagonist|story|plot|author|song|lyrics?|album|"
    r"game|anime|manga|article|news|headline|reported|study|studies|statistics|rates?|documentary|podcast|poem|"
    r"play|scene|chapter|fiction|celebrity|actor|actress|singer|rapper)\b"
)
GRIEF = re.compile(
    r"\b(?:died|passed away|funeral|lost (?:my|a|our|his|her) \w+(?: \w+)? to|took (?:his|her|their) (?:own )?life|"
    r"committed suicide|died by suicide|rip|anniversary of|memorial|grave|grieving|grief|mourning|killed (?:himself|"
    r"herself|themselves))\b"
)
SUPPORTIVE = re.compile(
    r"\b(?:what helped|helped me|help(?:s|ed)? me through|got me through|it gets better|it will get better|things get "
    r"better|i know how (?:you|it) feel|ive been there|i was there|been in your shoes|hang in there|youre not alone|"
    r"you are not alone|reach out|please (?:dont|do not|talk|call|reach|stay|hold on)|im so glad (?:you|i)|"
    r"proud of you|here for you|i understand|i felt the same|i recovered|im better now|now im|today im|glad im still"
    r" here|got better|gets easier|i made it|im still here)\b"
)

# Stems any idiom contains; masking runs only when one is present.
IDIOM_KEYS = (
    "kill",
    "die",
    "dying",
    "dead",
    "death",
    "suicide",
    "shoot",
    "cut",
    "hurt",
    "injur",
    "overdos",
    "end",
    "burn",
    "hang",
)
ALL_NEEDS: tuple[str, ...] = tuple(sorted({n for p in PATTERNS for n in p.needs + p.also_needs}))

# --- who a sentence is for: the author's own state, or words to someone else --------------------------
# Peer support is full of crisis vocabulary addressed to someone else ("please don't give up", "reach out
# to a crisis line", "suicide is never the only way out"). These decide a sentence's role in
# ``crisis.sentence_role`` and a document's orientation (``crisis.orientation``).
IMPERATIVE_START = re.compile(
    r"^(?:(?:so|but|and|also|just|now|honestly|seriously|man|dude|friend|op|hey|hi|please)\s+)*"
    r"(?:please\b|pls\b|plz\b"
    r"|(?:dont|do not|never) (?:ever )?(?:give up|do it|do this|do anything|let|be (?:afraid|ashamed|sorry|so hard)|worry|"
    r"forget|listen to|hurt yourself|kill yourself|rush|lose hope|stop|hesitate|feel (?:bad|guilty|ashamed)|"
    r"blame yourself|isolate)\b"
    r"|(?:try|talk|reach|call|text|keep|hang|stay|remember|find|seek|consider|hold on|trust|focus|go see|get help"
    r"|get some help|look into|tell (?:someone|somebody|a|your)|take care|be kind|be gentle|give it|give yourself"
    r"|allow yourself|write down|make sure)\b)"
)
ADVICE = re.compile(
    r"\b(?:reach out|talk to (?:someone|somebody|a|your|them|a professional)|speak to|see a (?:doctor|therapist|"
    r"counsell?or|professional)|(?:suicide|crisis) (?:hotline|hot line|line|lifeline|text line)|hotline|helpline|"
    r"lifeline|988|samaritans|professional help|get help|seek help|you (?:should|could|can|deserve|matter|are "
    r"(?:not alone|worth|loved|stronger|important|valued))|youre (?:not alone|worth|loved|stronger|important)|"
    r"it (?:gets|will get|does get) better|things (?:get|will get|do get) better|here for you|here if you|pm me|"
    r"message me|dm me|feel free to|im sorry (?:you|to hear)|sorry (?:you|to hear)|hugs|sending (?:love|hugs))\b"
)
# Statements about suicide or life in general, not about the speaker: "suicide is never the answer".
GENERAL_STATEMENT = re.compile(
    r"^(?:(?:so|but|and|also|just|honestly|i think|i believe|i feel like|imo)\s+)*(?:suicide|death|life|"
    r"living|depression|there (?:is|are|will be)|everyone|everybody|people|nobody is|no one is|things)\b"
)
# The author as the holder of a view rather than its subject: "I think people who ...", "what I see is".
OPINION_FRAME = re.compile(
    r"\b(?:i|id) (?:(?:dont|do not|really|honestly|also|just|would|personally) )*(?:think|believe|guess|suppose|"
    r"see|find|notice|know|understand|mean|agree|disagree|say)\b|\bin my (?:opinion|experience|view)\b|\bimo\b"
)
# People in general as a sentence's subject ("people who are suicidal ..."); "anyone" and "nobody" are left
# out because "I don't think anyone would notice" is about the author's own isolation.
PEOPLE_IN_GENERAL = GENERIC_PERSON_NOUNS - {"anyone", "anybody"}
FIRST_PERSON = frozenset(["i", "im", "ive", "id", "ill", "me", "myself"])
