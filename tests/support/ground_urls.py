"""Every example declared on the ground's journeys and sign-in, together, for the browser tests."""

from localdigital.urls import urlpatterns as site_urlpatterns
from tests.support import journey_urls, sign_in_urls, task_list_urls, upload_urls

urlpatterns = [
    *journey_urls.urlpatterns[:2],  # /example/ and /drafts/
    *task_list_urls.urlpatterns[:1],  # /apply/
    *upload_urls.urlpatterns[:1],  # /bid/
    *sign_in_urls.urlpatterns[:1],  # /bids/
    *site_urlpatterns,
]
