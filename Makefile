# Self-documenting: `make help` lists the targets with their `##` comments.
# The interpreter .venv is made from. A build with PGO and LTO (Debian's, Ubuntu's, python.org's,
# conda's) extracts faster than a plain source build such as pyenv's default: 9 % more
# documents/s, bench/RESULTS.md. `make PYTHON=/usr/bin/python3.11 report` on a fresh checkout.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
RAW := data/raw
PARQUET := data/parquet
SHARED := ../shared
REAL_OUT := bench/out/real-corpus
# Debian packages of the report: chromium opens the pages in tests, the CJK font draws Chinese labels
SYSTEM_PACKAGES := chromium fonts-noto-cjk
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)

.DEFAULT_GOAL := help
.PHONY: help system compile report extract build lab test fuzz bench bench-pdf bench-scale bench-mutations bench-corpus bench-report real-corpus dictionary clean

help: ## list the targets
	@grep -E '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-16s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -qq --upgrade pip
	$(BIN)/pip install -qq -e '.[test]'
	touch $(STAMP)

compile: $(STAMP) ## compile the extraction modules to C (mypyc, build/compiled/) when their sources changed: a quarter less CPU a document; without a C compiler they run as Python
	@$(BIN)/python tools/compile.py --if-changed || true

system: ## install the Debian packages the report needs (chromium, fonts-noto-cjk) when missing
	@missing="$$(for p in $(SYSTEM_PACKAGES); do dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'ok installed' || echo $$p; done)"; \
	if [ -n "$$missing" ]; then \
		echo "installing $$missing (apt-get)"; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing >/dev/null; \
	fi

report: system build ## set up, extract data/raw, build data/budget.duckdb, execute the notebooks into reports/ (the main job)
	$(BIN)/budget summary --data $(PARQUET)
	$(BIN)/budget report --out reports

extract: $(STAMP) compile ## extract every document in data/raw into data/parquet
	$(BIN)/budget extract $(RAW) --out $(PARQUET)

build: extract ## extract, then build the DuckDB catalogue data/budget.duckdb (views over data/parquet)
	$(BIN)/budget build --data $(PARQUET)

lab: $(STAMP) ## open JupyterLab in notebooks/ (builds the catalogue if it is missing)
	$(BIN)/budget lab

test: system $(STAMP) compile ## run the test suite
	$(BIN)/python -m pytest -q

fuzz: $(STAMP) ## long fuzz run over data/raw: 500 mangled documents, 5000 changed amounts (prints the share caught)
	FUZZ_EXAMPLES=500 FUZZ_MUTATIONS=5000 $(BIN)/python -m pytest -q -s tests/test_fuzz.py

bench: $(STAMP) compile ## benchmark extraction speed and memory, and the catalogue at 10,000 documents (prints figures)
	$(BIN)/python bench/extract_bench.py --copies 50
	$(BIN)/python bench/catalogue_bench.py --documents 10000

bench-pdf: $(STAMP) compile ## benchmark the PDF path over ../shared/real-pdfs: pages/s (wall and CPU) of the pdfium page model, pdfplumber, camelot, budget extract
	$(BIN)/python bench/pdf_bench.py

bench-scale: $(STAMP) compile ## generated corpora of 100, 1,000 and 10,000 documents end to end (targets of issue 7); writes bench/RESULTS.md
	$(BIN)/python bench/scale_bench.py

bench-mutations: $(STAMP) compile ## one-digit mutation benchmark: share of changed figures caught, per source
	$(BIN)/python bench/mutation_bench.py

real-corpus: $(STAMP) compile ## extract ../shared/real-corpus (103 real budgets) into bench/out/real-corpus and print what was read, per city (real_coverage)
	-$(BIN)/budget extract $(SHARED)/real-corpus --out $(REAL_OUT) --jobs 2
	$(BIN)/python $(SHARED)/tools/real_coverage.py $(REAL_OUT)

bench-corpus: $(STAMP) compile ## pages per second over ../shared/real-corpus end to end (budget extract, --jobs 1 and 2); writes bench/CORPUS_RESULTS.md
	$(BIN)/python bench/corpus_bench.py --markdown bench/CORPUS_RESULTS.md

bench-report: $(STAMP) compile ## budget report over 10,000 generated documents: time of each step and the size of each page
	$(BIN)/python bench/report_bench.py

dictionary: $(STAMP) ## regenerate docs/DATA_DICTIONARY.md from the schema
	$(BIN)/budget dictionary --out docs/DATA_DICTIONARY.md

clean: ## remove generated data (keeps .venv)
	rm -rf $(PARQUET)/* data/budget.duckdb reports bench/out
