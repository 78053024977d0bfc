from django.urls import include, path
from wagtail import hooks
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from core.media import media_urls
from pages import views as page_views
from pages.sitemap import PageTreeSitemap

handler400 = "core.errors.bad_request"
handler403 = "core.errors.permission_denied"

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("search/", page_views.search, name="search"),
    path("healthz", page_views.healthz, name="healthz"),
    path("healthz/worker", page_views.healthz_worker, name="healthz_worker"),
    path("robots.txt", page_views.robots_txt, name="robots_txt"),
    path("sitemap.xml", sitemap, {"sitemaps": {"wagtail": PageTreeSitemap}}, name="sitemap"),
]

# Each app adds its own public URLs from its wagtail_hooks.py, e.g.
#     @hooks.register("register_site_urls")
#     def urls(): return [path("declaration/", include("declaration.urls"))]
for register_urls in hooks.get_hooks("register_site_urls"):
    urlpatterns += register_urls()

# Uploaded files from MEDIA_ROOT, unless they live in S3-compatible storage.
urlpatterns += media_urls()

# Wagtail serves every other path from the page tree; it must come last.
urlpatterns += [path("", include(wagtail_urls))]
