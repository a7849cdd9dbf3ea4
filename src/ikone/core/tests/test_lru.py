from ikone.core.lru import LRU


def test_least_recently_used_go_first_when_a_bound_is_exceeded():
    cache: LRU[bytes] = LRU(max_entries=2, max_bytes=10, size=len)
    cache.put("a", b"12345")
    cache.put("b", b"1234")
    assert cache.get("a") == b"12345"  # a is now the most recently used
    cache.put("c", b"123")  # 12 bytes: b goes
    assert cache.get("b") is None
    assert cache.size == 8
    cache.put("d", b"")  # three entries: a goes
    assert cache.get("a") is None
    assert len(cache) == 2


def test_a_replaced_value_is_counted_once_and_an_oversized_one_not_kept():
    cache: LRU[bytes] = LRU(max_bytes=10, size=len)
    cache.put("a", b"12345")
    cache.put("a", b"123")
    assert cache.size == 3
    cache.put("huge", b"x" * 11)
    assert cache.get("huge") is None
    assert cache.size == 3
    cache.clear()
    assert len(cache) == 0
    assert cache.size == 0
