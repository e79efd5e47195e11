"""The retrieval tests of test_search.py through Milvus's network client path: milvus-lite's gRPC server
in another process, reached as milvus://127.0.0.1:PORT/COLLECTION (as a Milvus standalone would be)."""

from __future__ import annotations

import inspect

import pytest

from tests import test_search as base
from tests.milvus_fixtures import milvus_from_clauses, milvus_lite_server

pytestmark = pytest.mark.slow  # left out of `make check` (see Makefile)


@pytest.fixture(scope="module")
def idx(tmp_path_factory):
    with milvus_lite_server(tmp_path_factory.mktemp("milvus-server")) as address:
        store = milvus_from_clauses(base.CLAUSES, f"{address}/search_tests")
        assert store.stats().store == "milvus" and store.location.uri.startswith("http://127.0.0.1:")
        yield store


for _name, _test in inspect.getmembers(base, inspect.isfunction):
    if _name.startswith("test_") and "idx" in inspect.signature(_test).parameters:
        globals()[_name] = _test
