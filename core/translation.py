"""
A translation changes only the translatable text: its synchronised fields are its source's.

wagtail-localize copies a page's ``SynchronizedField`` values to its translations when a translation is
created or synced, but nothing stops the ordinary page editor, the API or a workflow from saving others
on a translation (an English directive showing another deadline than the Thai one). ``PM1Page`` therefore
calls ``translation_synchronise`` whenever a translation is saved or a revision of it is made, so whatever
editor a translation is opened in, whoever saves it and whichever revision is published, the synchronised
fields (assignments and their deadlines, dates, visibility…) are copied back from the page in the default
locale. Related pages are taken in the translation's locale when they are translated, as wagtail-localize
does for translatable references.
"""

from __future__ import annotations

from django.db import models
from modelcluster.fields import ParentalKey
from wagtail.models import Locale, TranslatableMixin
from wagtail_localize.fields import SynchronizedField, get_translatable_fields

__all__ = ["synchronised_fields", "translation_source", "translation_synchronise"]


def synchronised_fields(model) -> list[str]:
    """The names of the fields ``model`` declares synchronised with its source (``translatable_fields``)."""
    return [field.field_name for field in get_translatable_fields(model) if isinstance(field, SynchronizedField)]


def translation_source(page):
    """
    The page ``page`` is a translation of, in the default locale, as it stands: published if it is live,
    else its latest draft; ``None`` for a page in the default locale, an alias, or a page with no source.
    """
    if page.alias_of_id or not page.translation_key:
        return None
    default = Locale.get_default()
    if page.locale_id in (None, default.pk):
        return None
    source = page.get_translation_or_none(default)
    if source is None or source.live:
        return source
    return source.get_latest_revision_as_object()


def _in_locale(instance, locale_id):
    """``instance``, or its translation in ``locale_id`` when it is translatable and translated."""
    if isinstance(instance, TranslatableMixin) and instance.locale_id != locale_id:
        return instance.get_translation_or_none(locale_id) or instance
    return instance


def _child_values(child, skip: set[str]) -> tuple:
    return tuple(
        getattr(child, field.attname)
        for field in child._meta.concrete_fields
        if field.name not in skip and not getattr(field, "auto_now", False)
    )


def _child_key_fields(model, parental_key: str) -> tuple[str, ...]:
    """The fields naming a child among its page's (a unique constraint with the page), else none: by position."""
    for constraint in model._meta.constraints:
        fields = getattr(constraint, "fields", ())
        if parental_key in fields:
            return tuple(name for name in fields if name != parental_key)
    return ()


def _synchronise_children(source, target, relation) -> None:
    """
    Make ``target``'s children in ``relation`` copies of ``source``'s, unchanged if they already are. The
    rows already saved keep their ids (matched by the child's unique fields, else by position), so that
    nothing pointing at them is lost.
    """
    model = relation.related_model
    parental_key = relation.remote_field.name
    skip = {model._meta.pk.name, parental_key}
    wanted = list(getattr(source, relation.name).all())
    current = list(getattr(target, relation.name).all())
    if [_child_values(c, skip) for c in current] == [_child_values(c, skip) for c in wanted]:
        return
    saved = list(model._default_manager.filter(**{parental_key: target.pk}).order_by("pk")) if target.pk else []
    key_fields = _child_key_fields(model, parental_key)
    by_key = {tuple(getattr(row, name) for name in key_fields): row.pk for row in saved} if key_fields else {}
    copies = []
    for position, child in enumerate(wanted):
        values = {
            field.attname: getattr(child, field.attname)
            for field in model._meta.concrete_fields
            if field.name not in skip
        }
        copy = model(**values)
        if key_fields:
            copy.pk = by_key.get(tuple(getattr(child, name) for name in key_fields))
        elif position < len(saved):
            copy.pk = saved[position].pk
        copies.append(copy)
    setattr(target, relation.name, copies)


def translation_synchronise(page) -> bool:
    """
    Copy the synchronised fields of ``page``'s source onto ``page`` (in memory: the caller saves). Returns
    whether ``page`` is a translation with a source, whose fields are now its source's.
    """
    source = translation_source(page)
    if source is None:
        return False
    for name in synchronised_fields(type(page)):
        field = page._meta.get_field(name)
        if isinstance(field, models.ManyToOneRel) and isinstance(field.remote_field, ParentalKey):
            _synchronise_children(source, page, field)
        elif isinstance(field, models.ManyToManyField):
            wanted = [_in_locale(related, page.locale_id) for related in getattr(source, name).all()]
            if {related.pk for related in getattr(page, name).all()} != {related.pk for related in wanted}:
                setattr(page, name, wanted)
        elif isinstance(field, models.ForeignKey) and issubclass(field.related_model, TranslatableMixin):
            related = getattr(source, name)
            setattr(page, name, None if related is None else _in_locale(related, page.locale_id))
        else:
            setattr(page, field.attname, getattr(source, field.attname))
    return True
