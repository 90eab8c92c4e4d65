"""Forms for the member pages. Validation rules live in the services; forms reuse them so messages match."""

from __future__ import annotations

import zoneinfo

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError

from community.countries import country_choices
from community.models import DigestFrequency
from community.services.posts import clean_body
from community.services.threads import TITLE_MAX


class SignupExtraForm(forms.Form):
    """Extra fields on allauth's sign-up form: the public name people will see."""

    display_name = forms.CharField(
        max_length=50, label="Display name", help_text="Shown next to your posts. A pseudonym is fine."
    )

    def signup(self, request, user) -> None:
        user.display_name = self.cleaned_data["display_name"].strip()
        user.save(update_fields=["display_name"])


class BodyField(forms.CharField):
    """A post body: the service's own rules (not empty, not too long), with the text kept on error."""

    widget = forms.Textarea(attrs={"rows": 6})

    def __init__(self, **kwargs):
        kwargs.setdefault("label", "Your reply")
        # strip=False: keep exactly what the person typed when we show the form again.
        super().__init__(strip=False, required=False, **kwargs)

    def clean(self, value):
        value = super().clean(value)
        return clean_body(value)


def _body_help() -> str:
    limit = settings.HEARTH_MAX_POST_LENGTH
    return f"Markdown works: *italic*, **bold**, > quote, lists. Up to {limit:,} characters."


class ReplyForm(forms.Form):
    body = BodyField()
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].help_text = _body_help()


class ThreadForm(forms.Form):
    title = forms.CharField(max_length=TITLE_MAX, label="Title")
    body = BodyField(label="What would you like to talk about?")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].help_text = _body_help()


class PostEditForm(forms.Form):
    body = BodyField(label="Text")
    note = forms.CharField(
        max_length=500,
        required=False,
        label="Reason for the edit (moderators)",
        help_text="Kept with the earlier version; only moderators see it.",
    )

    def __init__(self, *args, show_note: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].help_text = _body_help()
        if not show_note:
            del self.fields["note"]


class GuestReplyForm(forms.Form):
    name = forms.CharField(
        max_length=50, label="Your name", help_text="Shown with your reply. A pseudonym is fine."
    )
    email = forms.EmailField(
        label="Your email",
        help_text="Only used to confirm your reply. It is never shown to anyone.",
    )
    body = BodyField()
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)
    # Left empty by people; filled in by many spam bots. Hidden from sight and from screen readers.
    website = forms.CharField(
        required=False,
        label="Leave this empty",
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].help_text = _body_help()

    def clean_website(self):
        if self.cleaned_data.get("website"):
            raise ValidationError("Please leave this field empty.")
        return ""


def timezone_choices() -> list[tuple[str, str]]:
    return [(name, name.replace("_", " ")) for name in sorted(zoneinfo.available_timezones())]


class CountryField(forms.ChoiceField):
    """A country chosen by name; a typed code in any case ("ie", from the API or an old form) is accepted."""

    def to_python(self, value):
        return super().to_python(value).strip().upper()


class PreferencesForm(forms.Form):
    display_name = forms.CharField(
        max_length=50, label="Display name", help_text="The name other members see. Pseudonyms are welcome."
    )
    timezone = forms.ChoiceField(label="Time zone", help_text="Times on the site are shown in this zone.")
    country = CountryField(
        required=False,
        label="Where you live (optional)",
        help_text="Only used to show support lines for your country first, if you ever need them. "
        "Nobody else sees it, and you can leave it blank.",
    )
    digest_frequency = forms.ChoiceField(
        choices=DigestFrequency.choices, label="Email digest of followed threads", widget=forms.RadioSelect
    )
    unread_reminders = forms.BooleanField(
        required=False, label="Email me when replies to me stay unread for a day"
    )
    moderation_emails = forms.BooleanField(
        required=False,
        label="Email me when a moderator acts on my post or account, and about my appeals",
        help_text="You're always told on the site, in your notifications, whatever you choose here.",
    )
    bio = forms.CharField(
        required=False,
        max_length=1000,
        label="About you (optional, public)",
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["timezone"].choices = timezone_choices()
        self.fields["country"].choices = [("", "I'd rather not say"), *country_choices()]


class AccountDeletionForm(forms.Form):
    keep_posts = forms.ChoiceField(
        choices=[
            ("keep", 'Keep my posts, shown as by "a former member", so conversations still make sense'),
            ("remove", 'Remove my posts (replies to them stay, under "this post was deleted")'),
        ],
        widget=forms.RadioSelect,
        label="What should happen to your posts?",
    )
    password = forms.CharField(
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        label="Your password, to confirm it's you",
        strip=False,
    )


# -- gentle tools for readers (issue 14) -----------------------------------------------------------------


class ContentWarningForm(forms.Form):
    content_warning = forms.CharField(
        required=False,
        max_length=120,
        label="Content warning",
        help_text="A few words readers see before they choose to open the post, such as "
        '"self-harm" or "a death in the family". Leave it empty to remove the warning.',
    )


class MutedWordForm(forms.Form):
    word = forms.CharField(
        max_length=60,
        label="Mute a word or phrase",
        help_text="Posts containing it are folded for you, with a way to open them. Only you see this list.",
    )


class BreakForm(forms.Form):
    days = forms.TypedChoiceField(
        coerce=int,
        choices=[(1, "1 day"), (3, "3 days"), (7, "a week"), (14, "two weeks"), (30, "a month")],
        initial=7,
        label="Take a break for",
    )


class PeerSupporterForm(forms.Form):
    is_peer_supporter = forms.BooleanField(
        required=False,
        label="I'd like to be a peer supporter",
        help_text="You'll see posts in support spaces that are still waiting for a first reply, on a page "
        "of their own and in your digest. There's no obligation to answer any of them.",
    )
