# ruff: noqa: E501  (regex tables read better unwrapped)
"""Hand-written spam vocabulary: links, promotion, money, votes, phone numbers.

Weights are the probability-like strength of one signal alone; ``spam.py`` combines them noisy-or style.
"""

from __future__ import annotations

import re

URL = re.compile(
    r"\b(?:https?://|www\.)[^\s<>\"]+"
    r"|\b[a-z0-9][a-z0-9-]{1,62}\s?\.\s?(?:com|net|org|ly|io|co|info|biz|me|tv|us|uk|xyz|ru|de|gl|gd|cc|shop|store|"
    r"online|site|club|app|link|page)\b(?:/[^\s<>\"]*)?"
    r"|(?:^|\s)/?watch\?v=[\w-]+",
    re.IGNORECASE,
)
# Literal-led (starts with "."), so sre can skip ahead to each dot; the full URL pattern runs only after.
TLD_GATE = re.compile(
    r"\.\s?(?:com|net|org|ly|io|co|info|biz|me|tv|us|uk|xyz|ru|de|gl|gd|cc|shop|store|online|site|club|app|link|page)\b"
)
SHORTENERS = re.compile(
    r"\b(?:bit\.ly|goo\.gl|tinyurl\.com|t\.co|ow\.ly|is\.gd|buff\.ly|adf\.ly|tiny\.cc|rebrand\.ly|shorturl\.at|cutt\.ly|"
    r"rb\.gy|shorte\.st|bc\.vc|v\.gd|lnkd\.in|linktr\.ee)\b",
    re.IGNORECASE,
)
# Links a support community shares in good faith: crisis lines, health services, encyclopaedias.
ALLOWED_DOMAINS = re.compile(
    r"(?:988lifeline\.org|suicidepreventionlifeline\.org|crisistextline\.org|samaritans\.org|nami\.org|mind\.org\.uk|"
    r"nhs\.uk|\.gov\b|who\.int|wikipedia\.org|findahelpline\.com|befrienders\.org|thetrevorproject\.org|"
    r"lifeline\.org\.au|kidshelpphone\.ca|iasp\.info|psychologytoday\.com)",
    re.IGNORECASE,
)
SELF_PROMO_LINK = re.compile(
    r"youtube\.com|youtu\.be|watch\?v=|/channel/|/user/|soundcloud|facebook\.com|twitter\.com|instagram\.com|"
    r"tiktok\.com|twitch\.tv|spotify\.com|bandcamp|patreon|onlyfans",
    re.IGNORECASE,
)
COMMERCIAL_LINK = re.compile(
    r"ebay\.|amazon\.|etsy\.|aliexpress|shopify|\.shop\b|\.store\b|/shop|/store|/product|/itm/|/buy|affiliate|ref=|"
    r"promo|coupon|casino|bet|crypto|forex|loan",
    re.IGNORECASE,
)

