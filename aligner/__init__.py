"""aligner: align a French document with its English version and export the alignment.

The pipeline is a chain of plain functions over the dataclasses in
:mod:`aligner.model`::

    read -> segment -> embed -> align -> diverge -> export

:func:`aligner.pipeline.align_documents` runs the whole chain for one pair.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("aligner")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0"

__all__ = ["__version__"]
