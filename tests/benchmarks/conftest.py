"""Fixtures for the query-count tests: data comes from the benchmark's own synthetic builder."""

import pytest

from benchmarks.builder import Builder


@pytest.fixture
def bench_builder(db):
    # A small corpus keeps the tests fast; the grammar and the invariants are the benchmark's own.
    return Builder(seed=11, corpus_size=40)


@pytest.fixture
def build_community(bench_builder):
    def build(*, thread_sizes=(), members=8, list_threads=0):
        return bench_builder.community(
            members=members, spaces=2, thread_sizes=thread_sizes, list_threads=list_threads
        )

    return build
