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


def _p(
    subtype: str,
    score: float,
    rx: str,
    *,
    subject_in_match: bool = False,
    needs: tuple[str, ...] = (),
    explicit_self: bool = False,
) -> Pattern:
    return Pattern(subtype, score, re.compile(rx), subject_in_match, needs, explicit_self)


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
        r"(?:to|in|of|for) (?:live|living|life|being alive|going on|keep going|existing|me being here)\b",
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
        r"(?:to|for|when|where))",
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
        r"\b(?:wrote|writing|written|write|left) (?:my|a|the) (?:last |final )?(?:note|letter)s? "
        r"(?:to|for) (?:my|everyone|family|them)\b",
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
            "od",
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
        r"\bjump(?:ing|ed)? (?:off|from|in front of) (?:a |the |my |this )?(?:bridge|building|roof|train|"
        r"cliff|balcony|overpass|car park|parking garage)\b|\bin front of a (?:train|bus|truck|lorry)\b",
        needs=("jump", "in front of"),
    ),
    _p(
        "method",
        0.72,
        r"\b(?:saved|saving|stashed|stashing|collected|collecting|hoarded|hoarding) (?:up )?(?:enough )?"
        r"(?:pills|meds|tablets)\b|\b(?:pills|meds|tablets) (?:saved|stashed|ready)\b",
        needs=("pills", "meds", "tablets"),
    ),
    _p("method", 0.7, r"\bbought (?:a )?(?:rope|gun|pistol)\b", needs=("bought",)),
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
        r"\b(?:overdosed|took (?:a bunch of|all (?:of )?my|like \d+|\d+) (?:pills|tablets|meds))\b",
        needs=("overdosed", "took"),
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
)

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
ALL_NEEDS: tuple[str, ...] = tuple(sorted({n for p in PATTERNS for n in p.needs}))

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
