"""Forms for the moderation pages. Each action is one small form with one button."""

from __future__ import annotations

from django import forms

from moderation.models import Appeal, Flag, FollowUp, Lane, ModerationReason
from moderation.services.reports import REPORT_REASONS

CLAIMED_CHOICES = [("", "Anyone"), ("unclaimed", "Unclaimed"), ("claimed", "Claimed"), ("mine", "Mine")]
AGE_CHOICES = [
    ("", "Any age"),
    ("1h", "Older than 1 hour"),
    ("24h", "Older than 24 hours"),
    ("7d", "Older than 7 days"),
]


class QueueFilterForm(forms.Form):
    lane = forms.ChoiceField(choices=Lane.choices, required=False)
    space = forms.TypedChoiceField(choices=[], coerce=int, required=False, empty_value=None, label="Space")
    category = forms.ChoiceField(choices=[("", "Any reason"), *Flag.Category.choices], required=False)
    age = forms.ChoiceField(choices=AGE_CHOICES, required=False)
    claimed = forms.ChoiceField(choices=CLAIMED_CHOICES, required=False)

    def __init__(self, *args, spaces=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["space"].choices = [("", "All spaces"), *[(s.pk, s.name) for s in spaces]]


class ReasonForm(forms.Form):
    reason = forms.CharField(
        required=False, max_length=1000, widget=forms.TextInput, label="Reason (for the audit log)"
    )


class ReasonChoiceField(forms.ModelChoiceField):
    """The reasons a moderator picks from. Given ``reasons`` (read once for the page), every form on the
    page lists them without a query of its own; a POST still validates against the database."""

    def __init__(self, *args, reasons: list[ModerationReason] | None = None, **kwargs):
        self.reasons = reasons  # before super(): setting the queryset there reads the choices
        super().__init__(*args, **kwargs)

    def _get_choices(self):
        if self.reasons is None:
            return super()._get_choices()
        listed = [(reason.pk, self.label_from_instance(reason)) for reason in self.reasons]
        return [("", self.empty_label), *listed]

    choices = property(_get_choices, forms.ChoiceField.choices.fset)


def _member_reason_field(reasons: list[ModerationReason] | None = None) -> forms.ModelChoiceField:
    return ReasonChoiceField(
        queryset=ModerationReason.objects.filter(is_active=True),
        reasons=reasons,
        required=False,
        empty_label="Choose a reason",
        label="Reason the author reads",
    )


class _WithMemberReason:
    """Adds the member-facing reason picker; ``reasons=`` passes the list the page read once."""

    def __init__(self, *args, reasons: list[ModerationReason] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member_reason"] = _member_reason_field(reasons)


def _member_line_field() -> forms.CharField:
    return forms.CharField(
        required=False, max_length=1000, label="A line of your own for the author (optional)"
    )


class ToldWhyForm(_WithMemberReason, ReasonForm):
    """Hide, remove or label off topic: the audit reason, and what the author is told."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member_line"] = _member_line_field()


class NoteRequiredForm(forms.Form):
    note = forms.CharField(
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        label="What did you do? (for the next moderator)",
    )


class EditPostForm(_WithMemberReason, forms.Form):
    body = forms.CharField(widget=forms.Textarea(attrs={"rows": 8}), label="Post text")
    note = forms.CharField(max_length=500, label="Why you edited it (the author can see this)")


class WarnForm(forms.Form):
    message = forms.CharField(
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Private message to the author",
        help_text="Kind and specific: what happened and what we'd like instead.",
    )


class SilenceForm(_WithMemberReason, forms.Form):
    days = forms.IntegerField(min_value=1, max_value=365, initial=3, label="Days")
    reason = forms.CharField(max_length=1000, label="Reason (the member sees this)")


class SuspendForm(_WithMemberReason, forms.Form):
    days = forms.IntegerField(
        min_value=1, max_value=3650, required=False, label="Days", help_text="Leave empty for until lifted."
    )
    reason = forms.CharField(max_length=1000, label="Reason (the member sees this)")


class ModeratorNoteForm(forms.Form):
    body = forms.CharField(
        max_length=4000, widget=forms.Textarea(attrs={"rows": 3}), label="Note for moderators"
    )


class FollowUpForm(forms.Form):
    outcome = forms.ChoiceField(
        choices=[c for c in FollowUp.Outcome.choices if c[0]],
        widget=forms.RadioSelect,
        label="How did it go?",
    )
    note = forms.CharField(
        required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}), label="Note (optional)"
    )


class DashboardRangeForm(forms.Form):
    start = forms.DateField(required=False, label="From", widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(required=False, label="To", widget=forms.DateInput(attrs={"type": "date"}))


class AppealDecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        choices=[(Appeal.Status.UPHELD, "Keep the decision"), (Appeal.Status.REVERSED, "Undo it")],
        widget=forms.RadioSelect,
        label="Your decision",
    )
    note = forms.CharField(
        max_length=2000, widget=forms.Textarea(attrs={"rows": 3}), label="A note for the member"
    )


class AppealForm(forms.Form):
    """The member's "Ask for another look"."""

    note = forms.CharField(
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        label="Why would you like another look?",
        help_text="A few words are enough. Another moderator will read it.",
    )


# The member-facing form (the "Report" link under a post), not a moderator's.
class ReportForm(forms.Form):
    reason = forms.ChoiceField(
        choices=REPORT_REASONS, widget=forms.RadioSelect, label="What's wrong with this reply?"
    )
    note = forms.CharField(
        required=False,
        max_length=2000,
        label="Anything you'd like the moderators to know (optional)",
        widget=forms.Textarea(attrs={"rows": 4}),
    )
