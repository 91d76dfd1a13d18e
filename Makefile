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
	libraft-dev libuv1-dev liblz4-dev libjemalloc-dev \
	python3 python3-pytest python3-prometheus-client openssl iproute2 iptables

.PHONY: all deps build test unit-test conformance conformance-cluster run cluster cluster-soak cluster-catchup clean bench fuzz-batch stress-transactions fuzz fuzz-deps fuzz-http

all: build

# Installs those of the Debian packages $(1) that are missing when run as
# root, else prints the apt line and fails. $(1) may hold shell command
# substitutions ($$(...)) that print more package names.
define install_missing_debs
	@missing=""; \
	for p in $(1); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Installing:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	  else \
	    echo "Missing packages. Run: sudo apt-get install -y$$missing"; exit 1; \
	  fi; \
	fi
endef

# boto3 and the AWS CLI come from Debian only when python3 lacks them.
deps:
	$(call install_missing_debs,$(DEB_PACKAGES) \
	  $$(python3 -c 'import boto3' >/dev/null 2>&1 || echo python3-boto3) \
	  $$(command -v aws >/dev/null 2>&1 || echo awscli))

build: deps
	cmake -S . -B $(BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) >/dev/null
	cmake --build $(BUILD_DIR) -j$(JOBS)

unit-test: build
	ctest --test-dir $(BUILD_DIR) --output-on-failure -j$(JOBS)

conformance: build
	conformance/run --server-binary $(abspath $(BUILD_DIR))/dynastore

test: unit-test conformance conformance-cluster

# Standard benchmark suite against a fresh in-memory server (DYNALITE=1 adds
# dynalite side by side; BENCH_SECONDS, BENCH_RUNS: see bench/run_suite.sh).
bench: build
	BUILD_DIR=$(abspath $(BUILD_DIR)) bench/run_suite.sh

# The transactions stress test (conformance/test_transactions_stress.py:
# transfers under load, kill -9, restart, books checked) with STRESS_ROUNDS
# kill rounds instead of the 3 that `make test` runs. DYNASTORE_STRESS_SEED,
# DYNASTORE_STRESS_ROUND_SECONDS and DYNASTORE_STRESS_WRITERS pass through.
STRESS_ROUNDS ?= 20
stress-transactions: build
	DYNASTORE_STRESS_ROUNDS=$(STRESS_ROUNDS) conformance/run --server-binary $(abspath $(BUILD_DIR))/dynastore \
	  conformance/test_transactions_stress.py

# A long fuzz run of the write-batch decoder (the unit tests run a short one):
# FUZZ_ITERATIONS mutated batches, twenty times as many random byte strings.
FUZZ_ITERATIONS ?= 1000000
fuzz-batch: deps
	cmake -S . -B $(BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) >/dev/null
	cmake --build $(BUILD_DIR) --target dynastore_storage_tests -j$(JOBS)
	DYNASTORE_FUZZ_ITERATIONS=$(FUZZ_ITERATIONS) $(BUILD_DIR)/tests/dynastore_storage_tests --gtest_filter='WriteBatchFuzzTest.*'

# The coverage-guided fuzzers of tests/fuzz (`make test` runs the same
# targets briefly without them): clang with libFuzzer, AddressSanitizer and
# UndefinedBehaviorSanitizer in FUZZ_BUILD_DIR, each target FUZZ_SECONDS over
# its seed corpus; fails on any crash. Inputs that crash, and each target's
# log, land in FUZZ_BUILD_DIR/fuzz-artifacts; FUZZ_TARGETS picks targets
# (default: all), FUZZ_JOBS runs workers in parallel.
FUZZ_BUILD_DIR ?= build-fuzz
FUZZ_SECONDS ?= 60
FUZZ_TARGETS ?=
FUZZ_DEB_PACKAGES := clang libclang-rt-dev
fuzz-deps: deps
	$(call install_missing_debs,$(FUZZ_DEB_PACKAGES))

