from django.apps import AppConfig


class CommunityConfig(AppConfig):
    name = "community"
    verbose_name = "Community"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from community import checks  # noqa: F401  (registers the system checks)
        from community.services.member_data import cancel_deletion_on_login

        # Signing in during the grace period keeps the account (docs/privacy.md).
        user_logged_in.connect(cancel_deletion_on_login, dispatch_uid="hearth-cancel-deletion-on-login")
