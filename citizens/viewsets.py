"""
PMO coordinators' screens for citizens' questions: a list to work through, and one screen per question
to publish it, answer it or reject it. Only PMO staff (coordinators, administrators, superusers) reach
them, whatever Django permissions a group holds. The asker's name and e-mail address appear on the
question's own screen only, and every showing of it is in the audit log.
"""

from django import forms
from django.urls import reverse
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms.models import WagtailAdminModelForm
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views import generic

from core.roles import PMO_ROLES
from core.thai import local_date
from core.viewsets import RolesOnly, RolesOnlyViewSet
from security.audit import log_personal_data_read

from . import services
from .models import Question


class QuestionFilterSet(WagtailFilterSet):
    class Meta:
        model = Question
        fields = ["state", "language"]


class QuestionModerationForm(WagtailAdminModelForm):
    """The answer, and which of the moderation buttons was pressed."""

    PUBLISH, ANSWER, REJECT = "publish", "answer", "reject"

    action = forms.ChoiceField(choices=[(PUBLISH, PUBLISH), (ANSWER, ANSWER), (REJECT, REJECT)])

    class Meta:
        model = Question
        fields = ["answer"]
        widgets = {"answer": forms.Textarea(attrs={"rows": 8})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["answer"].help_text = _("Published on the item's page with the question; sent to the asker.")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("action") == self.ANSWER and not (cleaned.get("answer") or "").strip():
            self.add_error("answer", _("Write the answer before publishing it."))
        return cleaned


def _label(name):
    return capfirst(Question._meta.get_field(name).verbose_name)


class QuestionModerateView(generic.EditView):
    """One question: what was asked, by whom (audit-logged), and the buttons to publish, answer or reject it."""

    template_name = "citizens/admin/question_moderate.html"
    success_messages = {
        QuestionModerationForm.PUBLISH: _("Question published on the item's page."),
        QuestionModerationForm.ANSWER: _("Answer published; the asker is told by e-mail."),
        QuestionModerationForm.REJECT: _("Question rejected: it is not shown."),
    }

    def get_object(self, queryset=None):
        return super().get_object(Question.objects.select_related("page", "moderated_by"))

    def get_page_subtitle(self):
        return Truncator(self.object.text).chars(60)

    def save_instance(self):
        question, action, user = self.object, self.form.cleaned_data["action"], self.request.user
        if action == QuestionModerationForm.PUBLISH:
            return services.question_publish(question=question, user=user)
        if action == QuestionModerationForm.REJECT:
            return services.question_reject(question=question, user=user)
        return services.question_answer(question=question, answer=self.form.cleaned_data["answer"], user=user)

    def get_success_message(self):
        return self.success_messages[self.form.cleaned_data["action"]]

    def get_success_buttons(self):
        return []

    def get_success_url(self):
        return reverse(self.index_url_name)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        question = self.object
        item = question.page.specific
        context["item"] = item
        context["details"] = [
            (_label("page"), item.title),
            (_label("state"), question.get_state_display()),
            (_label("asked_at"), local_date(question.asked_at, "medium")),
            (_label("language"), question.get_language_display()),
            (_label("moderated_by"), question.moderated_by or "—"),
        ]
        context["contact"] = [
            (_label("name"), question.name or "—"),
            (_label("email"), question.email),
            (_label("consent_version"), question.consent_version),
            (_label("consented_at"), local_date(question.consented_at, "medium")),
            (_label("consent_text"), question.consent_text),
        ]
        context["is_public"] = question.is_public
        log_personal_data_read(instance=question, request=self.request, what="question asker's contact details")
        return context


class QuestionViewSet(RolesOnlyViewSet):
    """Citizens' questions, for PMO coordinators to moderate and answer."""

    model = Question
    name = "citizen_questions"
    icon = "help"
    menu_label = _("Citizen questions")
    menu_order = 250
    add_to_admin_menu = True
    # PMO staff moderate questions (and delete them, e.g. on a PDPA erasure request); nobody adds them here.
    permission_policy = RolesOnly(Question, {"change", "delete"}, PMO_ROLES)
    edit_view_class = QuestionModerateView
    form_fields = ["answer"]
    copy_view_enabled = False
    inspect_view_enabled = False
    # An item's "usage" screen would list questions awaiting moderation to anyone who may read the item.
    add_to_reference_index = False
    filterset_class = QuestionFilterSet
    search_fields = ["text", "answer"]
    ordering = ["-asked_at"]
    # The list shows what is asked, never who asked.
    list_display = [
        Column("text", label=_label("text"), accessor=lambda q: Truncator(q.text).chars(80)),
        Column("page", label=_label("page"), accessor=lambda q: q.page.title),
        Column("state", label=_label("state"), accessor="get_state_display", sort_key="state"),
        DateColumn("asked_at", label=_label("asked_at"), sort_key="asked_at"),
    ]

    def get_queryset(self, request):
        return Question.objects.select_related("page")

    def get_form_class(self, for_update=False):
        return QuestionModerationForm

    def get_common_view_kwargs(self, **kwargs):
        # Questions come from citizens only: no add view.
        return super().get_common_view_kwargs(add_url_name=None, **kwargs)

    def get_urlpatterns(self):
        return [pattern for pattern in super().get_urlpatterns() if pattern.name != "add"]
