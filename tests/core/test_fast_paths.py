"""The one switch between the reference and the fast paths."""

import pytest

from depgraph.core import fast_paths
from depgraph.core.fast_paths import FAST_FROM, fast, forced
from depgraph.core.problems import DepgraphError


def test_each_kernel_goes_fast_from_its_threshold_on(monkeypatch):
    monkeypatch.delenv(fast_paths.ENVIRONMENT, raising=False)
    for kernel, threshold in FAST_FROM.items():
        assert fast(kernel, threshold)
        if threshold:
            assert not fast(kernel, threshold - 1)


def test_forcing_nests_and_ends_with_its_block():
    with forced("fast"):
        assert fast("single_failures", 0)
        with forced("reference"):
            assert not fast("single_failures", 10**9)
        assert fast("single_failures", 0)
    assert not fast("single_failures", 0)


def test_the_environment_forces_a_whole_process(monkeypatch):
    monkeypatch.setenv(fast_paths.ENVIRONMENT, "reference")
    assert not fast("propagation", 10**9) and not fast("yaml")
    monkeypatch.setenv(fast_paths.ENVIRONMENT, "Fast")
    assert fast("propagation", 0)
    with forced("auto"):  # a block overrides the environment
        assert not fast("propagation", 0)
    monkeypatch.setenv(fast_paths.ENVIRONMENT, "quick")
    with pytest.raises(DepgraphError, match="DEPGRAPH_PATHS='quick'"):
        fast("propagation", 0)


def test_an_unknown_kernel_or_path_is_a_bug_not_a_silent_choice():
    with pytest.raises(KeyError):
        fast("propagations", 0)
    with pytest.raises(ValueError):
        with forced("numpy"):
            pass
