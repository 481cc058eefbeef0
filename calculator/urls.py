from django.urls import path

from calculator.views import critical_illness, lapse, monthly, projection

app_name = "calculator"

urlpatterns = [
    path("", monthly.monthly, name="monthly"),
    path("critical-illness/", critical_illness.critical_illness, name="critical_illness"),
    path("lapse/", lapse.lapse, name="lapse"),
    path("projection/", projection.projection, name="projection"),
]
