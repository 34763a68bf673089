from django import forms

from .models import Complainant


class ComplainantForm(forms.ModelForm):
    """The complainant's identity and contact data, as PMO staff record them at intake."""

    class Meta:
        model = Complainant
        fields = Complainant.PERSONAL_FIELDS
        widgets = {"address": forms.Textarea(attrs={"rows": 3})}
