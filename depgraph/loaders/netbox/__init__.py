"""Importing the physical estate from NetBox (work in progress: issue 14).

:mod:`~depgraph.loaders.netbox.recorded` reads the responses of a NetBox REST API
saved in a directory (``--save``/``--from``); the mapping to an inventory follows.
"""
