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
    "ray": "ray",
}
#: What an extra weighs, for the line that asks to install it.
WEIGHT_OF = {"transformers": " (it brings torch, about 1 GB on CPU)"}


def import_extra(module: str, feature: str) -> ModuleType:
    """Import ``module`` from an extra, or say in one line what to install for ``feature``."""
    extra = EXTRA_OF[module.split(".")[0]]
    try:
        return importlib.import_module(module)
    except ModuleNotFoundError as error:
        missing = (error.name or "").split(".")[0]
        if missing not in EXTRA_OF:
            raise
        raise InputError(
            f"{feature} needs the optional package {missing!r}, which is not installed; "
            f"install it with: pip install 'aligner[{extra}]'{WEIGHT_OF.get(extra, '')}"
        ) from error
