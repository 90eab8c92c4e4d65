from django.conf import settings


def site(request) -> dict:
    """Site name and the signed-in member's unread count, shown in every page header."""
    unread = 0
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        from community.selectors import unread_notification_count

        unread = unread_notification_count(member=user)
    return {"SITE_NAME": settings.SITE_NAME, "unread_notification_count": unread}