fuzz: fuzz-deps
	cmake -S . -B $(FUZZ_BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	  -DCMAKE_CXX_COMPILER=clang++ -DDYNASTORE_FUZZERS=ON -DDYNASTORE_BUILD_TESTS=OFF -DDYNASTORE_BUILD_BENCH=OFF >/dev/null
	cmake --build $(FUZZ_BUILD_DIR) --target fuzzers -j$(JOBS)
	FUZZ_SECONDS=$(FUZZ_SECONDS) tests/fuzz/run_fuzzers.sh $(FUZZ_BUILD_DIR) $(FUZZ_TARGETS)

# The HTTP-level fuzz of a running server (conformance/test_fuzz_http.py)
# with FUZZ_HTTP_REQUESTS mutated requests instead of the 3,000 of `make test`.
FUZZ_HTTP_REQUESTS ?= 50000
fuzz-http: build
	DYNASTORE_FUZZ_HTTP_REQUESTS=$(FUZZ_HTTP_REQUESTS) conformance/run --server-binary $(abspath $(BUILD_DIR))/dynastore \
	  conformance/test_fuzz_http.py

run: build
	$(BUILD_DIR)/dynastore --port $(PORT) --data-dir $(DATA_DIR)

# Three replicating nodes on loopback in the foreground (docs/replication.md):
# the DynamoDB API on CLUSTER_PORTS (8001 8002 8003), data in
# ./dynastore-cluster/. Ctrl-C stops them.
cluster: build
	DYNASTORE=$(BUILD_DIR)/dynastore tools/run_cluster.sh

# The conformance suite through a follower of a three-node cluster (tests of
# single-node behaviour, listed with reasons in conformance/cluster_exclusions.txt,
# and those that start their own servers skip).
conformance-cluster: build
	conformance/run --server-binary $(abspath $(BUILD_DIR))/dynastore --cluster

# The cluster's fault harness, long (conformance/cluster_faults.py; root, for
# network namespaces): LEADER_KILLS leader kills under a client workload,
# then every acknowledged write, counter and register history is checked.
# `make test` runs a 30-second mixed schedule of it.
LEADER_KILLS ?= 100
FAULT_SEED ?= 1
cluster-soak: build
	python3 conformance/cluster_faults.py --binary $(abspath $(BUILD_DIR))/dynastore \
	  --workdir $$(mktemp -d /tmp/dynastore-soak.XXXXXX) --leader-kills $(LEADER_KILLS) \
	  --seconds 3600 --seed $(FAULT_SEED)

# How long a replica that missed CATCHUP_MEGABYTES (1 GB) of writes takes to
# catch up, from the log and by copying the leader's store (make test runs it
# with 64 MB).
CATCHUP_MEGABYTES ?= 1024
cluster-catchup: build
	CATCHUP_MEGABYTES=$(CATCHUP_MEGABYTES) conformance/run --server-binary $(abspath $(BUILD_DIR))/dynastore \
	  conformance/test_cluster_catchup.py -s -q

clean:
	rm -rf $(BUILD_DIR)

# --- Container image and Debian package (docs/docker.md) ---------------------

.PHONY: build-deps docker docker-test package

# What building the server alone needs (the image's build stage): the same
# list as `deps` without the test tools.
BUILD_DEB_PACKAGES := $(filter-out libgtest-dev python3 python3-pytest python3-prometheus-client openssl iproute2 iptables,$(DEB_PACKAGES))
DOCKER_CACHE ?= $(abspath $(BUILD_DIR))/docker
IMAGE ?= localhost/dynastore:latest

build-deps:
	$(call install_missing_debs,$(BUILD_DEB_PACKAGES))

# The container image, built with buildah (no Docker daemon needed; installs
# buildah/podman and builds the Debian base images locally when missing).
docker:
	DOCKER_CACHE=$(DOCKER_CACHE) IMAGE=$(IMAGE) JOBS=$(JOBS) docker/build-image.sh

# Builds the image, runs it with podman and drives it with the AWS CLI.
docker-test: deps docker
	DOCKER_CACHE=$(DOCKER_CACHE) IMAGE=$(IMAGE) docker/test-image.sh

# A .deb (CPack) with the server, a systemd unit and its configuration.
package: build-deps
	cmake -S . -B $(BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) >/dev/null
	cmake --build $(BUILD_DIR) --target dynastore -j$(JOBS)
	cd $(BUILD_DIR) && cpack -G DEB
