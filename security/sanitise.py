"""
Rich text is kept to what Wagtail's editor can produce. HTML that reaches a rich text field some other
way (the agency API, importers, scripts, a forged admin POST) goes through the same conversion the
editor applies, to Draftail's content state and back, which keeps only the field's features: no
script, no event handler attribute, no javascript: link, no unknown tag survives.
"""

from wagtail.fields import RichTextField

__all__ = ["rich_text_clean", "rich_text_fields_clean"]


def rich_text_clean(html: str, *, features=None) -> str:
    """``html`` as Wagtail's editor would have stored it with these features (the default ones if None)."""
    # Imported here: core's page models import this module while the app registry is still loading.
    from wagtail.admin.rich_text.converters.contentstate import ContentstateConverter
    from wagtail.rich_text import features as feature_registry

    if not html:
        return html
    converter = ContentstateConverter(features or feature_registry.get_default_features())
    return converter.to_database_format(converter.from_database_format(html))


def rich_text_fields_clean(instance) -> None:
    """Clean every rich text field of a model instance in place."""
    for field in instance._meta.concrete_fields:
        if isinstance(field, RichTextField):
            value = getattr(instance, field.attname)
            setattr(instance, field.attname, rich_text_clean(value, features=field.features))
