"""JSON endpoints under /api/v1/."""

from django.urls import path

from calculator.views import api, reconcile

app_name = "api"

urlpatterns = [
    path("calculate", api.monthly, name="calculate"),
    path("critical-illness", api.critical_illness, name="critical_illness"),
    path("lapse", api.lapse, name="lapse"),
    path("projection", api.projection, name="projection"),
    path("reconcile", reconcile.reconcile_api, name="reconcile"),
]
