"""
The citizens' public pages: following an item or an agency by e-mail (with its confirmation and
unsubscribe links) and asking a question on an item. Every view here serves anonymous visitors and
changes nothing but the visitor's own follow or question; none shows anyone's personal data.
"""

from collections.abc import Callable

from django.conf import settings
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import translation
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

from agencies.models import Agency
from security.network import client_address

from . import services
from .forms import FollowForm, QuestionForm, form_started_stamp
from .limits import Limit
from .models import Follower
from .selectors import public_agency, public_item
from .tokens import LinkExpired, LinkInvalid, follower_from_confirm_token, follower_from_unsubscribe_token

RATE_LIMITED = _("Too many requests have come from your network. Please try again in %(minutes)s minutes.")


def follow_limit() -> Limit:
    return Limit("follow", settings.CITIZEN_FOLLOW_RATE)


def question_limit() -> Limit:
    return Limit("question", settings.CITIZEN_QUESTION_RATE)


def _rate_limited(request, template, context, limit: Limit, form):
    retry_after = limit.retry_after()
    form.add_error(None, RATE_LIMITED % {"minutes": max(1, round(retry_after / 60))})
    response = TemplateResponse(request, template, {**context, "form": form}, status=429)
    response["Retry-After"] = str(retry_after)
    return response


class TargetMixin:
    """Resolves the followed target from the URL: a public item by id, or an active agency by code; else 404."""

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        if "page_id" in kwargs:
            self.target = public_item(kwargs["page_id"])
            self.sent_url = reverse("citizens:follow_item_sent", kwargs={"page_id": kwargs["page_id"]})
        else:
            self.target = public_agency(kwargs["code"])
            self.sent_url = reverse("citizens:follow_agency_sent", kwargs={"code": kwargs["code"]})
        if self.target is None:
            raise Http404

    def target_context(self) -> dict:
        is_item = not isinstance(self.target, Agency)
        return {"target": self.target, "target_url": self.target.url if is_item else "/", "is_item": is_item}


# The follow form sits on item pages that are cached for everyone, so it cannot carry a per-visitor
# CSRF token. Nothing is gained by forging it anyway: it only sends a confirmation message to the
# address typed, exactly what anyone can ask for directly, and it is rate limited both ways.
@method_decorator(csrf_exempt, name="dispatch")
class FollowView(TargetMixin, View):
    """GET shows the follow form on its own page; POST asks for the confirmation message."""

    template_name = "citizens/follow.html"

    def render(self, form, status=200):
        return TemplateResponse(
            self.request, self.template_name, {**self.target_context(), "form": form}, status=status
        )

    def get(self, request, *args, **kwargs):
        return self.render(FollowForm())

    def post(self, request, *args, **kwargs):
        form = FollowForm(request.POST)
        limit, address = follow_limit(), client_address(request)
        if limit.exceeded(address):
            return _rate_limited(request, self.template_name, self.target_context(), limit, form)
        if form.is_spam:
            limit.count(address)
            return redirect(self.sent_url)
        if not form.is_valid():
            return self.render(form)
        limit.count(address)
        services.follow_request(
            target=self.target, email=form.cleaned_data["email"], language=translation.get_language()
        )
        return redirect(self.sent_url)


class FollowSentView(TargetMixin, View):
    """Tells the visitor to look for the confirmation message."""

    def get(self, request, *args, **kwargs):
        return TemplateResponse(request, "citizens/follow_sent.html", self.target_context())


class FollowerLinkView(View):
    """A link from an e-mail: GET shows one button, POST does it (mail scanners that open links change nothing)."""

    template_name: str
    done_template_name: str
    #: token -> the follower it names (``None`` if already gone); raises ``LinkExpired`` or ``LinkInvalid``.
    resolve: Callable[[str], Follower | None]
    #: What the button does, a service taking ``follower=``.
    act: Callable[..., object]

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.problem = None
        try:
            self.object = self.resolve(kwargs["token"])
        except LinkExpired:
            self.problem = "expired"
        except LinkInvalid:
            self.problem = "invalid"

    def problem_response(self):
        status = 410 if self.problem == "expired" else 404
        return TemplateResponse(self.request, "citizens/link_problem.html", {"problem": self.problem}, status=status)

    def context(self) -> dict:
        return {"follower": self.object, "target": self.object.target if self.object else None}

    def get(self, request, *args, **kwargs):
        if self.problem:
            return self.problem_response()
        return TemplateResponse(request, self.template_name, self.context())

    def post(self, request, *args, **kwargs):
        if self.problem:
            return self.problem_response()
        context = self.context()
        if self.object is not None:
            self.act(follower=self.object)
        return TemplateResponse(request, self.done_template_name, context)


@method_decorator(never_cache, name="dispatch")
class FollowConfirmView(FollowerLinkView):
    """The double opt-in's second step: the link in the confirmation message."""

    template_name = "citizens/follow_confirm.html"
    done_template_name = "citizens/follow_confirmed.html"
    resolve = staticmethod(follower_from_confirm_token)
    act = staticmethod(services.follow_confirm)


# Mail programs post RFC 8058's one-click unsubscribe without any cookie or CSRF token; the signed
# link is the authority, and all it can do is stop messages to the address it was sent to.
@method_decorator([csrf_exempt, never_cache], name="dispatch")
class UnsubscribeView(FollowerLinkView):
    """The unsubscribe link of every message to a follower, and the target of ``List-Unsubscribe``."""

    template_name = "citizens/unsubscribe.html"
    done_template_name = "citizens/unsubscribed.html"
    resolve = staticmethod(follower_from_unsubscribe_token)
    act = staticmethod(services.follow_end)


@method_decorator(never_cache, name="dispatch")
class AskView(View):
    """Ask a question on a public item: the form on its own page, freshly stamped for the timing check."""

    template_name = "citizens/ask.html"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.item = public_item(kwargs["page_id"])
        if self.item is None:
            raise Http404

    def context(self, form) -> dict:
        return {"item": self.item, "form": form, "started": form_started_stamp()}

    def get(self, request, *args, **kwargs):
        return TemplateResponse(request, self.template_name, self.context(QuestionForm()))

    def post(self, request, *args, **kwargs):
        form = QuestionForm(request.POST)
        limit, address = question_limit(), client_address(request)
        sent_url = reverse("citizens:ask_sent", kwargs={"page_id": self.item.pk})
        if limit.exceeded(address):
            return _rate_limited(request, self.template_name, self.context(form), limit, form)
        if form.is_spam:
            limit.count(address)
            return redirect(sent_url)
        if not form.is_valid():
            return TemplateResponse(request, self.template_name, self.context(form))
        limit.count(address)
        data = form.cleaned_data
        services.question_ask(
            item=self.item,
            text=data["text"],
            name=data["name"],
            email=data["email"],
            language=translation.get_language(),
        )
        return redirect(sent_url)


class AskSentView(View):
    """Thanks the asker and says what happens next."""

    def get(self, request, *args, **kwargs):
        item = public_item(kwargs["page_id"])
        if item is None:
            raise Http404
        return TemplateResponse(request, "citizens/ask_sent.html", {"item": item})
