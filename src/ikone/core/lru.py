"""A bounded, thread-safe least-recently-used map for the per-process caches (coverage responses,
catalog searches, recommendations): bounded in entries, in bytes (by a size function), or both."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

from ikone.core import metrics

V = TypeVar("V")


class LRU(Generic[V]):
    """Values by key; the least recently used go first when a bound is exceeded. A value larger
    than `max_bytes` on its own is not kept. A named map counts its hits and misses into the
    `ikone_cache_lookups_total` metric."""

    def __init__(
        self,
        *,
        max_entries: int | None = None,
        max_bytes: int | None = None,
        size: Callable[[V], int] = lambda value: 0,
        name: str = "",
    ) -> None:
        self.max_entries, self.max_bytes, self._size_of = max_entries, max_bytes, size
        self.name = name
        self.size = 0
        self._entries: OrderedDict[Hashable, V] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> V | None:
        with self._lock:
            value = self._entries.get(key)
            if value is not None:
                self._entries.move_to_end(key)
        if self.name:
            metrics.cache_lookup(self.name, hit=value is not None)
        return value

    def put(self, key: Hashable, value: V) -> None:
        size = self._size_of(value)
        if self.max_bytes is not None and size > self.max_bytes:
            return
        with self._lock:
            old = self._entries.pop(key, None)
            if old is not None:
                self.size -= self._size_of(old)
            self._entries[key] = value
            self.size += size
            while (self.max_bytes is not None and self.size > self.max_bytes) or (
                self.max_entries is not None and len(self._entries) > self.max_entries
            ):
                _key, dropped = self._entries.popitem(last=False)
                self.size -= self._size_of(dropped)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self.size = 0

    def __len__(self) -> int:
        return len(self._entries)
