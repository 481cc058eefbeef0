from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.core.signals import request_finished, request_started


class OpsConfig(AppConfig):
    default = True
    name = "ops"
    verbose_name = "运行与安全"

    def ready(self) -> None:
        from ops import generation, pagecache

        pagecache.connect_invalidation()
        # Each request reads the content generation once (ops.generation).
        request_started.connect(generation.begin_request, dispatch_uid="ops.generation.begin")
        request_finished.connect(generation.end_request, dispatch_uid="ops.generation.end")


class EditorsAdminConfig(admin_apps.AdminConfig):
    """Django's admin app with the editors' site (``ops.adminsite``) as ``admin.site``."""

    default = False
    default_site = "ops.adminsite.EditorsAdminSite"
