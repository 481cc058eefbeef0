from django.urls import path

from reports import views

app_name = "reports"

urlpatterns = [
    path("regions/<str:code>/report/", views.report, name="report"),
    path("regions/<str:code>/report/thanks/", views.thanks, name="thanks"),
]
