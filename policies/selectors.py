"""Reads for the public policy pages: the tree, indicators with their latest values, progress."""

from dataclasses import dataclass, field

from django.apps import apps
from django.db.models import F
from wagtail.models import Locale

from core.choices import Visibility
from updates.models import IndicatorValue, ProgressUpdatePage


@dataclass
class PolicyNode:
    """A policy in the tree, with the public policies under it."""

    page: object
    children: list = field(default_factory=list)


def policy_tree(index) -> list[PolicyNode]:
    """The public, published policies under ``index`` as a tree (one query); a hidden policy hides its branch."""
    # The index names the model it lists: this module is imported by the models module.
    pages = (
        apps.get_model(index.item_model)
        .objects.live()
        .public()
        .descendant_of(index)
        .filter(visibility=Visibility.PUBLIC)
    )
    nodes, roots = {}, []
    for page in pages.order_by("path"):
        node = PolicyNode(page)
        nodes[page.path] = node
        parent = nodes.get(page.path[: -page.steplen])
        if parent is not None:
            parent.children.append(node)
        elif page.depth == index.depth + 1:
            roots.append(node)
    return roots


def indicators_with_latest_values(policy) -> list:
    """Each indicator of the policy with the value of the latest published update that reported it (or ``None``)."""
    published = ProgressUpdatePage.objects.live().child_of(policy).values("pk")
    latest = {}
    values = IndicatorValue.objects.filter(page__in=published).select_related("page").order_by("page__period_end")
    for value in values:
        latest[value.indicator_id] = value
    indicators = list(policy.indicators.all())
    default = Locale.get_default()
    if policy.locale_id != default.pk:
        # A translation's indicators are copies of the source's, which updates report against.
        source = policy.get_translation(default)
        by_order = {indicator.sort_order: indicator.pk for indicator in source.indicators.all()}
        return [(indicator, latest.get(by_order.get(indicator.sort_order))) for indicator in indicators]
    return [(indicator, latest.get(indicator.pk)) for indicator in indicators]


def policy_progress(timeline) -> int | None:
    """The mean of each agency's latest reported percentage, or ``None`` before any report."""
    latest = {}
    for update in timeline:
        latest.setdefault(update.agency_id, update.percent_complete)
    return round(sum(latest.values()) / len(latest)) if latest else None


def related_directives(policy) -> list:
    """
    The public, published directives of the policy's locale related to it (in any language), found
    through the relation directives keep to policies (``directives``): they are not below policies.
    """
    directives = type(policy)._meta.get_field("directives").related_model
    return list(
        directives.objects.live()
        .public()
        .filter(
            locale=policy.locale_id,
            visibility=Visibility.PUBLIC,
            related_policies__translation_key=policy.translation_key,
        )
        .distinct()
        .order_by(F("issued_on").desc(nulls_last=True), "-pk")[:50]
    )
