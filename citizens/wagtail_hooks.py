from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from . import services
from .viewsets import QuestionViewSet


@hooks.register("register_admin_viewset")
def register_question_viewset():
    return QuestionViewSet()


@hooks.register("register_log_actions")
def register_question_log_actions(actions):
    actions.register_action(services.QUESTION_PUBLISHED, _("Publish question"), _("Question published"))
    actions.register_action(services.QUESTION_REJECTED, _("Reject question"), _("Question rejected"))
    actions.register_action(services.QUESTION_ANSWERED, _("Answer question"), _("Question answered"))
