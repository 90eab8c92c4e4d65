"""Content-Security-Policy (nonces for inline code) and Permissions-Policy on every kind of page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.http import HttpResponse
from django.test import Client

from community.middleware import PermissionsPolicyMiddleware, permissions_policy_header

pytestmark = pytest.mark.django_db

NONCE_ATTRIBUTE = re.compile(r"<(script|style)\b[^>]*\bnonce=\"([^\"]+)\"")
INLINE_CODE = re.compile(r"<(script|style)\b([^>]*)>", re.IGNORECASE)


def policy(response) -> dict[str, list[str]]:
    header = response.headers["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        name, *sources = part.split()
        directives[name] = sources
    return directives


def inline_blocks_without_nonce(html: str) -> list[str]:
    """Inline <script>/<style> elements a browser would refuse: no src=, no nonce, and executable."""
    refused = []
    for match in INLINE_CODE.finditer(html):
        tag, attributes = match.group(1).lower(), match.group(2)
        if "nonce=" in attributes or (tag == "script" and "src=" in attributes):
            continue
        if tag == "script" and re.search(r"type=\"application/(ld\+)?json\"", attributes):
            continue  # data blocks, never executed
        refused.append(match.group(0))
    return refused


def assert_nonces_match_the_header(response) -> str:
    html = response.content.decode()
    nonces = {nonce for _, nonce in NONCE_ATTRIBUTE.findall(html)}
    assert len(nonces) == 1, f"expected one nonce on the page, found {nonces}"
    [nonce] = nonces
    directives = policy(response)
    assert f"'nonce-{nonce}'" in directives["script-src"] and f"'nonce-{nonce}'" in directives["style-src"]
    assert inline_blocks_without_nonce(html) == []
    return nonce


def test_every_page_sends_a_policy_that_allows_no_inline_script_without_a_nonce(client, thread):
    for url in ("/", f"/threads/{thread.pk}/", "/accounts/login/", "/api/v1/spaces/"):
        response = client.get(url)
        assert response.status_code == 200, url
        directives = policy(response)
        assert directives["default-src"] == ["'self'"]
        assert directives["object-src"] == ["'none'"]
        assert directives["frame-ancestors"] == ["'none'"]
        assert directives["base-uri"] == ["'self'"]
        assert "'unsafe-inline'" not in directives["script-src"], url
        assert "'unsafe-eval'" not in directives["script-src"], url
        assert "'unsafe-inline'" not in directives["style-src"], url
        assert inline_blocks_without_nonce(response.content.decode()) == [], url


def test_moderator_pages_carry_this_requests_nonce_on_their_inline_script_and_style(moderator_client):
    first = assert_nonces_match_the_header(moderator_client.get("/moderation/"))
    second = assert_nonces_match_the_header(moderator_client.get("/moderation/dashboard/"))
    assert first != second, "a nonce is fresh for every response"


def test_swagger_ui_carries_the_nonce_on_its_inline_init_script_and_style(client):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    assert_nonces_match_the_header(response)
    html = response.content.decode()
    assert "SwaggerUIBundle" in html  # the init script itself is inline, under the nonce
    # Its assets come from drf-spectacular-sidecar on this origin, which 'self' allows.
    assert '<script src="/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js' in html


def test_the_browsable_api_carries_the_nonce_on_its_inline_code_colours(client):
    response = client.get("/api/v1/spaces/", HTTP_ACCEPT="text/html")
    assert response.status_code == 200 and "Django REST framework" in response.content.decode()
    assert_nonces_match_the_header(response)


def test_the_admin_login_page_needs_no_inline_script(client, admin_member):
    response = client.get("/admin/login/")
    assert response.status_code == 200
    assert inline_blocks_without_nonce(response.content.decode()) == []
    client.force_login(admin_member)
    response = client.get("/admin/community/member/")
    assert response.status_code == 200
    assert "Content-Security-Policy" in response.headers
    assert inline_blocks_without_nonce(response.content.decode()) == []


def test_the_permissions_policy_switches_off_camera_microphone_geolocation_and_payment(client):
    header = client.get("/").headers["Permissions-Policy"]
    features = dict(part.strip().split("=", 1) for part in header.split(","))
    for feature in ("camera", "microphone", "geolocation", "payment", "usb", "browsing-topics"):
        assert features[feature] == "()", feature


def test_the_permissions_policy_is_also_sent_on_api_answers_and_errors():
    client = Client()
    assert "camera=()" in client.get("/api/v1/spaces/").headers["Permissions-Policy"]
    assert "camera=()" in client.get("/no-such-page/").headers["Permissions-Policy"]


def test_a_permissions_policy_entry_can_allow_our_origin_or_name_another():
    header = permissions_policy_header({"camera": [], "fullscreen": ["self", "https://video.example.org"]})
    assert header == 'camera=(), fullscreen=(self "https://video.example.org")'


def test_a_view_that_sets_its_own_permissions_policy_keeps_it(rf):
    def view(request):
        response = HttpResponse()
        response.headers["Permissions-Policy"] = "camera=(self)"
        return response

    assert PermissionsPolicyMiddleware(view)(rf.get("/")).headers["Permissions-Policy"] == "camera=(self)"


SITE_TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
EVENT_HANDLER = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.IGNORECASE)


def test_no_site_template_has_inline_code_the_policy_would_block():
    # Emails are not served under the policy (mail clients ignore it), so only web templates are scanned.
    problems = []
    for path in SITE_TEMPLATES.rglob("*.html"):
        relative = path.relative_to(SITE_TEMPLATES).as_posix()
        if "email/" in relative:
            continue
        html = path.read_text()
        problems += [f"{relative}: {block}" for block in inline_blocks_without_nonce(html)]
        problems += [f"{relative}: event handler attribute" for _ in EVENT_HANDLER.finditer(html)]
        if re.search(r"(href|src|action)\s*=\s*[\"']?\s*javascript:", html, re.IGNORECASE):
            problems.append(f"{relative}: javascript: URL")
    assert problems == []
