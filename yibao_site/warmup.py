"""Work done once in gunicorn's master process before workers start (``gunicorn.conf.py``).

Whatever is loaded here is shared by every worker through fork: the search segmenter's
dictionary, which otherwise made the first long search in each worker take ~2–3 s.
"""

from __future__ import annotations

import time

from django.db import connections


def warm_up() -> float:
    """Load what the first requests would otherwise wait for; returns seconds taken."""
    from search.engine import warm_up as load_segmenter

    started = time.perf_counter()
    load_segmenter()
    # Nothing opened here may be shared with forked workers.
    connections.close_all()
    return time.perf_counter() - started
