from django.urls import path
from django.views.decorators.http import require_safe

from regions.feeds import RegionChangesFeed, RuleChangesFeed
from regions.views import changes, data, regions

app_name = "regions"

urlpatterns = [
    path("regions/", regions.region_list, name="regions"),
    path("regions/keys.json", regions.region_keys, name="region_keys"),
    path("regions/<str:code>/", regions.region_detail, name="region"),
    path("regions/<str:code>/feed/", require_safe(RegionChangesFeed()), name="region_feed"),
    path("changes/", changes.changes, name="changes"),
    path("changes/feed/", require_safe(RuleChangesFeed()), name="changes_feed"),
    path("data/", data.data_page, name="data"),
    path("data/rules.csv", data.rules_csv, name="rules_csv"),
    path("data/rules.json", data.rules_json, name="rules_json"),
]
