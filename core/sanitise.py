"""
Rich text is kept to what Wagtail's editor can produce. HTML that reaches a rich text field some other
way (the agency API, importers, scripts, a forged admin POST) is first cleaned by nh3 to well-formed
HTML of the tags and attributes of Wagtail's stored format, then goes through the conversion the
editor applies (to Draftail's content state and back), which keeps only the field's features: no
script, no event handler attribute, no javascript: link, no unknown tag survives.
"""

import re

import nh3
from wagtail.fields import RichTextField

__all__ = ["rich_text_clean", "rich_text_fields_clean"]

#: The tags and attributes of Wagtail's stored rich text format (links and embeds by id).
TAGS = {"p", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "b", "i", "strong", "em", "a", "br", "hr", "embed"}
TAGS |= {"code", "sup", "sub", "s", "blockquote", "h1"}
ATTRIBUTES = {
    "*": {"data-block-key"},
    "a": {"href", "linktype", "id"},
    "embed": {"embedtype", "id", "format", "alt", "url"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}
#: Wagtail's parser of the stored format wants void elements closed (``<br/>``); nh3 writes ``<br>``.
VOID_ELEMENT = re.compile(r'<(br|hr|embed)((?:\s+[^\s=>]+(?:="[^"]*")?)*)\s*/?>')


def rich_text_clean(html: str, *, features=None) -> str:
    """``html`` as Wagtail's editor would have stored it with these features (the default ones if None)."""
    # Imported here: core's page models import this module while the app registry is still loading.
    from wagtail.admin.rich_text.converters.contentstate import ContentstateConverter
    from wagtail.rich_text import features as feature_registry

    if not html:
        return html
    well_formed = nh3.clean(html, tags=TAGS, attributes=ATTRIBUTES, url_schemes=URL_SCHEMES, link_rel=None)
    well_formed = VOID_ELEMENT.sub(r"<\1\2/>", well_formed)
    converter = ContentstateConverter(features or feature_registry.get_default_features())
    return converter.to_database_format(converter.from_database_format(well_formed))


def rich_text_fields_clean(instance) -> None:
    """Clean every rich text field of a model instance in place."""
    for field in instance._meta.concrete_fields:
        if isinstance(field, RichTextField):
            value = getattr(instance, field.attname)
            setattr(instance, field.attname, rich_text_clean(value, features=field.features))
