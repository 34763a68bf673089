"""The public site's own views, under each language prefix (before Wagtail's pages)."""

from django.urls import path

from . import feeds, views

urlpatterns = [
    path("original/<id:pk>/", views.untranslated, name="untranslated"),
    path("agencies/", views.agency_list, name="agencies"),
    path("agencies/<slug:code>/", views.agency_detail, name="agency"),
    path("open-data/", views.open_data, name="open_data"),
    path("feeds/updates.rss", feeds.UpdatesFeed(), name="feed_updates"),
    path("feeds/updates.atom", feeds.atom(feeds.UpdatesFeed)(), name="feed_updates_atom"),
    path("feeds/items/<id:pk>.rss", feeds.ItemUpdatesFeed(), name="feed_item"),
    path("feeds/items/<id:pk>.atom", feeds.atom(feeds.ItemUpdatesFeed)(), name="feed_item_atom"),
    path("feeds/agencies/<slug:code>.rss", feeds.AgencyUpdatesFeed(), name="feed_agency"),
    path("feeds/agencies/<slug:code>.atom", feeds.atom(feeds.AgencyUpdatesFeed)(), name="feed_agency_atom"),
    path("feeds/policies/<id:pk>.rss", feeds.PolicyUpdatesFeed(), name="feed_policy"),
    path("feeds/policies/<id:pk>.atom", feeds.atom(feeds.PolicyUpdatesFeed)(), name="feed_policy_atom"),
]
