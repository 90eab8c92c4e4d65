from django.apps import AppConfig


class ModerationConfig(AppConfig):
    name = "moderation"
    verbose_name = "Moderation"

    def ready(self) -> None:
        # Connects the audit of moderators' content warnings (community sends the signal).
        from moderation import receivers_content_warning  # noqa: F401
