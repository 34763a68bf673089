"""The public site's chrome: navigation, the language switcher, share links, translation notes."""

from urllib.parse import quote

from django import template
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.urls import reverse
from django.utils import translation
from django.utils.html import strip_tags
from django.utils.translation import gettext
from wagtail.models import Locale

from core.kinds import kinds
from home.models import HomePage

from ..translations import translation_outdated

register = template.Library()


@register.simple_tag
def site_navigation():
    """
    Home, the listings of the kinds shown in navigation (``Kind.in_navigation``), and the pages under
    home shown in menus, in the reader's language.
    """
    home = HomePage.objects.filter(locale=Locale.get_active()).first()
    if home is None:
        return []
    shown = [kind.index_model for kind in kinds() if kind.in_navigation]
    listings = Q(content_type__in=ContentType.objects.get_for_models(*shown).values())
    children = home.get_children().live().public().filter(listings | Q(show_in_menus=True))
    return [(gettext("Home"), home.url)] + [(child.title, child.url) for child in children]


@register.simple_tag(takes_context=True)
def language_links(context):
    """
    A link per other language that keeps the reader on the same page: its translation, or the Thai
    original with a note (``website.views.untranslated``) when it is not translated yet.
    """
    page = context.get("page")
    current = translation.get_language()
    links = []
    translations = {}
    if page is not None and getattr(page, "translation_key", None):
        translations = {
            p.locale.language_code: p for p in page.get_translations(inclusive=True).live().select_related("locale")
        }
    for code, _name in settings.LANGUAGES:
        if code == current:
            continue
        info = translation.get_language_info(code)
        if code in translations:
            url = translations[code].url
        elif page is not None and getattr(page, "translation_key", None):
            source = translations.get(settings.LANGUAGE_CODE, page)
            with translation.override(code):
                url = reverse("untranslated", args=[source.pk])
        else:
            with translation.override(code):
                url = _same_view_in(context, code)
        links.append({"code": code, "name": info["name_local"], "url": url})
    return links


def _same_view_in(context, code):
    """The same URL under another language prefix, for the site's own views (search, agencies…)."""
    request = context.get("request")
    if request is None:
        return f"/{code}/"
    match = request.resolver_match
    if match is None or not match.url_name:
        return f"/{code}/"
    url = reverse(match.view_name, args=match.args, kwargs=match.kwargs)
    query = request.GET.urlencode()
    return f"{url}?{query}" if query else url


@register.simple_tag(takes_context=True)
def share_links(context, url, title):
    """Plain links that share the page on LINE and Facebook: no script, no tracking."""
    request = context["request"]
    address = quote(request.build_absolute_uri(url), safe="")
    return [
        ("LINE", f"https://social-plugins.line.me/lineit/share?url={address}&text={quote(str(title))}"),
        ("Facebook", f"https://www.facebook.com/sharer/sharer.php?u={address}"),
    ]


@register.simple_tag
def is_translation_outdated(page):
    return page is not None and getattr(page, "translation_key", None) is not None and translation_outdated(page)


@register.simple_tag
def page_description(page):
    """What social networks and search engines show under the title: the page's own description or summary."""
    for name in ("search_description", "summary", "public_summary", "intro"):
        value = getattr(page, name, "") if page is not None else ""
        if value:
            return " ".join(strip_tags(str(value)).split())
    return ""


STATUS_ICONS = {
    "not_started": "○",
    "on_track": "▶",
    "at_risk": "▲",
    "delayed": "◆",
    "completed": "✔",
    "not_pursued": "■",
    "overdue": "!",
}


@register.filter
def status_icon(status):
    """A shape per status, so that colour is never the only signal."""
    return STATUS_ICONS.get(str(status), "•")
