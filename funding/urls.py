"""The fund's pages besides /fund/ itself (a Wagtail page, funding.models.FundPage) and its guidance pages."""

app_name = "funding"

urlpatterns = []
