"""The fund's pages besides /fund/ itself (a Wagtail page, funding.models.FundPage) and its guidance pages."""

from django.urls import path

from .views import public

app_name = "funding"

urlpatterns = [
    path("expressions-of-interest/", public.published_list, name="published_list"),
    path("expressions-of-interest/<str:reference>/", public.published_detail, name="published_detail"),
    path("expressions-of-interest/<str:reference>/interest-sent/", public.partnering_sent, name="partnering_sent"),
]
