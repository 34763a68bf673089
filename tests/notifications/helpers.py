"""What the notification tests share: the channels pointed at the loopback servers."""

from django.test import override_settings
from wagtail.users.models import UserProfile

from notifications.models import LineLink

from .servers import LINE_TOKEN, line_id


def channels_at(smtp, line, **settings):
    """Settings that send e-mail to ``smtp`` and LINE messages to ``line``, with quick retries."""
    return override_settings(
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=smtp.port,
        EMAIL_USE_TLS=False,
        EMAIL_HOST_USER="",
        EMAIL_HOST_PASSWORD="",
        LINE_API_URL=line.url,
        LINE_CHANNEL_ACCESS_TOKEN=LINE_TOKEN,
        NOTIFY_RETRY_DELAYS=settings.pop("NOTIFY_RETRY_DELAYS", [0.2, 0.2, 0.2]),
        **settings,
    )


def speaks(user, language):
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()
    return user


def link_line(*, user=None, agency=None):
    kind = LineLink.Kind.USER if user is not None else LineLink.Kind.GROUP
    return LineLink.objects.create(
        line_id=line_id("U" if user is not None else "C"), kind=kind, user=user, agency=agency
    ).line_id
