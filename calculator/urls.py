from django.urls import path

from calculator.registry import TOOLS

app_name = "calculator"

urlpatterns = [path(tool.path, tool.page_view, name=tool.name) for tool in TOOLS]
