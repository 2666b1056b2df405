# normcode — two entry points for a fresh Debian 12 machine:
#   make        install missing packages, build, run the demo corpus into normcode.db
#   make test   install missing packages, build (ASan+UBSan), run every test with ctest
SHELL := /bin/bash
JOBS ?= $(shell nproc)
BUILD ?= build
TEST_BUILD ?= build-test
DB ?= normcode.db

# Debian packages the build and tests need (checked with dpkg, installed with apt-get).
PACKAGES := build-essential cmake pkg-config \
  libicu-dev libre2-dev libtbb-dev libsqlitecpp-dev libsqlite3-dev sqlite3 \
  libgtest-dev libgmock-dev libbenchmark-dev libcli11-dev libyaml-cpp-dev nlohmann-json3-dev \
  libfmt-dev libgumbo-dev libpoppler-cpp-dev libarchive-dev libxxhash-dev libpugixml-dev liblinear-dev \
  poppler-utils ripgrep python3 time chromium xz-utils

.PHONY: all deps build demo test clean bench fuzz tsan

all: demo

deps:
	@missing=$$(for p in $(PACKAGES); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q 'install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "Installing missing Debian packages:" $$missing; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing; \
	fi

build: deps
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release -DNORMCODE_BUILD_TESTS=OFF >/dev/null
	cmake --build $(BUILD) -j $(JOBS)

demo: build
	./$(BUILD)/normcode run --db $(DB) corpus/
	./$(BUILD)/normcode stats --db $(DB)

test: deps
	cmake -S . -B $(TEST_BUILD) -DCMAKE_BUILD_TYPE=Debug -DNORMCODE_SANITIZE=ON >/dev/null
	cmake --build $(TEST_BUILD) -j $(JOBS)
	./$(TEST_BUILD)/normcode lexicon check lexicons
	cd $(TEST_BUILD) && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  NORMCODE_REQUIRE_CHROMIUM=1 ctest --output-on-failure -j $(JOBS)
	tools/tsan.sh

# Benchmark (not part of the tests): generates a corpus and measures every stage; see bench/README.md.
bench: deps
	bench/run_bench.sh $(BENCH_ARGS)

# libFuzzer targets (clang), each run for FUZZ_SECONDS; see docs/RELIABILITY.md.
FUZZ_SECONDS ?= 60
fuzz: deps
	@$(MAKE) --no-print-directory deps PACKAGES="clang libclang-rt-14-dev"
	tools/fuzz.sh $(FUZZ_SECONDS)

# The pipeline tests under ThreadSanitizer alone (also the last step of `make test`).
tsan: deps
	tools/tsan.sh

clean:
	rm -rf $(BUILD) $(TEST_BUILD) build-tsan
