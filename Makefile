# Thin wrapper around CMake and the test runners. The two commands a new user
# needs on a fresh Debian 12 machine are `make run` and `make test`.

BUILD_DIR ?= build
BUILD_TYPE ?= RelWithDebInfo
PORT ?= 8000
DATA_DIR ?= ./dynastore-data
JOBS ?= $(shell nproc 2>/dev/null || echo 2)

# Everything the build and the tests need, as Debian 12 packages.
DEB_PACKAGES := build-essential cmake ninja-build pkg-config libboost-dev libssl-dev \
	librocksdb-dev rapidjson-dev libspdlog-dev libgtest-dev libxxhash-dev zlib1g-dev \
	python3 python3-pytest

.PHONY: all deps build test unit-test conformance run clean

all: build

# Installs missing Debian packages when run as root, else prints the apt line.
# boto3 and the AWS CLI come from Debian only when python3 lacks them.
deps:
	@missing=""; \
	for p in $(DEB_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	python3 -c 'import boto3' >/dev/null 2>&1 || missing="$$missing python3-boto3"; \
	command -v aws >/dev/null 2>&1 || missing="$$missing awscli"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Installing:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	  else \
	    echo "Missing packages. Run: sudo apt-get install -y$$missing"; exit 1; \
	  fi; \
	fi

build: deps
	cmake -S . -B $(BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) >/dev/null
	cmake --build $(BUILD_DIR) -j$(JOBS)

unit-test: build
	ctest --test-dir $(BUILD_DIR) --output-on-failure -j$(JOBS)

conformance: build
	conformance/run --server-binary $(abspath $(BUILD_DIR))/dynastore

test: unit-test conformance

run: build
	$(BUILD_DIR)/dynastore --port $(PORT) --data-dir $(DATA_DIR)

clean:
	rm -rf $(BUILD_DIR)
