from django import forms


class SignupExtraForm(forms.Form):
    """Extra fields on allauth's sign-up form: the public name people will see."""

    display_name = forms.CharField(
        max_length=50, label="Display name", help_text="Shown next to your posts. A pseudonym is fine."
    )

    def signup(self, request, user) -> None:
        user.display_name = self.cleaned_data["display_name"].strip()
        user.save(update_fields=["display_name"])
