"""``manage.py seed``: load all seed content. Idempotent; never overwrites an editor's row.

Every installed project app may have a ``seeding`` module with ``run(stdout)``; they run
in ``INSTALLED_APPS`` order, so regions and rules come before what builds on them.
"""

from __future__ import annotations

from importlib import import_module
from importlib.util import find_spec
from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError

from policies.seeding import SeedDataError


class Command(BaseCommand):
    help = "载入种子内容（地区、划入标准、文章与指南）。可重复运行，不会覆盖编辑改过的内容。"

    def handle(self, *args: Any, **options: Any) -> None:
        for config in apps.get_app_configs():
            module_name = f"{config.name}.seeding"
            if not config.path.startswith(str(self._project_root())) or not find_spec(module_name):
                continue
            try:
                import_module(module_name).run(self.stdout)
            except SeedDataError as e:
                raise CommandError(str(e)) from e
        self.stdout.write(self.style.SUCCESS("种子内容已载入。"))

    @staticmethod
    def _project_root() -> str:
        from django.conf import settings

        return str(settings.BASE_DIR)