# (name, weight, subtype, regex, needed substrings) on normalised (lower-case, apostrophe-free) text.
# Substrings that must occur (see text.scan_windows) before a phrase regex is run, around them only.
_NEEDS: dict[str, tuple[str, ...]] = {
    "check out my": ("check", "chek"),
    "check out": ("check out", "take a look", "heard of", "heard about", "follow 4", "like 4", "sub 4"),
    "my channel": (
        "channel",
        "chanel",
        "chhanel",
        " vid",
        " music",
        " song",
        " page",
        " website",
        " site",
        " blog",
        " mixtape",
        " cover",
        " shop",
        " store",
        " instagram",
        " twitter",
        "soundcloud",
        " playlist",
        " account",
        " band",
        " album",
        " podcast",
        " stream",
        " app",
    ),
    "subscribe": ("subscri", "sub ", "sub4", "subs"),
    "follow me": ("follow", "f4f"),
    "like my comment": (
        "like this",
        "like my",
        "please like",
        "like and",
        "share this",
        "share our",
        "share my",
        "give it a",
        "give me a",
        "give us a",
        "thumb",
    ),
    "visit my": ("visit", "go to my", "go to our", "go to the link", "go to this", "head over", "click"),
    "vote for": ("vote", "campaign", "elect", "petition"),
    "earn money": (
        "earn",
        "paid",
        "income",
        "from home",
        "money",
        "$",
        "dollar",
        "usd",
        "cash",
        "a month",
        "an hour",
        "per hour",
        "per day",
        "per week",
        "per month",
    ),
    "money amount": ("$", "dollar", "usd"),
    "free stuff": ("free", "gift", "giveaway", "promo", "discount", "coupon"),
    "sales": (
        "buy ",
        "order ",
        "for sale",
        " sale",
        "cheap",
        "best price",
        "limited",
        "shipping",
        "in stock",
        "dm me",
        "dm us",
        "contact me",
        "contact us",
        "whatsapp",
        "whats app",
        "telegram",
        "crypto",
        "bitcoin",
        "forex",
        "invest",
        "casino",
        "viagra",
        "loan",
        "hot singles",
    ),
    "followers": ("followers", "likes", "subscribers"),
    "promo plea": (
        "youtuber",
        "rapper",
        "singer",
        "artist",
        "producer",
        "channel",
        "band",
        "musician",
        "vlogger",
        "gamer",
        "support me",
        "support my",
        "support us",
        "support our",
        "help me get",
        "help me reach",
        "help me grow",
        "subs",
        "feedback",
    ),
}
PHRASES: tuple[tuple[str, float, str, re.Pattern[str], tuple[str, ...]], ...] = tuple(
    (name, w, sub, re.compile(rx), _NEEDS[name])
    for name, w, sub, rx in (
        (
            "check out my",
            0.75,
            "self_promotion",
            # "check my phone", "checking my email" are everyday; without "out" only promotion counts.
            r"\bche(?:ck|k)(?:ing)? out (?:my|our|me)\b|\bche(?:ck|k) (?:me|us) out\b|\bche(?:ck|k)(?:ing)? (?:my|our) (?:new |newest |latest |own |first )?"
            r"(?:channel|chanel|video|vid|vids|videos|song|songs|sound|music|site|website|page|profile|stuff|app|link|playlist|"
            r"mixtape|cover|covers|account|blog|shop|store)\b|\bcheck (?:out (?:this|the)|this) (?:new )?(?:channel|video|vid|"
            r"song|site|website|page|app|link|playlist)\b|\bcheck it out\b",
        ),
        (
            "check out",
            0.5,
            "self_promotion",
            r"\bcheck out\b|\btake a look at (?:this|my|our)\b|\bhave you heard (?:of|about)\b|\b(?:follow|like|sub) 4 "
            r"(?:follow|like|sub)\b",
        ),
        (
            "my channel",
            0.7,
            "self_promotion",
            r"\b(?:my|our) (?:new |own |youtube |yt |music |gaming )?(?:channel|chanel|chanell|chhanel|vids?|videos?|"
            r"vidios|music|songs?|page|website|site|blog|mixtape|covers?|shop|store|instagram|twitter|soundcloud|"
            r"playlist|account|band|album|podcast|stream|app)\b",
        ),
        (
            "subscribe",
            0.7,
            "self_promotion",
            r"\bsubscri\w*|\bsub (?:to|2|4) (?:me|my)\b|\bsub4sub\b|\bsubs?cribers?\b",
        ),
        ("follow me", 0.65, "self_promotion", r"\bfollow (?:me|us|my)\b|\bfollow back\b|\bf4f\b"),
        (
            "like my comment",
            0.6,
            "self_promotion",
            r"\b(?:like|thumbs up|thumb up) (?:this|my) (?:comment|post|video|page)\b|\bplease like\b|\blike and "
            r"(?:share|subscribe)\b|\bshare (?:this|our|my)\b|\bgive (?:it|me|us) a (?:like|thumbs up|chance)\b",
        ),
        (
            "visit my",
            0.65,
            "self_promotion",
            r"\b(?:visit|go to|head over to|click) (?:my|our|here|the link|this link)\b",
        ),
        (
            "vote for",
            0.7,
            "campaign",
            r"\bvote (?:for|on|4)\b|\bvote \w+ (?:please|pls|plz)\b|\bplease vote\b|"
            r"\bcampaign for\b|\belect\b|\bsign (?:my|our|the|this) petition\b",
        ),
        (
            "earn money",
            0.8,
            "commercial",
            r"\b(?:earn|make|making|earning|get paid|paid|income)\b[^.!?\n]{0,30}(?:\$|dollars|usd|money|cash|income|a month|an hour|"
            r"per (?:hour|day|week|month)|from home)|\bwork(?:ing)? from home\b|\bget paid\b|\bpassive income\b",
        ),
        ("money amount", 0.45, "commercial", r"\$\s?\d[\d,.]*|\b\d[\d,.]*\s?(?:dollars|usd|\$)"),
        (
            "free stuff",
            0.75,
            "commercial",
            r"\bfree (?:gift|iphone|ipad|itunes|psn|xbox|amazon|robux|followers|likes|money|cards?|vouchers?|samples?|"
            r"trial|v-?bucks|coins)\b|\bgift ?cards?\b|\bgiveaway\b|\bpromo ?code\b|\bdiscount\b|\bcoupon\b",
        ),
        (
            "sales",
            0.55,
            "commercial",
            r"\b(?:buy|order) (?:now|today|here|it|yours|my|our)\b|\bfor sale\b|\b(?:on )?sale\b|\bcheap(?:est)?\b|"
            r"\bbest price\b|\blimited (?:time|offer)\b|\bshipping\b|\bin stock\b|\bdm (?:me|us) (?:for|to)\b|"
            r"\bcontact (?:me|us) (?:on|at|via)\b|\bwhats ?app\b|\btelegram\b|\bcrypto\b|\bbitcoin\b|\bforex\b|"
            r"\binvest(?:ment|ing)? (?:opportunity|plan)\b|\bcasino\b|\bviagra\b|\bloans?\b|\bhot singles\b",
        ),
        (
            "followers",
            0.55,
            "commercial",
            r"\b(?:more|get|gain|buy) (?:\w+ )?(?:followers|likes|subscribers)\b",
        ),
        (
            "promo plea",
            0.5,
            "self_promotion",
            r"\bi (?:am|m|make|made|do|just started|started) (?:a )?(?:new |small |young |upcoming )?(?:youtuber|rapper|"
            r"singer|artist|producer|channel|band|musician|vlogger|gamer)\b|\bsupport (?:me|my|us|our)\b|\bhelp me (?:get|"
            r"reach|grow)\b|\b\d+ (?:subs|subscribers)\b|\bfeedback\b",
        ),
    )
)

# Digits grouped by spaces, dashes or parentheses; dots and commas are excluded so "2.124.821.694 views"
# is a view count, not a phone number.
PHONE = re.compile(r"(?<![\w$.,])\+?\(?\d[\d\s()-]{7,16}\d(?![\w.,]\d)")
# Crisis lines are the one kind of phone number a support community wants shared.
HELPLINE_CONTEXT = re.compile(
    r"\b(?:lifeline|hotline|helpline|help line|crisis|samaritans|988|911|999|112|emergency|text line|suicide "
    r"prevention|nhs|gp|therapist|doctor)\b"
)

ALL_PHRASE_NEEDS: tuple[str, ...] = tuple(sorted({n for *_, needs in PHRASES for n in needs}))
