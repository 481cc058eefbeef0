"""gunicorn settings for production (`make serve`, `make bench`); override with GUNICORN_*.

Environment: GUNICORN_BIND (default 127.0.0.1:8000), GUNICORN_WORKERS (default one per CPU,
at least 2), GUNICORN_THREADS (default 1), GUNICORN_TIMEOUT (default 30 s),
GUNICORN_MAX_REQUESTS (default 50000: a worker is recycled after about that many requests).
"""

import gc
import multiprocessing
import os

wsgi_app = "yibao_site.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# One sync worker per CPU: the answers are CPU-bound (the database and Redis reply in well
# under a millisecond), and on 2 CPUs five workers spent ~35 % more CPU per request than
# two (switching between processes, each with its own caches) for less throughput.
# docs/PERFORMANCE.md has the figures.
workers = int(os.environ.get("GUNICORN_WORKERS", max(2, multiprocessing.cpu_count())))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
worker_class = "gthread" if threads > 1 else "sync"
# A request that takes longer than this is stuck: the worker is restarted.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 20
keepalive = 5
# Recycle workers now and then so a slow leak never grows without bound. Not too often: a
# new worker starts with an empty local-memory cache (without Redis) and renders again.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "50000"))
max_requests_jitter = max_requests // 10
# Refuse oversized request lines and headers before Django sees them.
limit_request_line = 4094
limit_request_fields = 50
limit_request_field_size = 8190
# Import the app once in the master so workers share memory and start fast.
preload_app = True
# Access log and errors to stdout/stderr for the process manager to collect.
accesslog = os.environ.get("GUNICORN_ACCESSLOG", "-") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOGLEVEL", "info")
access_log_format = '%(h)s "%(r)s" %(s)s %(B)s %(M)sms "%(a)s"'
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
proxy_protocol = False
# gunicorn's control socket (gunicornc) only where asked for: several instances on one
# machine (bench, serve, tests) would otherwise share one default path.
control_socket = os.environ.get("GUNICORN_CONTROL_SOCKET", "")
control_socket_disable = not control_socket


def when_ready(server) -> None:  # noqa: ANN001 - gunicorn's Arbiter
    """In the master, after the app is loaded and before any worker is forked."""
    from yibao_site.warmup import warm_up

    seconds = warm_up()
    server.log.info("warm-up done in %.2f s (search dictionary loaded)", seconds)
    # Move everything loaded so far (Django, the templates, the segmenter's ~350,000-word
    # dictionary) out of the collector's sight: otherwise every full collection in every
    # worker walks those objects again (and touches the pages fork shared).
    gc.collect()
    gc.freeze()
