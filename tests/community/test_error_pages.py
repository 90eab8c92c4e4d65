from django.test import override_settings


@override_settings(DEBUG=False)
def test_unknown_pages_get_a_friendly_not_found_page(client, db):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert b"We couldn't find that page" in response.content
