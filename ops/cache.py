"""Django's built-in Redis cache, made optional: whatever Redis does, the site still serves.

Any Redis error is a cache miss, never a 500, with one warning line:

- Redis unreachable (connection refused or lost, a timeout): reads return the default,
  writes are dropped, and Redis is skipped for ``RETRY_AFTER`` seconds (5) instead of
  paying a timeout on every call (a paused Redis costs one request one timeout, not
  every request; a dead one logs one line per few seconds, not one per request).
- Redis refusing a write (``OOM`` at ``maxmemory`` under ``noeviction``, ``READONLY`` on a
  replica, any other error reply): that write is dropped and writes are skipped for
  ``RETRY_AFTER`` seconds; reads go on, so pages already cached keep being served.

Give Redis a ``maxmemory`` with ``allkeys-lru`` (``ops/redis.conf``) and it never refuses.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import RedisError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger("ops.cache")

T = TypeVar("T")
UNREACHABLE = (RedisConnectionError, RedisTimeoutError, OSError)


class ResilientRedisCache(RedisCache):
    """``RedisCache`` that degrades to "no cache" on any Redis error."""

    def __init__(self, server: str, params: dict[str, Any]) -> None:
        params = dict(params)
        options = dict(params.get("OPTIONS") or {})
        self.retry_after = float(options.pop("RETRY_AFTER", 5.0))
        # Fail fast: a cache that takes seconds to answer is worse than no cache.
        options.setdefault("socket_connect_timeout", 0.5)
        options.setdefault("socket_timeout", 0.5)
        params["OPTIONS"] = options
        super().__init__(server, params)
        self._down_until = 0.0
        self._writes_down_until = 0.0

    @property
    def available(self) -> bool:
        return time.monotonic() >= self._down_until

    @property
    def writable(self) -> bool:
        return self.available and time.monotonic() >= self._writes_down_until

    def _safely(self, call: Callable[[], T], fallback: T, *, write: bool = False) -> T:
        if not (self.writable if write else self.available):
            return fallback
        try:
            return call()
        except UNREACHABLE as exc:
            self._down_until = time.monotonic() + self.retry_after
            logger.warning(
                "Redis cache unreachable (%s); serving without cache for %.0f s",
                exc,
                self.retry_after,
            )
        except RedisError as exc:  # an error reply: OOM, READONLY, …
            self._writes_down_until = time.monotonic() + self.retry_after
            logger.warning(
                "Redis cache refused a command (%s: %s); not storing for %.0f s",
                type(exc).__name__,
                str(exc).splitlines()[0] if str(exc) else "",
                self.retry_after,
            )
        return fallback

    def _write(self, call: Callable[[], T], fallback: T) -> T:
        return self._safely(call, fallback, write=True)

    def add(
        self, key: str, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: Any = None
    ) -> bool:
        return self._write(
            lambda: super(ResilientRedisCache, self).add(key, value, timeout, version), False
        )

    def get(self, key: str, default: Any = None, version: Any = None) -> Any:
        return self._safely(
            lambda: super(ResilientRedisCache, self).get(key, default, version), default
        )

    def set(
        self, key: str, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: Any = None
    ) -> None:
        self._write(
            lambda: super(ResilientRedisCache, self).set(key, value, timeout, version), None
        )

    def touch(self, key: str, timeout: Any = DEFAULT_TIMEOUT, version: Any = None) -> bool:
        return self._write(
            lambda: super(ResilientRedisCache, self).touch(key, timeout, version), False
        )

    def delete(self, key: str, version: Any = None) -> bool:
        # Deleting frees memory: tried even while writes are refused.
        return self._safely(lambda: super(ResilientRedisCache, self).delete(key, version), False)

    def get_many(self, keys: Any, version: Any = None) -> dict[str, Any]:
        return self._safely(lambda: super(ResilientRedisCache, self).get_many(keys, version), {})

    def has_key(self, key: str, version: Any = None) -> bool:
        return self._safely(lambda: super(ResilientRedisCache, self).has_key(key, version), False)

    def incr(self, key: str, delta: int = 1, version: Any = None) -> int:
        # Callers of incr() expect ValueError for a missing key; an unusable cache is one.
        result = self._write(
            lambda: super(ResilientRedisCache, self).incr(key, delta, version), None
        )
        if result is None:
            raise ValueError(f"Key {key!r} not found (cache unavailable)")
        return result

    def set_many(
        self, data: dict[str, Any], timeout: Any = DEFAULT_TIMEOUT, version: Any = None
    ) -> list[str]:
        return self._write(
            lambda: super(ResilientRedisCache, self).set_many(data, timeout, version), list(data)
        )

    def delete_many(self, keys: Any, version: Any = None) -> None:
        self._safely(lambda: super(ResilientRedisCache, self).delete_many(keys, version), None)

    def clear(self) -> None:
        self._safely(lambda: super(ResilientRedisCache, self).clear(), None)
