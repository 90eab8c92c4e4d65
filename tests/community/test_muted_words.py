"""Muted words: a member's own list; posts containing them are folded for that member only."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from rest_framework.test import APIClient

from community.models import MutedWord
from community.services.preferences import muted_word_add, muted_word_remove
from tests.factories import MemberFactory, ReplyFactory

FOLD = '<details class="muted-words"><summary>Folded by your muted words — show</summary>'


def thread_html(client, thread) -> str:
    return client.get(reverse("community:thread", kwargs={"thread_id": thread.pk})).content.decode()


def test_a_member_mutes_a_word_on_the_preferences_page_and_matching_posts_fold_for_them_only(client, thread):
    hard = ReplyFactory(thread=thread, body="The Hospital visit was hard.")
    ReplyFactory(thread=thread, body="Hospitality jobs are tiring.")  # not the whole word
    reader = MemberFactory()
    client.force_login(reader)
    assert "Muted words" in client.get(reverse("community:preferences")).content.decode()
    response = client.post(reverse("community:muted_words"), {"word": "  hospital "})
    assert response.status_code == 302
    assert list(MutedWord.objects.filter(member=reader).values_list("word", flat=True)) == ["hospital"]
    html = thread_html(client, thread)
    assert f'{FOLD}<div class="post-body">{hard.body_html}</div></details>' in html
    assert html.count(FOLD) == 1
    # Someone else reading the same thread sees it unfolded.
    client.force_login(MemberFactory())
    assert FOLD not in thread_html(client, thread)


def test_a_phrase_and_the_opening_post_fold_too(client, thread):
    opening = thread.posts.get(parent__isnull=True)
    opening.body = "I keep thinking about my ex partner."
    opening.save(update_fields=["body"])
    reader = MemberFactory()
    muted_word_add(member=reader, actor=reader, word="Ex Partner")
    client.force_login(reader)
    assert FOLD in thread_html(client, thread)


def test_a_word_can_be_unmuted_and_only_by_its_owner(client, thread):
    reader = MemberFactory()
    row, created = muted_word_add(member=reader, actor=reader, word="funeral")
    assert created and muted_word_add(member=reader, actor=reader, word="FUNERAL") == (row, False)
    with pytest.raises(PermissionDenied):
        muted_word_add(member=reader, actor=MemberFactory(), word="other")
    with pytest.raises(PermissionDenied):
        muted_word_remove(member=reader, actor=MemberFactory(), word_id=row.pk)
    client.force_login(reader)
    client.post(reverse("community:muted_words"), {"remove": row.pk})
    assert not MutedWord.objects.exists()


def test_an_empty_or_too_long_word_is_refused(db):
    reader = MemberFactory()
    with pytest.raises(ValidationError):
        muted_word_add(member=reader, actor=reader, word="   ")
    with pytest.raises(ValidationError):
        muted_word_add(member=reader, actor=reader, word="x" * 61)


def test_muted_words_through_the_api(member, thread):
    ReplyFactory(thread=thread, body="Talking about the funeral.")
    api = APIClient()
    api.force_authenticate(member)
    response = api.post("/api/v1/me/muted-words/", {"word": "Funeral"}, format="json")
    assert response.status_code == 201 and response.json()["word"] == "funeral"
    assert api.post("/api/v1/me/muted-words/", {"word": "funeral"}, format="json").status_code == 200
    assert [w["word"] for w in api.get("/api/v1/me/muted-words/").json()["results"]] == ["funeral"]
    tree = api.get(f"/api/v1/threads/{thread.pk}/replies/").json()
    assert tree["replies"][0]["folded_by_muted_words"] is True
    assert tree["opening_post"]["folded_by_muted_words"] is False
    word_id = response.json()["id"]
    assert api.delete(f"/api/v1/me/muted-words/{word_id}/").status_code == 204
    assert api.delete(f"/api/v1/me/muted-words/{word_id}/").status_code == 404


@pytest.mark.parametrize("count", [2, 80])
def test_the_muted_words_list_is_paginated_and_a_fixed_number_of_queries(
    member, count, django_assert_max_num_queries
):
    MutedWord.objects.bulk_create([MutedWord(member=member, word=f"word {i:03}") for i in range(count)])
    api = APIClient()
    api.force_authenticate(member)
    with django_assert_max_num_queries(3):
        page = api.get("/api/v1/me/muted-words/").json()
    assert len(page["results"]) == min(count, 25)
    assert (page["next"] is not None) == (count > 25)


@pytest.mark.parametrize("count", [2, 80])
def test_the_preferences_page_with_muted_words_is_a_fixed_number_of_queries(
    client, member, count, django_assert_max_num_queries
):
    MutedWord.objects.bulk_create([MutedWord(member=member, word=f"word {i:03}") for i in range(count)])
    client.force_login(member)
    with django_assert_max_num_queries(9):
        response = client.get(reverse("community:preferences"))
    assert response.content.decode().count("> word ") == count
