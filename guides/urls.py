from django.urls import path

from guides.views import check, pages

app_name = "guides"

urlpatterns = [
    path("", pages.index, name="index"),
    path("withdrawal/check/", check.withdrawal_check, name="withdrawal_check"),
    path("<slug:slug>/", pages.detail, name="guide"),
]
