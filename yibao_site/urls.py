from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.views.decorators.http import require_safe

from policies.admin import coverage_view
from yibao_site import elder, seo, views

urlpatterns = [
    path("", views.home, name="home"),
    path("elder/", elder.toggle, name="elder"),
    path("", include("calculator.urls")),
    path("api/v1/", include("calculator.api_urls")),
    # Before the admin's own URLs: the editors' coverage dashboard (staff only).
    path(
        "admin/policies/coverage/",
        admin.site.admin_view(coverage_view),
        name="policies_coverage",
    ),
    path("admin/", admin.site.urls),
    path("guides/", include("guides.urls")),
    path("faq/", include("faq.urls")),
    path("search/", include("search.urls")),
    path(
        "sitemap.xml", require_safe(sitemap), {"sitemaps": seo.collect_sitemaps()}, name="sitemap"
    ),
    path("robots.txt", seo.robots_txt, name="robots_txt"),
    path("", include("reports.urls")),
    path("", include("regions.urls")),
    path("", include("ops.urls")),
]

# Error pages in the site's layout, in Chinese, rendered without the database (ops/errors.py).
handler400 = "ops.errors.bad_request"
handler403 = "ops.errors.permission_denied"
handler404 = "ops.errors.page_not_found"
handler500 = "ops.errors.server_error"
