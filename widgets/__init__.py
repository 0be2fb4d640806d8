"""The Python package behind every figure and panel of the Inflammation & Bone course.

Three layers, each importable without the one above it:

* engines (pure numpy/scipy/networkx): :mod:`widgets.remodeling`, :mod:`widgets.calcification`,
  :mod:`widgets.network`, reading their data through :mod:`widgets.data`;
* pictures (:mod:`widgets.pictures`): plotly figures, including the static explorers;
* panels (:mod:`widgets.panels`): live ipywidgets front-ends for a running kernel.
"""

from importlib.metadata import PackageNotFoundError
from importlib.metadata import version as _version

try:
    __version__ = _version("inflammation-bone")  # written once, in pyproject.toml
except PackageNotFoundError:  # a checkout used without `pip install -e .`
    __version__ = "0+unknown"

#: First line of a code cell whose output nbval compares with the text recorded in the cell's metadata
#: (``make record-checked-outputs``); the book's pages leave the line out.
CHECK_MARK = "# NBVAL_CHECK_OUTPUT"


def notebook_setup() -> None:
    """Prepare a notebook session: in Colab, turn on third-party widgets and plotly's Colab renderer.

    Elsewhere (the book build, nbval, Binder, JupyterLab) it changes nothing.
    """
    import sys

    if "google.colab" in sys.modules:
        import plotly.io as pio
        from google.colab import output  # type: ignore[import-not-found]

        output.enable_custom_widget_manager()
        pio.renderers.default = "colab"
