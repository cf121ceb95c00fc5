"""The optional packages: what each extra installs, and a clear error where one is missing.

The default install runs the bundled model on numpy and the default engine is
ours, so it holds no torch (about 5 GB with its GPU libraries). Features that
need torch come with the ``transformers`` extra.
"""

from __future__ import annotations

import importlib
from types import ModuleType

from aligner.errors import InputError

#: The extra that brings each optional top-level module.
EXTRA_OF = {
    "sentence_transformers": "transformers",
    "bertalign": "transformers",
    "torch": "transformers",
}


def import_extra(module: str, feature: str) -> ModuleType:
    """Import ``module`` from an extra, or say in one line what to install for ``feature``."""
    top = module.split(".")[0]
    try:
        return importlib.import_module(module)
    except ModuleNotFoundError as error:
        if error.name is None or error.name.split(".")[0] not in EXTRA_OF:
            raise
        raise InputError(
            f"{feature} needs the optional package {error.name.split('.')[0]!r}, which is not installed; "
            f"install it with: pip install 'aligner[{EXTRA_OF[top]}]' (it brings torch, about 1 GB on CPU)"
        ) from error
