# Self-documenting: `make help` lists the targets with their `##` comments.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
RAW := data/raw
PARQUET := data/parquet

.DEFAULT_GOAL := help
.PHONY: help report extract test bench bench-pdf dictionary clean

help: ## list the targets
	@grep -E '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-12s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -qq --upgrade pip
	$(BIN)/pip install -qq -e '.[test]'
	touch $(STAMP)

report: extract ## set up .venv, extract data/raw into data/parquet (the main job)
	$(BIN)/budget summary --data $(PARQUET)
	@echo "Parquet tables in $(PARQUET)/ (data dictionary: docs/DATA_DICTIONARY.md)"

extract: $(STAMP) ## extract every document in data/raw into data/parquet
	$(BIN)/budget extract $(RAW) --out $(PARQUET)

test: $(STAMP) ## run the test suite
	$(BIN)/python -m pytest -q

bench: $(STAMP) ## benchmark extraction speed and memory (prints figures)
	$(BIN)/python bench/extract_bench.py --copies 50

bench-pdf: $(STAMP) ## benchmark the PDF path over ../shared/real-pdfs: pages/s of pdfplumber, camelot, budget extract
	$(BIN)/python bench/pdf_bench.py

dictionary: $(STAMP) ## regenerate docs/DATA_DICTIONARY.md from the schema
	$(BIN)/budget dictionary --out docs/DATA_DICTIONARY.md

clean: ## remove generated data (keeps .venv)
	rm -rf $(PARQUET)/* reports bench/out
