# Inflammation & Bone: build the course website and run every test.
#   make book    create .venv, install the pinned tools and the course package, npm ci, build _build/html
#   make test    run every test (ruff, unit, data, notebooks, built site in a headless browser)
#   make test-fast   engines, data, content and the browser engines under Node (no book build, notebooks or browser)
#   make lint    ruff check (Python files and the chapter notebooks)
#   make serve   serve the built site on http://localhost:8000
#   make student-edition / make instructor-edition   the two classroom editions (see the instructor guide)
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
NODE_STAMP := node_modules/.installed
PORT   ?= 8000
BUILD_FLAGS := --warningiserror --nitpick --keep-going

.PHONY: book test test-fast lint serve check-data sync-notebooks record-checked-outputs clean benchmark help student-edition instructor-edition

help:
	@sed -n '2,8p' Makefile

$(STAMP): requirements.txt requirements-dev.txt constraints.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt -c constraints.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $@

# Node.js 20+ and npm (apt installs them where missing), then the npm packages package-lock.json pins
# (plotly.js and esbuild, for the site's plotly.js); install scripts are not needed and not run.
$(NODE_STAMP): package.json package-lock.json
	@sh tools/provision.sh node
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

book: $(STAMP) $(NODE_STAMP)
	$(BIN)/jupyter-book build . $(BUILD_FLAGS)
	@echo
	@echo "The site is in _build/html (start page: _build/html/index.html)."
	@echo "View it with:  make serve   then open http://localhost:$(PORT)"

student-edition: $(STAMP) $(NODE_STAMP)
	COURSE_EDITION=student $(BIN)/jupyter-book build . --path-output _build/student $(BUILD_FLAGS)
	@echo "Student edition (solutions left out): _build/student/_build/html/index.html"

instructor-edition: $(STAMP) $(NODE_STAMP)
	COURSE_EDITION=instructor $(BIN)/jupyter-book build . --path-output _build/instructor $(BUILD_FLAGS)
	@echo "Instructor edition (solutions and teaching notes): _build/instructor/_build/html/index.html"

# The browser and print tests need Debian's chromium, CJK fonts and poppler-utils (apt installs them).
# ruff first (seconds); the notebooks run under nbval in a run of their own, with the plugin that hands
# nbval the recorded outputs of the checked cells (tools/nbval_expected.py).
test: lint book
	@sh tools/provision.sh test
	$(BIN)/python -m pytest tests -n 3 --dist loadgroup
	$(BIN)/python -m pytest chapters -p tools.nbval_expected --nbval-lax --nbval-current-env

lint: $(STAMP)
	$(BIN)/ruff check .

# The edit-test loop: what needs neither Sphinx, a notebook kernel nor a browser (Node runs the JS engines).
test-fast: $(STAMP) $(NODE_STAMP)
	COURSE_TESTS=fast $(BIN)/python -m pytest tests -m "not browser and not build and not launch and not processes" --ignore=tests/site -q -p no:cacheprovider -p no:nbval -n auto --dist loadgroup

serve:
	@test -f _build/html/index.html || { echo "No site yet: run 'make book' first."; exit 1; }
	@echo "Serving _build/html on http://localhost:$(PORT) (Ctrl-C to stop)"
	$(BIN)/python -m http.server $(PORT) --bind 127.0.0.1 --directory _build/html

check-data: $(STAMP)
	$(BIN)/python -m widgets.data

sync-notebooks: $(STAMP)
	$(BIN)/python -m tools.notebooks sync

record-checked-outputs: $(STAMP)
	$(BIN)/python -m tools.notebooks record

benchmark: $(STAMP) $(NODE_STAMP)
	$(BIN)/python benchmarks/run_all.py

clean:
	rm -rf _build
