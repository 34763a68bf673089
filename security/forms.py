from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.documents.forms import BaseDocumentForm
from wagtail.images.forms import BaseImageForm

from .documents import DOCUMENT_KINDS, evidence_check, markup_check


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("Code from your authenticator app"),
        min_length=6,
        max_length=6,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "pattern": "[0-9]*", "autofocus": True}
        ),
    )

    def clean_token(self):
        token = "".join(self.cleaned_data["token"].split())
        if not token.isdigit():
            raise forms.ValidationError(_("The code is six digits."))
        return token


class UploadCheckedMixin:
    """
    An uploaded file is checked by PM1 (``upload_check``) after Wagtail's own checks, and a file PM1 refuses
    gets PM1's reason alone: Wagtail would add its own of the emptied field beside it (the document model's
    "File extension “” is not allowed", the image field's untranslated "Not a valid .png image").
    """

    def upload_check(self, upload) -> None:
        raise NotImplementedError

    def full_clean(self):
        super().full_clean()
        upload = self.files.get(self.add_prefix("file")) if self.is_bound else None
        if upload is None:
            return
        try:
            self.upload_check(upload)
        except ValidationError as refusal:
            self.errors["file"] = self.error_class(refusal.messages, renderer=self.renderer)
            self.cleaned_data.pop("file", None)


class CheckedDocumentForm(UploadCheckedMixin, BaseDocumentForm):
    """Wagtail's document form, with the file checked by content as evidence files are."""

    def upload_check(self, upload) -> None:
        evidence_check(upload, accepted=DOCUMENT_KINDS)


class CheckedImageForm(UploadCheckedMixin, BaseImageForm):
    """Wagtail's image form (Wagtail decodes images and refuses SVG), with PM1's reason for markup."""

    def upload_check(self, upload) -> None:
        markup_check(upload)
