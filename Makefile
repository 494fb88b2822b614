# hlsd-report — one command for the report, one for the tests.
SHELL := /bin/bash
NODE_DEPS := node_modules/.package-lock.json
# pipeline/*.ts compiled to plain JavaScript (esbuild, one file per source) so the CLI and its
# render threads start without a TypeScript loader; bin/hlsd-report.js falls back to tsx when stale.
DIST := dist/.built
SOURCES := $(shell find pipeline -name '*.ts')

.PHONY: help report check test typecheck bench clean deps browser compile

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(NODE_DEPS): package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

deps: $(NODE_DEPS) ## install the npm dependencies (npm ci)

$(DIST): $(NODE_DEPS) $(SOURCES)
	@rm -rf dist
	@echo "compile  pipeline/ → dist/ (esbuild)"
	@npx esbuild $(SOURCES) --outdir=dist/pipeline --format=esm --platform=node --target=node20 --log-level=warning
	@touch $@

compile: $(DIST) ## compile pipeline/*.ts to dist/ (done by report, check, test and bench when needed)

report: $(DIST) ## validate data and seeds, then build the English and Spanish PDF + HTML into out/<year>/
	node bin/hlsd-report.js build

check: $(DIST) ## validate data, seeds and catalogues; write nothing
	node bin/hlsd-report.js check

browser: ## install the Debian packages the tests use (chromium, poppler-utils, qpdf) if missing
	@bash .ci/system-deps.sh

test: $(DIST) browser ## run the whole test suite (vitest), with typecheck
	npx tsc --noEmit
	npx vitest run $(VITEST_ARGS)

typecheck: $(DIST) ## type-check the TypeScript sources
	npx tsc --noEmit

bench: $(DIST) ## run the benchmark (~10 min): bench/RESULTS.md, bench/results.json; BENCH_ARGS="--runs 3 --skip scale" for less
	node --import tsx bench/run.ts $(BENCH_ARGS)

clean: ## remove generated output and caches (not node_modules)
	rm -rf out .cache dist
