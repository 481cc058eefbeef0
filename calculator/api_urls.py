"""JSON endpoints under /api/v1/."""

from django.urls import path

from calculator.views import api

app_name = "api"

urlpatterns = [
    path("calculate", api.calculate, name="calculate"),
]
