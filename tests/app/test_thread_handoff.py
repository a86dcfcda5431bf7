"""The switch interval is shortened only while quick handoffs are asked for, then put back."""

from __future__ import annotations

import sys

import pytest

from app.thread_handoff import quick_handoffs


def test_the_interval_is_shortened_within_and_put_back_after() -> None:
    before = sys.getswitchinterval()
    with quick_handoffs(0.0001):
        assert sys.getswitchinterval() < before
    assert sys.getswitchinterval() == before


def test_overlapping_blocks_put_it_back_only_when_the_last_ends() -> None:
    before = sys.getswitchinterval()
    outer = quick_handoffs(0.0001)
    inner = quick_handoffs(0.0001)
    outer.__enter__()
    inner.__enter__()
    outer.__exit__(None, None, None)  # the first to open ends first: the other still runs
    assert sys.getswitchinterval() < before
    inner.__exit__(None, None, None)
    assert sys.getswitchinterval() == before


def test_it_is_put_back_when_the_block_raises() -> None:
    before = sys.getswitchinterval()
    with pytest.raises(ValueError, match="stop"), quick_handoffs(0.0001):
        raise ValueError("stop")
    assert sys.getswitchinterval() == before


def test_a_longer_interval_than_the_process_has_is_left_alone() -> None:
    before = sys.getswitchinterval()
    with quick_handoffs(before * 10):
        assert sys.getswitchinterval() == before
    assert sys.getswitchinterval() == before
