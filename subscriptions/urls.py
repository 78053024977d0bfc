from django.urls import path

from . import views

app_name = "subscriptions"

urlpatterns = [
    path("", views.subscribe, name="subscribe"),
    path("confirm/<str:token>/", views.confirm, name="confirm"),
    path("manage/", views.request_manage_link, name="request_manage_link"),
    path("manage/<str:token>/", views.manage, name="manage"),
    path("manage/<str:token>/email/", views.change_email, name="change_email"),
    path("new-email/<str:token>/", views.confirm_new_email, name="confirm_new_email"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
