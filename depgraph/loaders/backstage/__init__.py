"""Importing the software estate from Backstage's catalog.

:mod:`~depgraph.loaders.backstage.descriptors` reads catalog descriptor files (and the
``Location`` entities among them), :mod:`~depgraph.loaders.backstage.api` a Backstage
backend's catalog API; both give :class:`~depgraph.loaders.backstage.entities.Entity`
records, which :mod:`~depgraph.loaders.backstage.importer` maps to an inventory.
"""
