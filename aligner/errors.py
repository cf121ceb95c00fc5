"""Errors a user can act on. The CLI prints them as one line and exits 2."""


class InputError(Exception):
    """Bad input or usage: what is wrong, which file, and what to do about it."""


class ModelUnavailableError(InputError):
    """The chosen embedding model cannot be loaded on this machine."""
