"""The cycle collector is held back only within the blocks that ask, then put back as it was."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from app.collection_pause import paused_collection


@pytest.fixture(autouse=True)
def collector_on() -> Iterator[None]:
    was_on = gc.isenabled()
    gc.enable()
    yield
    if not was_on:
        gc.disable()


def test_it_is_off_within_and_on_again_after() -> None:
    with paused_collection():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_overlapping_blocks_put_it_back_only_when_the_last_ends() -> None:
    outer = paused_collection()
    inner = paused_collection()
    outer.__enter__()
    inner.__enter__()
    outer.__exit__(None, None, None)  # the first to open ends first: the other still runs
    assert not gc.isenabled()
    inner.__exit__(None, None, None)
    assert gc.isenabled()


def test_it_is_put_back_when_the_block_raises() -> None:
    with pytest.raises(ValueError, match="stop"), paused_collection():
        raise ValueError("stop")
    assert gc.isenabled()


def test_a_collector_that_was_off_stays_off() -> None:
    gc.disable()
    with paused_collection():
        assert not gc.isenabled()
    assert not gc.isenabled()
