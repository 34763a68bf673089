from django.urls import path

from . import views

app_name = "citizens"

urlpatterns = [
    path("follow/item/<id:page_id>/", views.FollowView.as_view(), name="follow_item"),
    path("follow/item/<id:page_id>/sent/", views.FollowSentView.as_view(), name="follow_item_sent"),
    path("follow/agency/<slug:code>/", views.FollowView.as_view(), name="follow_agency"),
    path("follow/agency/<slug:code>/sent/", views.FollowSentView.as_view(), name="follow_agency_sent"),
    path("follow/confirm/<str:token>/", views.FollowConfirmView.as_view(), name="follow_confirm"),
    path("unsubscribe/<str:token>/", views.UnsubscribeView.as_view(), name="unsubscribe"),
    path("ask/<id:page_id>/", views.AskView.as_view(), name="ask"),
    path("ask/<id:page_id>/sent/", views.AskSentView.as_view(), name="ask_sent"),
]
