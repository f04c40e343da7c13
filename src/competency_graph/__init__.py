"""competency-graph: a knowledge graph of competency frameworks, curricula and staff competences.

The package is usable without the HTTP service: open a store with
:func:`competency_graph.services.open_store` and call the use cases in
:mod:`competency_graph.services`.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("competency-graph")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0"

__all__ = ["__version__"]
