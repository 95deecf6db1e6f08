# The two commands a newcomer needs: `make demo` and `make test`. Each sets up .venv first.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test lint typecheck bench clean messages catalogues

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/planner plan rules/valentines-rings.toml --start 2026-12-01
	$(BIN)/planner export rules/valentines-rings.toml --start 2026-12-01 -o valentines-rings.ics
	@echo "Wrote valentines-rings.ics: import it into your calendar app."

lint: $(STAMP)
	$(BIN)/ruff check planner tests bench
	$(BIN)/ruff format --check planner tests bench

typecheck: $(STAMP)
	$(BIN)/mypy

test: lint typecheck
	$(BIN)/pytest

# Translations (README, "Translating Parcours"): `make messages` extracts the messages of the
# code and templates into messages.pot and merges them into each language's planner.po;
# translate there, then `make catalogues` compiles the .mo files that ship in the wheel.
LOCALE := planner/locale

messages: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg -k N_ -c TRANSLATORS: --add-location=file \
		--sort-by-file --project=Parcours --copyright-holder="Parcours developers" \
		-o $(LOCALE)/messages.pot .
	$(BIN)/pybabel update -D planner -i $(LOCALE)/messages.pot -d $(LOCALE) \
		--ignore-obsolete --no-fuzzy-matching

catalogues: $(STAMP)
	$(BIN)/pybabel compile -D planner -d $(LOCALE) --statistics

bench: $(STAMP)
	$(BIN)/python bench/run.py
	$(BIN)/python bench/store.py
	$(BIN)/python bench/view.py

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .mypy_cache .ruff_cache
