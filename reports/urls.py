from django.urls import path

from reports import arrived, views

app_name = "reports"

urlpatterns = [
    path("regions/<str:code>/report/", views.report, name="report"),
    path("regions/<str:code>/report/thanks/", views.thanks, name="thanks"),
    path("regions/<str:code>/arrived/", arrived.share, name="arrived"),
    path("regions/<str:code>/arrived/thanks/", arrived.thanks, name="arrived_thanks"),
    path("data/reader-figures.csv", arrived.figures_csv, name="reader_figures_csv"),
    path("api/v1/reader-figures", arrived.figures_api, name="reader_figures_api"),
]
