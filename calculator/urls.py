from django.urls import path

from calculator.views import compare, critical_illness, lapse, monthly, projection, reconcile

app_name = "calculator"

urlpatterns = [
    path("calculator/", monthly.monthly, name="monthly"),
    path(
        "calculator/critical-illness/",
        critical_illness.critical_illness,
        name="critical_illness",
    ),
    path("calculator/lapse/", lapse.lapse, name="lapse"),
    path("calculator/projection/", projection.projection, name="projection"),
    path("calculator/reconcile/", reconcile.reconcile, name="reconcile"),
    path("compare/", compare.compare, name="compare"),
]
