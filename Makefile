# hlsd-report — one command for the report, one for the tests.
SHELL := /bin/bash
NODE_DEPS := node_modules/.package-lock.json
# pipeline/*.ts bundled to plain JavaScript (esbuild: dist/cli.js, dist/worker.js and shared chunks
# loaded on demand, with vega, zod, csv-parse and Handlebars inside; pdfmake, pdfkit and fontkit
# stay in node_modules) so the CLI and its render threads start without a TypeScript loader or
# hundreds of small modules. bin/hlsd-report.js falls back to tsx when dist/ is older than a source.
DIST := dist/.built
SOURCES := $(shell find pipeline -name '*.ts')

.PHONY: help report check release test test-fast test-e2e typecheck imports format format-check bench clean deps browser compile

help: ## list the targets
	@grep -E '^[a-z0-9-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-13s %s\n", $$1, $$2}'

# A worktree whose node_modules is a link to another checkout's install is not reinstalled: npm ci
# would empty the linked folder (every worktree sharing it) and then replace the link.
$(NODE_DEPS): package.json package-lock.json
	@if [ -L node_modules ]; then echo "deps     node_modules links to $$(readlink node_modules): not reinstalling (run npm ci there)"; else npm ci --no-audit --no-fund; fi
	@touch $@

deps: $(NODE_DEPS) ## install the npm dependencies (npm ci)

$(DIST): $(NODE_DEPS) $(SOURCES)
	@rm -rf dist
	@echo "compile  pipeline/ → dist/ (esbuild)"
	@npx esbuild pipeline/cli.ts pipeline/render/worker.ts --bundle --splitting --format=esm --platform=node --target=node20 \
	  --outdir=dist --entry-names=[name] --chunk-names=chunk-[hash] --external:pdfmake --external:pdfkit --external:fontkit \
	  --banner:js="import { createRequire as __hlsdRequire } from 'node:module'; const require = __hlsdRequire(import.meta.url);" \
	  --log-level=warning
	@touch $@

compile: $(DIST) ## bundle pipeline/*.ts into dist/ (done by report, check, release, test and bench when needed)

report: $(DIST) ## validate data and seeds, then build the English and Spanish PDF + HTML into out/<year>/
	node bin/hlsd-report.js build

check: $(DIST) ## validate data, seeds and catalogues; write nothing
	node bin/hlsd-report.js check

release: $(DIST) ## check, build, publish (a new revision only if the data changed), packets, sha256sum -c; RELEASE_ARGS="--year Y", or --help
	node scripts/release.mjs $(RELEASE_ARGS)

browser: ## install the Debian packages the tests use (chromium, poppler-utils, qpdf) if missing
	@bash .ci/system-deps.sh

test: $(DIST) browser ## the whole suite: typecheck, import rule, the unit and e2e projects (vitest), format check
	npx tsc --noEmit
	npx depcruise pipeline --config .dependency-cruiser.cjs --output-type err
	npx vitest run $(VITEST_ARGS)
	@# last, so that a file left unformatted never hides a failing test
	npx prettier --check --log-level warn .

test-fast: $(NODE_DEPS) ## the unit project only (pure stage tests and in-memory builds, no CLI, no PDF files): the edit loop
	npx vitest run --project unit $(VITEST_ARGS)

test-e2e: $(DIST) browser ## the e2e project only (the CLI, whole builds, PDFs, Chromium)
	npx vitest run --project e2e $(VITEST_ARGS)

imports: $(NODE_DEPS) ## check the import rule between stages (dependency-cruiser, .dependency-cruiser.cjs)
	npx depcruise pipeline --config .dependency-cruiser.cjs --output-type err

typecheck: $(DIST) ## type-check the TypeScript sources
	npx tsc --noEmit

format: $(NODE_DEPS) ## rewrite the sources in the house format (Prettier, .prettierrc.json; .prettierignore keeps inputs and fixtures as they are)
	npx prettier --write --log-level warn .

format-check: $(NODE_DEPS) ## check the format without writing (part of make test)
	npx prettier --check --log-level warn .

bench: $(DIST) ## run the benchmark (~7 min): bench/RESULTS.md, bench/results.json; BENCH_ARGS="--runs 3 --skip scale" for less
	node --import tsx bench/run.ts $(BENCH_ARGS)

clean: ## remove generated output and caches (not node_modules)
	rm -rf out .cache dist
