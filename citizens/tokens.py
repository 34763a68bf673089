"""
The signed links in e-mails to followers: confirming a follow (valid for a week) and unsubscribing
(with no expiry, so that any old message still unsubscribes). They carry the
follower's random key, signed with SECRET_KEY; a changed or truncated link is refused.
"""

from datetime import timedelta

from django.core import signing

from .models import Follower

CONFIRM_MAX_AGE = timedelta(days=7)
_CONFIRM_SALT = "pm1.citizens.follow.confirm"
_UNSUBSCRIBE_SALT = "pm1.citizens.unsubscribe"


class LinkExpired(Exception):
    """A genuine link, too old."""


class LinkInvalid(Exception):
    """Not a link PM1 made, or for a follow that no longer exists."""


def confirm_token(follower: Follower) -> str:
    return signing.dumps(str(follower.key), salt=_CONFIRM_SALT, compress=False)


def unsubscribe_token(follower: Follower) -> str:
    return signing.Signer(salt=_UNSUBSCRIBE_SALT).sign(str(follower.key))


def _follower(key: str) -> Follower:
    follower = Follower.objects.filter(key=key).select_related("agency").first()
    if follower is None:
        raise LinkInvalid
    return follower


def follower_from_confirm_token(token: str) -> Follower:
    """The follower a confirmation link names; ``LinkExpired`` or ``LinkInvalid`` otherwise."""
    try:
        key = signing.loads(token, salt=_CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)
    except signing.SignatureExpired as error:
        raise LinkExpired from error
    except signing.BadSignature as error:
        raise LinkInvalid from error
    return _follower(key)


def follower_from_unsubscribe_token(token: str) -> Follower | None:
    """
    The follower an unsubscribe link names, or ``None`` when that follow is already gone (the link is
    genuine: unsubscribing twice is no error); ``LinkInvalid`` for a link PM1 did not make.
    """
    try:
        key = signing.Signer(salt=_UNSUBSCRIBE_SALT).unsign(token)
    except signing.BadSignature as error:
        raise LinkInvalid from error
    return Follower.objects.filter(key=key).first()
