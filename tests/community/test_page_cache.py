"""The page cache for readers who are not signed in (issue 16, item 3).

Thread, home and space pages are served from the cache to anonymous readers, under version keys that every
write changing a page bumps after its transaction commits. Writes here run inside
``django_capture_on_commit_callbacks(execute=True)``: the test transaction never commits, so that is how the
after-commit bump runs, as it does in production when the request's transaction commits.
"""

import re

import pytest
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.urls import reverse

from community import cache as page_cache
from community.models import Post
from community.services import posts as post_services
from community.services import threads as thread_services
from community.services.posts import post_moderate
from community.services.threads import thread_close
from tests.factories import MemberFactory, ReplyFactory

pytestmark = pytest.mark.django_db
HIT = page_cache.HIT_HEADER


SINGLE_PROCESS = {"wsgi.multiprocess": False}


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.HEARTH_PAGE_CACHE_SECONDS = 60


@pytest.fixture
def client():
    """As the embedded server (one process) serves: the test settings' cache is local memory, which the
    page cache uses only when no other process serves pages (Django's test client says there may be)."""
    return Client(**SINGLE_PROCESS)


def anonymous() -> Client:
    return Client(**SINGLE_PROCESS)


def read(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response


def test_a_second_anonymous_read_of_a_thread_is_served_from_the_cache(client, thread):
    ReplyFactory(thread=thread, body="A reply everyone can read")
    first = read(client, thread.get_absolute_url())
    second = read(anonymous(), thread.get_absolute_url())

    assert first[HIT] == "miss"
    assert second[HIT] == "hit"
    assert b"A reply everyone can read" in second.content
    assert page_cache.CSRF_PLACEHOLDER.encode() not in second.content


def test_the_home_and_space_pages_are_cached_for_anonymous_readers(client, thread):
    for url in (reverse("community:home"), thread.space.get_absolute_url()):
        assert read(client, url)[HIT] == "miss"
        assert read(client, url)[HIT] == "hit"


def test_a_reply_posted_through_the_form_is_on_the_next_anonymous_read(
    client, member, thread, django_capture_on_commit_callbacks
):
    url = thread.get_absolute_url()
    read(client, url)
    assert read(client, url)[HIT] == "hit"
    writer = Client()
    writer.force_login(member)
    with django_capture_on_commit_callbacks(execute=True):
        response = writer.post(
            reverse("community:reply", kwargs={"thread_id": thread.pk}), {"body": "Fresh words tonight"}
        )
    assert response.status_code == 302

    after = read(client, url)
    assert after[HIT] == "miss"
    assert b"Fresh words tonight" in after.content
    home = read(client, reverse("community:home"))
    assert home[HIT] == "miss"


def test_a_hidden_post_is_gone_from_the_next_anonymous_read(
    client, thread, moderator, django_capture_on_commit_callbacks
):
    reply = ReplyFactory(thread=thread, body="Words a moderator will hide")
    url = thread.get_absolute_url()
    read(client, url)
    assert b"Words a moderator will hide" in read(client, url).content  # from the cache

    with django_capture_on_commit_callbacks(execute=True):
        assert post_moderate(post=reply, actor=moderator, change="hide", reason="test")

    assert b"Words a moderator will hide" not in read(client, url).content


def test_no_new_version_before_the_write_commits(client, thread, django_capture_on_commit_callbacks):
    """A reader between the write and its commit keeps getting the old page, never the old rows stored under
    the new version; the new version appears with the commit."""
    reply = ReplyFactory(thread=thread, body="Soon to be held")
    url = thread.get_absolute_url()
    read(client, url)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        post_services.post_hold(post=reply)
    assert read(client, url)[HIT] == "hit"  # not committed yet: same version
    assert callbacks

    for callback in callbacks:
        callback()
    after = read(client, url)
    assert after[HIT] == "miss"
    assert b"Soon to be held" not in after.content


@pytest.mark.parametrize(
    "change",
    ["edit", "delete", "close", "pin", "label_off_topic"],
)
def test_every_write_that_changes_a_thread_page_gives_it_a_new_version(
    client, member, moderator, thread, change, django_capture_on_commit_callbacks
):
    reply = ReplyFactory(thread=thread, author=member, body="The first words")
    url = thread.get_absolute_url()
    read(client, url)
    assert read(client, url)[HIT] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        if change == "edit":
            post_services.post_edit(post=reply, actor=member, body="Second thoughts, kinder words")
        elif change == "delete":
            post_services.post_delete(post=reply, actor=member)
        elif change == "close":
            thread_close(thread=thread, actor=moderator, reason="Resting")
        elif change == "pin":
            thread_services.thread_set_pinned(thread=thread, pinned=True)
        else:
            post_moderate(post=reply, actor=moderator, change="label_off_topic")

    after = read(client, url)
    assert after[HIT] == "miss"
    if change == "edit":
        assert b"Second thoughts, kinder words" in after.content
    if change == "delete":
        assert b"The first words" not in after.content


def test_a_new_thread_is_listed_on_the_next_anonymous_read(
    client, member, space, django_capture_on_commit_callbacks
):
    read(client, space.get_absolute_url())
    with django_capture_on_commit_callbacks(execute=True):
        thread_services.thread_create(space=space, author=member, title="A brand new title", body="Hello all")
    assert b"A brand new title" in read(client, space.get_absolute_url()).content
    assert b"A brand new title" in read(client, reverse("community:home")).content


def test_signed_in_members_always_get_a_fresh_page_with_their_own_held_reply(member_client, member, thread):
    url = thread.get_absolute_url()
    read(anonymous(), url)
    reply = ReplyFactory(thread=thread, author=member, body="My words, waiting for review")
    Post.objects.filter(pk=reply.pk).update(status=Post.Status.HELD)  # no bump: only its author sees it

    response = read(member_client, url)
    assert HIT not in response
    assert b"My words, waiting for review" in response.content
    assert b"My words, waiting for review" not in read(anonymous(), url).content


def test_a_reader_with_messages_waiting_is_not_served_the_shared_copy(client, thread):
    url = thread.get_absolute_url()
    read(client, url)
    client.cookies["messages"] = "pending"
    assert HIT not in read(client, url)


def test_other_query_parameters_bypass_the_cache(client, thread):
    url = thread.get_absolute_url()
    assert HIT not in read(client, f"{url}?utm_source=mail")


def test_a_form_on_a_cached_page_carries_a_csrf_token_that_this_reader_can_post_with():
    """The token is stored as a placeholder and filled in per response, with the cookie it belongs to."""
    from django.contrib.auth.models import AnonymousUser
    from django.middleware.csrf import CsrfViewMiddleware
    from django.template import engines

    template = engines["django"].from_string("<form>{% csrf_token %}</form>")

    @page_cache.cached_page(lambda **kwargs: ["test-csrf-page"])
    def view(request):
        # As the views render (django.shortcuts.render): the view's context over the context processors'.
        html = template.render(page_cache.template_extras(request), request)
        return HttpResponse(html, content_type="text/html")

    def serve():
        request = RequestFactory(**SINGLE_PROCESS).get("/csrf-test/")
        request.user = AnonymousUser()
        return CsrfViewMiddleware(view)(request)

    serve()
    page = serve()
    assert page[HIT] == "hit"
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode()).group(1)
    assert token != page_cache.CSRF_PLACEHOLDER
    cookie = page.cookies["csrftoken"].value

    post = RequestFactory().post("/csrf-test/", {"csrfmiddlewaretoken": token})
    post.COOKIES["csrftoken"] = cookie
    accepted = CsrfViewMiddleware(lambda request: HttpResponse("ok"))
    assert accepted.process_view(post, lambda request: None, (), {}) is None  # None: the token matched


