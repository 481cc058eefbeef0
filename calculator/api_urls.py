"""JSON endpoints under /api/v1/."""

from django.urls import path

from calculator.views import api, api_more

app_name = "api"

urlpatterns = [
    path("calculate", api.calculate, name="calculate"),
    path("critical-illness", api_more.critical_illness, name="critical_illness"),
    path("lapse", api_more.lapse, name="lapse"),
    path("projection", api_more.projection, name="projection"),
]
