"""Policies as a kind of tracked item (``core.kinds``)."""

from core.choices import Track
from core.kinds import Kind, kind_register, kinds

from .importing import PolicyFile
from .models import PolicyIndexPage, PolicyPage


class PolicyKind(Kind):
    model = PolicyPage
    index_model = PolicyIndexPage
    listing_tag = "policies"
    importer = PolicyFile
    summary_key = "policies"
    default_track = Track.POLICY
    on_agency_page = True
    in_navigation = True
    groups_items = True
    indicators_relation = "indicators"
    # A policy's page shows its ancestors and its sub-policies.
    items_show_listing = True

    def pages_showing(self, item):
        # A sub-policy is listed on its parent policy's page.
        parent = item.get_parent().specific
        return [parent] if isinstance(parent, PolicyPage) else []

    def items_grouped_by(self, item):
        # The policy, the policies below it, and the items of every kind related to any of them (the
        # items name the policies of their own locale, or of the default one until translated).
        policies = PolicyPage.objects.filter(path__startswith=item.path, locale=item.locale_id)
        ids = set(policies.values_list("pk", flat=True))
        keys = policies.values("translation_key")
        for kind in kinds():
            if kind is not self and _relates_to_policies(kind.model):
                related = kind.model.objects.filter(locale=item.locale_id, related_policies__translation_key__in=keys)
                ids.update(related.values_list("pk", flat=True))
        return sorted(ids)


def _relates_to_policies(model) -> bool:
    return any(field.name == "related_policies" and not field.auto_created for field in model._meta.get_fields())


kind_register(PolicyKind())
