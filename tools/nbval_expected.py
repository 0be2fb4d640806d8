"""pytest plugin: nbval compares each ``# NBVAL_CHECK_OUTPUT`` cell with the text in its metadata.

Chapter notebooks are committed without outputs, so nbval would have nothing to compare a checked
cell with. This plugin (``-p tools.nbval_expected``, given to the notebook run by ``make test``) lets
nbval read notebooks through :func:`tools.notebooks.with_expected_outputs`, which gives every
checked cell its recorded text (``metadata.expected_output``) as the stored output, in memory only.
"""

from __future__ import annotations


class _NbformatWithExpected:
    """nbformat as nbval sees it: ``read`` adds the checked cells' expected outputs."""

    def __init__(self, nbformat):
        self._nbformat = nbformat

    def __getattr__(self, name):
        return getattr(self._nbformat, name)

    def read(self, *args, **kwargs):
        from .notebooks import with_expected_outputs

        nb = self._nbformat.read(*args, **kwargs)
        with_expected_outputs(nb)
        return nb


def pytest_configure(config) -> None:
    try:
        from nbval import plugin
    except ImportError:  # nbval not installed: nothing to hand over
        return
    if not isinstance(plugin.nbformat, _NbformatWithExpected):
        plugin.nbformat = _NbformatWithExpected(plugin.nbformat)
