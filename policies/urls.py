from django.urls import path

from policies.views import data, regions

app_name = "policies"

urlpatterns = [
    path("regions/", regions.region_list, name="regions"),
    path("regions/<str:code>/", regions.region_detail, name="region"),
    path("data/", data.data_page, name="data"),
    path("data/rules.csv", data.rules_csv, name="rules_csv"),
    path("data/rules.json", data.rules_json, name="rules_json"),
]
