"""Browser engines of the course's simulators (JavaScript ES modules beside this file) and the
Python export of the data they read (:mod:`widgets.browser.export`).

``integrate.mjs`` (the ODE integrator), ``remodeling.mjs`` (the bone-remodeling model) and
``cli.mjs`` (a Node entry point) are plain ES modules with no build step; the book copies them
to ``_static/browser/`` with the JSON written by :func:`widgets.browser.export.write_models`.
"""
