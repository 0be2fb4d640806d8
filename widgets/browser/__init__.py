"""Browser engines of the course's simulators (JavaScript ES modules beside this file) and the
Python export of the data they read (:mod:`widgets.browser.export`).

For pages: ``integrate.mjs`` (the ODE integrator), ``remodeling.mjs`` (the bone-remodeling model),
``calcification.mjs`` and ``stats.mjs`` (the VSMC lab and its statistics), plain ES modules with no
build step, reading the JSON written by :func:`widgets.browser.export.write_models`. For Node only:
``cli.mjs`` (the engines from the command line) and ``node-model.mjs`` (where it finds the data).
"""
