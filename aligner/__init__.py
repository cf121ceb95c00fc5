"""aligner: align a French document with its English version and export the alignment.

The pipeline is a chain of plain functions over the dataclasses in
:mod:`aligner.document` and :mod:`aligner.findings`, one folder per stage::

    read -> segment -> embed -> align -> checks -> formats

:func:`aligner.pipeline.process_pair` runs the whole chain for one pair.
"""

import os
from importlib.metadata import PackageNotFoundError, version

# The hub client reads these when first imported (through bertalign and
# sentence-transformers) and, online by default, retries an unreachable
# network for over a minute before failing. Users who do have a network can
# still set HF_HUB_OFFLINE=0 to let sentence-transformers download a model.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

try:
    __version__ = version("aligner")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0"

__all__ = ["__version__"]
