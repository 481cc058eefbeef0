from django.urls import path

from calculator.views import monthly

app_name = "calculator"

urlpatterns = [
    path("", monthly.monthly, name="monthly"),
]
