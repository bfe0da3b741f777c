"""The benchmarks' synthetic estate: see depgraph.loaders.synthetic."""

from depgraph.loaders.synthetic import synthetic_inventory, to_data, with_restoration

__all__ = ["synthetic_inventory", "to_data", "with_restoration"]
