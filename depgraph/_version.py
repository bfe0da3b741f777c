"""The version, in a leaf module that the adapters can import without the whole package."""

__version__ = "0.1.0"
