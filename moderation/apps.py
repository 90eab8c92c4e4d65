from django.apps import AppConfig


class ModerationConfig(AppConfig):
    name = "moderation"
    verbose_name = "Moderation"

    def ready(self) -> None:
        from community import moderation_port
        from moderation import gateway, receivers  # noqa: F401  (receivers connects the audit of signals)

        # community asks its port; from here on moderation answers (screening, sanctions, support lines...).
        moderation_port.register(gateway)
