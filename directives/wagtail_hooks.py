from wagtail.snippets.models import register_snippet

from .views import OccasionViewSet

register_snippet(OccasionViewSet)
