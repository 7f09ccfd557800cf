# Rasd: `make run` starts the dashboard on the bundled sample corpus, `make test` runs every test.
# Both set up a fresh machine first (a virtualenv in .venv with the pinned packages).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
DB ?= data/rasd.sqlite
ARTICLES := $(wildcard data/articles/*.txt) $(wildcard data/*.csv) $(wildcard data/*.yaml) $(wildcard data/en/*.csv) $(wildcard data/en/*.yaml) $(wildcard loaders/*.py)

.PHONY: setup run test test-fast store bench clean

setup: $(STAMP)

$(STAMP): requirements.txt
	@echo "rasd: installing the pinned packages into $(VENV) (about a minute, once)..."
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $(STAMP)

# Rebuild the store when it is missing or older than any article, lexicon, gazetteer or loader file.
$(DB): $(STAMP) $(ARTICLES)
	@echo "rasd: loading $(words $(wildcard data/articles/*.txt)) articles from data/articles into $(DB)..."
	$(PY) -m loaders data/articles --db $(DB) --prepare
	touch $(DB)

store: $(DB)

# The dashboard binds localhost unless told otherwise: make run ADDRESS=0.0.0.0 PORT=8080
ADDRESS ?= localhost
PORT ?= 8501

run: $(DB)
	@$(PY) -c "from views.offline import vendor_leaflet; vendor_leaflet('static')"  # Leaflet, served locally
	@echo "rasd: serving the dashboard at http://$(ADDRESS):$(PORT) (Ctrl-C stops it)"
	RASD_DB=$(DB) $(VENV)/bin/streamlit run dashboard.py --server.headless true \
		--server.address $(ADDRESS) --server.port $(PORT)

test: $(STAMP)
	bash scripts/ensure_chromium.sh
	$(PY) -m pytest -q

test-fast: $(STAMP)
	$(PY) -m pytest -q -m "not browser"

bench: $(STAMP)
	$(PY) bench/dates.py
	$(PY) bench/ingest.py
	$(PY) bench/dashboard.py

clean:
	rm -rf $(VENV) $(DB) artifacts .pytest_cache
