"""JSON endpoints under /api/v1/ (one per calculator that has one: ``calculator.registry``)."""

from django.urls import path

from calculator.registry import TOOLS

app_name = "api"

urlpatterns = [
    path(tool.api_path, tool.json_view, name=tool.api_name) for tool in TOOLS if tool.json_view
]
