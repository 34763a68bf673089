from wagtail.snippets.models import register_snippet

from .views import AgencyViewSetGroup

register_snippet(AgencyViewSetGroup)
