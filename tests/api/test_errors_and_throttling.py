"""The shared error body, the schema and docs pages, and throttling per member and per IP address."""

import pytest
from rest_framework.test import APIClient

from tests.api.conftest import assert_error

pytestmark = pytest.mark.django_db

LOW_RATES = {"anon": "3/min", "user": "4/min", "ip": "1000/min", "writes": "2/min", "auth": "2/min"}


@pytest.fixture
def low_rates(settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": LOW_RATES}


def test_unknown_api_address_is_a_json_404(api):
    error = assert_error(api.get("/api/v1/nothing-here/"), 404, "not_found")
    assert "/api/v1/" in error["message"]


def test_wrong_method_is_a_405_in_the_error_shape(client_as):
    assert_error(client_as("member").delete("/api/v1/spaces/"), 405, "method_not_allowed")


def test_malformed_json_is_a_400_parse_error(client_as, thread):
    response = client_as("member").post(
        f"/api/v1/threads/{thread.pk}/replies/", data="{not json", content_type="application/json"
    )
    assert_error(response, 400, "parse_error")


def test_signed_out_write_is_a_401_with_a_token_challenge(api, thread):
    response = api.post(f"/api/v1/threads/{thread.pk}/replies/", {"body": "hi"})
    assert_error(response, 401, "not_authenticated")
    assert response["WWW-Authenticate"] == "Token"


def test_a_bad_token_is_a_401(thread):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    assert_error(client.get("/api/v1/spaces/"), 401, "authentication_failed")


def test_schema_is_openapi_3_and_lists_every_v1_path(api):
    response = api.get("/api/schema/?format=json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    for path in ["/api/v1/threads/{thread_id}/replies/", "/api/v1/auth/token/", "/api/v1/unsubscribe/"]:
        assert path in schema["paths"]
    assert "Error" in schema["components"]["schemas"]


def test_schema_validates_with_no_generator_warnings(tmp_path):
    from django.core.management import call_command
    from drf_spectacular.drainage import GENERATOR_STATS

    GENERATOR_STATS.reset()  # warnings from earlier schema requests in this process are not this run's
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml"))
    assert "/api/v1/members/{member_id}/posts/:" in (tmp_path / "schema.yaml").read_text()


@pytest.mark.parametrize(
    ("path", "method"),
    [
        ("/api/v1/spaces/{slug}/follow/", "post"),
        ("/api/v1/spaces/{slug}/follow/", "delete"),
        ("/api/v1/members/{member_id}/", "get"),
        ("/api/v1/members/{member_id}/posts/", "get"),
        ("/api/v1/members/{member_id}/mute/", "post"),
        ("/api/v1/members/{member_id}/mute/", "delete"),
        ("/api/v1/me/mutes/", "get"),
    ],
)
def test_member_endpoints_document_a_response_example_and_the_error_shape(api, path, method):
    operation = api.get("/api/schema/?format=json").json()["paths"][path][method]
    assert operation["responses"]["200"]["content"]["application/json"]["examples"]
    for code in ("400", "401", "404", "429"):
        schema = operation["responses"][code]["content"]["application/json"]["schema"]
        assert schema == {"$ref": "#/components/schemas/Error"}


def test_report_documents_its_rate_limit_with_an_example(api):
    operation = api.get("/api/schema/?format=json").json()["paths"]["/api/v1/posts/{post_id}/report/"]["post"]
    [example] = operation["responses"]["429"]["content"]["application/json"]["examples"].values()
    assert example["value"]["error"]["code"] == "rate_limited"


def test_swagger_ui_is_served_from_local_static_files(api):
    response = api.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in html
    assert "cdn." not in html


# -- throttling ----------------------------------------------------------------------------------------------
def test_anonymous_requests_are_throttled_per_ip_with_retry_after(api, low_rates):
    for _ in range(3):
        assert api.get("/api/v1/spaces/").status_code == 200
    response = api.get("/api/v1/spaces/")
    error = assert_error(response, 429, "throttled")
    assert int(response["Retry-After"]) > 0
    assert "wait" in error["message"]
    other_ip = api.get("/api/v1/spaces/", REMOTE_ADDR="10.0.0.9")
    assert other_ip.status_code == 200


def test_members_are_throttled_per_account_wherever_they_connect_from(client_as, low_rates):
    client = client_as("member")
    for i in range(4):
        assert client.get("/api/v1/spaces/", REMOTE_ADDR=f"10.0.0.{i}").status_code == 200
    assert_error(client.get("/api/v1/spaces/", REMOTE_ADDR="10.0.0.99"), 429, "throttled")
    assert client_as("moderator").get("/api/v1/spaces/").status_code == 200


def test_one_address_is_capped_across_accounts(client_as, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": LOW_RATES | {"ip": "5/min", "user": "100/min"},
    }
    for role in ["member", "author", "moderator", "admin", "member"]:
        assert client_as(role).get("/api/v1/spaces/").status_code == 200
    assert_error(client_as("author").get("/api/v1/spaces/"), 429, "throttled")


def test_writes_have_their_own_tighter_limit(client_as, thread, low_rates):
    client = client_as("member")
    for _ in range(2):
        assert (
            client.post(f"/api/v1/threads/{thread.pk}/replies/", {"body": "Thinking of you."}).status_code
            == 201
        )
    assert_error(client.post(f"/api/v1/threads/{thread.pk}/replies/", {"body": "again"}), 429, "throttled")
    assert client.get(f"/api/v1/threads/{thread.pk}/replies/").status_code == 200


def test_token_requests_are_throttled_per_ip(api, people, low_rates):
    for _ in range(2):
        api.post("/api/v1/auth/token/", {"email": people["member"].email, "password": "guess"})
    response = api.post("/api/v1/auth/token/", {"email": people["member"].email, "password": "guess"})
    assert_error(response, 429, "throttled")


def test_an_unexpected_error_is_a_500_in_the_error_shape_and_is_logged(client_as, monkeypatch, caplog):
    from community import selectors

    def explode(viewer):
        raise RuntimeError("boom")

    monkeypatch.setattr(selectors, "spaces_for", explode)
    with caplog.at_level("ERROR", logger="django.request"):
        error = assert_error(client_as("member").get("/api/v1/spaces/"), 500, "server_error")
    assert "boom" not in error["message"]
    assert any(record.exc_info and "boom" in str(record.exc_info[1]) for record in caplog.records)


def test_a_write_to_an_unknown_address_is_a_json_404_not_a_csrf_page(people):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(people["member"])
    response = client.post("/api/v1/threads/-1/pin/", {"pinned": True})
    assert_error(response, 404, "not_found")
    assert response["Content-Type"] == "application/json"
