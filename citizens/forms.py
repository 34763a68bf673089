"""
The citizens' forms. No third-party CAPTCHA: every form has a honeypot field that people never see
(``hidden``), and the question form also carries a signed time stamp of when it was shown, so that one
sent back faster than a person could type it, or days later, is refused with the typing kept.
"""

import time
from datetime import timedelta

from django import forms
from django.core import signing
from django.utils.translation import gettext_lazy as _

from .consent import CONSENT_VERSION, consent_text

#: A person needs at least this long to write a question; scripts post at once.
MIN_FILL_TIME = timedelta(seconds=3)
#: A form shown longer ago than this is shown again with a fresh stamp.
MAX_FILL_TIME = timedelta(days=1)
_STARTED_SALT = "pm1.citizens.form-started"
QUESTION_MAX_LENGTH = 2000


def form_started_stamp() -> str:
    """A signed stamp of now, for the form's ``started`` field."""
    return signing.dumps(time.time(), salt=_STARTED_SALT)


class HoneypotForm(forms.Form):
    """A form with a field no person fills in: rendered inside a ``hidden`` element, skipped by screen readers."""

    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    @property
    def is_spam(self) -> bool:
        """Did a robot fill in the honeypot? Then the view pretends to succeed and keeps nothing."""
        return bool(self.data.get(self.add_prefix("website")))


class FollowForm(HoneypotForm):
    """Follow an item or an agency by e-mail."""

    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "inputmode": "email"}),
        help_text=_(
            "We send a link to confirm first. The address is used for these messages only and never published; "
            "every message has a link to stop them."
        ),
        error_messages={
            "required": _("Enter your e-mail address."),
            "invalid": _("Enter an e-mail address like name@example.com."),
        },
    )


class QuestionForm(HoneypotForm):
    """Ask a question on a public item, with PDPA consent."""

    text = forms.CharField(
        label=_("Your question"),
        max_length=QUESTION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={
            "required": _("Write your question."),
            "max_length": _("Shorten your question to %(limit_value)d characters (it has %(show_value)d)."),
        },
    )
    name = forms.CharField(
        label=_("Your name (optional)"),
        max_length=120,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        help_text=_("Never published."),
    )
    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "inputmode": "email"}),
        help_text=_("Never published. We write to you when your question is answered."),
        error_messages={
            "required": _("Enter your e-mail address, so that we can tell you about the answer."),
            "invalid": _("Enter an e-mail address like name@example.com."),
        },
    )
    consent = forms.BooleanField(
        error_messages={"required": _("Tick the box to agree, or we cannot take your question.")},
    )
    started = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Built per form, in the active language: the consent text is the version that is recorded.
        self.fields["consent"].label = consent_text(CONSENT_VERSION)
        self.fields["text"].help_text = _(
            "Up to %(count)s characters. It is published with its answer once a moderator approves it."
        ) % {"count": f"{QUESTION_MAX_LENGTH:,}"}

    def clean_text(self):
        text = self.cleaned_data["text"].strip()
        if not text:
            raise forms.ValidationError(_("Write your question."), code="required")
        return text

    def clean_started(self):
        stamp = self.cleaned_data["started"]
        try:
            started = signing.loads(stamp, salt=_STARTED_SALT, max_age=MAX_FILL_TIME)
        except signing.SignatureExpired as error:
            raise forms.ValidationError(
                _("This form was open for too long. Check your question and send it again."), code="expired"
            ) from error
        except signing.BadSignature as error:
            raise forms.ValidationError(
                _("This form could not be checked. Check your question and send it again."), code="invalid"
            ) from error
        if time.time() - started < MIN_FILL_TIME.total_seconds():
            raise forms.ValidationError(
                _("That was sent faster than a person can write. Check your question and send it again."),
                code="too_fast",
            )
        return stamp
