"""Loaders: read inventory files into the core model (adapters, they do I/O)."""

from depgraph.loaders.files import load_inventory, inventory_files

__all__ = ["load_inventory", "inventory_files"]
