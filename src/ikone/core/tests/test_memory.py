"""`release_free_memory` gives freed heap memory back to the system; `settle` freezes what lives."""

import gc

import numpy as np
import pytest

from ikone.core import memory
from ikone.core.memory import release_free_memory


def _resident_kib() -> int:
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmRSS:"))


def test_freed_heap_blocks_leave_the_resident_set() -> None:
    np.ones(2 * 1024 * 1024)  # freeing a 16 MB block raises glibc's mmap threshold: later blocks use the heap
    blocks, pins = [], []
    for _ in range(60):  # 60 × 2 MB, each followed by a small block that stays (holes, not the heap's top)
        blocks.append(np.ones(256 * 1024))
        pins.append(np.ones(8))
    del blocks
    before = _resident_kib()
    assert release_free_memory()
    assert before - _resident_kib() > 8 * 1024


@pytest.fixture
def unfrozen():
    gc.unfreeze()
    yield
    gc.unfreeze()


def test_settle_freezes_live_objects_in_a_server_process_only(
    unfrozen: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    kept = [{"value": i} for i in range(1000)]
    monkeypatch.setattr(memory, "_freeze", False)
    memory.settle()
    assert gc.get_freeze_count() == 0
    monkeypatch.setattr(memory, "_freeze", True)
    memory.settle()
    assert gc.get_freeze_count() >= len(kept)
