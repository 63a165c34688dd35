"""The Dask engine on a real distributed.LocalCluster with two worker processes (not a mock)."""

from __future__ import annotations

import os
import signal

import pandas as pd
import pytest

import framing as fr

distributed = pytest.importorskip("distributed")

from test_build import make_records, sums_without_name  # noqa: E402


@pytest.fixture(scope="module")
def client():
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                                       silence_logs=50)  # fmt: skip
    c = distributed.Client(cluster)
    yield c
    c.close()
    cluster.close()


@pytest.fixture(scope="module")
def records():
    return make_records(120, seed=11)


@pytest.fixture(scope="module")
def local_store(records, tmp_path_factory):
    return fr.build_corpus(iter(records), tmp_path_factory.mktemp("local") / "s", n_jobs=1, progress=False, chunk_size=20)


def test_build_on_cluster_identical(client, records, local_store, tmp_path):
    store = fr.build_corpus(iter(records), tmp_path / "s", scheduler=client, progress=False, chunk_size=20)
    assert sums_without_name(store) == sums_without_name(local_store)


def test_build_survives_a_worker_killed_mid_run(client, records, local_store, tmp_path):
    pids = list(client.run(os.getpid).values())
    killed = []

    def stream():
        for i, r in enumerate(records):
            if i == len(records) // 2:  # chunks are in flight on both workers: kill one
                os.kill(pids[0], signal.SIGKILL)
                killed.append(pids[0])
            yield r

    store = fr.build_corpus(stream(), tmp_path / "s", scheduler=client, progress=False, chunk_size=10)
    assert killed
    assert sums_without_name(store) == sums_without_name(local_store)
    client.wait_for_workers(2, timeout=60)  # the nanny restarted it


def test_group_statistics_on_cluster_identical(client, local_store):
    on = local_store.on_cluster(client)
    pd.testing.assert_frame_equal(on.group_sums("side"), local_store.group_sums("side"))
    kw = dict(method="log_odds", n_boot=200, seed=2)
    original = on.row_blocks
    on.row_blocks = lambda rows=None, **k: original(rows, block_nnz=1500, **k)  # several tasks per pass
    pd.testing.assert_frame_equal(fr.keyness(on, "side", **kw), fr.keyness(local_store, "side", **kw), check_exact=True)


def test_unreachable_scheduler_named():
    with pytest.raises(fr.InputError, match="cannot reach the Dask scheduler at 'tcp://127.0.0.1:9'"):
        from framing.corpus._dask import get_client

        get_client("tcp://127.0.0.1:9", timeout="2s")
