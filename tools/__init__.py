"""Developer tools of the course repository, importable without Sphinx (run from the repository's root).

- :mod:`tools.notebooks`: the chapters' shared setup cell, output-free notebooks, recorded checked outputs
  (``make sync-notebooks``, ``make record-checked-outputs``);
- :mod:`tools.nbval_expected`: the pytest plugin that hands nbval those recorded outputs (loaded only
  for the notebook run: ``-p tools.nbval_expected``);
- ``provision.sh``: installs Node.js/npm and the test tools with apt when missing (called by make).
"""
