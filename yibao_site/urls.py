from django.contrib import admin
from django.urls import include, path

from yibao_site import views

admin.site.site_header = "医保个人账户 · 内容管理"
admin.site.site_title = "医保个人账户管理"
admin.site.index_title = "地区、标准与文章"

urlpatterns = [
    path("", views.home, name="home"),
    path("calculator/", include("calculator.urls")),
    path("api/v1/", include("calculator.api_urls")),
    path("admin/", admin.site.urls),
]
