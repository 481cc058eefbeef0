"""Start-up work done once in gunicorn's master, not on readers' first requests."""

from __future__ import annotations

import runpy
from pathlib import Path

from django.conf import settings


def test_gunicorn_master_loads_the_search_dictionary_before_forking_workers() -> None:
    config = runpy.run_path(str(Path(settings.BASE_DIR) / "gunicorn.conf.py"))
    assert config["preload_app"] is True, "workers must inherit what the master loaded"
    assert callable(config["when_ready"])

    import jieba

    from yibao_site.warmup import warm_up

    warm_up()
    assert jieba.dt.initialized, "the dictionary is in memory before any search"