def test_a_cached_page_s_csp_nonce_matches_its_own_response_header():
    """A page that uses its nonce is stored with a placeholder; each response gets its own nonce, the same
    as in its Content-Security-Policy header."""
    from csp.middleware import CSPMiddleware
    from django.contrib.auth.models import AnonymousUser

    @page_cache.cached_page(lambda **kwargs: ["test-nonce-page"])
    def view(request):
        return HttpResponse(f'<script nonce="{request.csp_nonce}">1</script>', content_type="text/html")

    def serve():
        request = RequestFactory(**SINGLE_PROCESS).get("/nonce-test/")
        request.user = AnonymousUser()
        middleware = CSPMiddleware(view)
        return middleware(request)

    first, second = serve(), serve()
    nonces = []
    for response in (first, second):
        body_nonce = re.search(r'nonce="([^"]+)"', response.content.decode()).group(1)
        assert f"'nonce-{body_nonce}'" in response["Content-Security-Policy"]
        nonces.append(body_nonce)
    assert second[HIT] == "hit"
    assert nonces[0] != nonces[1]
    assert page_cache.NONCE_PLACEHOLDER not in second.content.decode()


def test_a_signed_in_reader_s_page_is_never_stored_for_others(client, thread):
    member = MemberFactory()
    signed_in = Client()
    signed_in.force_login(member)
    read(signed_in, thread.get_absolute_url())
    assert read(client, thread.get_absolute_url())[HIT] == "miss"


def test_local_memory_is_not_used_for_pages_when_several_processes_serve_them(thread):
    """A bump in one gunicorn worker's local memory would not reach the others: no page cache there."""
    several = Client(**{"wsgi.multiprocess": True})
    read(several, thread.get_absolute_url())
    assert HIT not in read(several, thread.get_absolute_url())


def test_with_a_shared_cache_several_processes_share_the_pages(settings, thread):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    several = Client(**{"wsgi.multiprocess": True})
    assert read(several, thread.get_absolute_url())[HIT] == "miss"  # the dummy cache keeps nothing
