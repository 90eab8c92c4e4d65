import pytest

from moderation.detectors import Category, ScreeningContext, Severity, screen_fast


def spam(text: str, context: ScreeningContext | None = None):
    return next((f for f in screen_fast(text, context) if f.category == Category.SPAM), None)


def test_link_shortener_is_spam_with_the_link_as_evidence():
    f = spam("Feeling better? Try this: bit.ly/3xYzAbc")
    assert f is not None
    assert f.subtype == "link_shortener"
    assert any("bit.ly" in e for e in f.evidence)


def test_commercial_link_with_sales_phrasing_is_high_severity():
    f = spam("Cheap meds, buy now at https://www.pharma-deals.shop/product/123 limited offer!")
    assert f is not None
    assert f.severity is Severity.HIGH


@pytest.mark.parametrize(
    "text",
    [
        "Check out my channel for daily vlogs, please subscribe!",
        "Vote for Alex Rivera on Tuesday, the only candidate who cares!",
        "Earn $500 a day working from home, message me to learn how.",
        "Subscribe to my channel and I'll sub back",
        "Get free gift cards here, no survey needed",
        "Call 555 123 4567 now to get your free quote",
    ],
)
def test_promotional_phrasing_is_spam(text):
    assert spam(text) is not None, text


@pytest.mark.parametrize(
    "text",
    [
        "Some days I can't get out of bed and I don't know why.",
        "Thank you for sharing this, I felt the same after my divorce.",
        "If you're in the US you can call or text 988, the crisis lifeline, any time.",
        "In the UK, Samaritans are on 116 123 and they helped me a lot.",
        "Have you looked at https://988lifeline.org? They have a chat too.",
        "I checked my phone and there were 2,450,000 views on that video.",
        "I could not stop checking my phone all evening, waiting for her to answer.",
        "I check my email first thing and my heart starts racing.",
    ],
)
def test_support_posts_and_crisis_resources_are_not_spam(text):
    assert spam(text) is None, text


def test_near_identical_repeat_of_a_recent_post_is_spam():
    ctx = ScreeningContext(
        recent_texts_by_author=("Join our group for free advice every day, everyone welcome!",)
    )
    f = spam("Join our group for free advice every day!! everyone welcome", ctx)
    assert f is not None
    assert "near-identical to a recent post" in f.evidence


def test_short_repeated_replies_are_not_duplicate_spam():
    ctx = ScreeningContext(recent_texts_by_author=("thanks",))
    assert spam("thanks", ctx) is None


def test_a_link_from_a_new_account_weighs_more_than_from_an_established_one():
    text = "Found this article useful: https://example.com/article/coping"
    old = spam(text, ScreeningContext(author_is_new=False))
    new = spam(text, ScreeningContext(author_is_new=True))
    assert new is not None
    assert old is None or new.score > old.score
