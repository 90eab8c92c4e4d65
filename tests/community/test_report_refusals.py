from django.test import override_settings
from django.urls import reverse

from tests.factories import ReplyFactory


def test_reporting_your_own_post_is_refused_with_a_message_not_an_error(member_client, thread, member):
    own = ReplyFactory(thread=thread, author=member)
    response = member_client.post(
        reverse("community:post_report", args=[own.pk]), {"reason": "spam", "note": ""}
    )
    assert response.status_code == 400
    assert b"form-error" in response.content


@override_settings(HEARTH_REPORTS_PER_HOUR=1)
def test_a_member_over_the_report_rate_limit_is_told_so_calmly(member_client, thread, other_member):
    first, second = ReplyFactory.create_batch(2, thread=thread, author=other_member)
    url = "community:post_report"
    assert member_client.post(reverse(url, args=[first.pk]), {"reason": "spam"}).status_code == 302
    response = member_client.post(reverse(url, args=[second.pk]), {"reason": "spam"})
    assert response.status_code == 400
    assert b'role="alert"' in response.content
