#!/usr/bin/env bash
# Runs each libFuzzer binary of a DYNASTORE_FUZZERS build (make fuzz) for
# FUZZ_SECONDS over its seed corpus, and fails if any finds a crash, a leak, a
# timeout or an out-of-memory input.
#
#   tests/fuzz/run_fuzzers.sh <build-dir> [target...]
#
# FUZZ_SECONDS (default 60) per target; FUZZ_JOBS (default 1) libFuzzer
# workers per target; FUZZ_ARTIFACTS (default <build-dir>/fuzz-artifacts)
# keeps crash inputs and each target's log; FUZZ_ARGS adds libFuzzer flags.
# The corpus each run grows goes to <artifacts>/corpus/<target>, so the
# committed seeds stay as they are; a later run starts from both.
set -u

build_dir="${1:?usage: run_fuzzers.sh <build-dir> [target...]}"
shift
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
seconds="${FUZZ_SECONDS:-60}"
jobs="${FUZZ_JOBS:-1}"
artifacts="${FUZZ_ARTIFACTS:-$build_dir/fuzz-artifacts}"
mkdir -p "$artifacts"
artifacts="$(cd "$artifacts" && pwd)"
build_dir="$(cd "$build_dir" && pwd)"
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  for source in "$here"/targets/*.cc; do targets+=("$(basename "$source" .cc)"); done
fi

failed=()
for target in "${targets[@]}"; do
  binary="$build_dir/tests/fuzz/fuzz_$target"
  if [ ! -x "$binary" ]; then
    echo "run_fuzzers: $binary is missing (build the 'fuzzers' target)" >&2
    failed+=("$target")
    continue
  fi
  grown="$artifacts/corpus/$target"
  mkdir -p "$grown" "$artifacts/$target"
  # Parallel workers write their logs (fuzz-<n>.log) to the working
  # directory: the target's artifact directory.
  parallel=()
  if [ "$jobs" -gt 1 ]; then parallel=(-jobs="$jobs" -workers="$jobs"); fi
  dict=()
  if [ -f "$here/dict/$target.dict" ]; then dict=(-dict="$here/dict/$target.dict"); fi
  log="$artifacts/$target.log"
  echo "== $target: ${seconds}s"
  # -rss_limit_mb: a target whose memory grows without bound fails here.
  # -timeout: one input may take at most 10 s (slow-unit reports above 1 s).
  (cd "$artifacts/$target" &&
    ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}" \
    UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}" \
      "$binary" "${dict[@]}" "${parallel[@]}" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
        -max_len=8192 -print_final_stats=1 -artifact_prefix="$artifacts/$target/" ${FUZZ_ARGS:-} \
        "$grown" "$here/corpus/$target") >"$log" 2>&1
  status=$?
  # The last status line and the final statistics.
  grep -E '^#[0-9]+.*(DONE|pulse|NEW|REDUCE)' "$log" | tail -n 1
  grep -E '^stat::(number_of_executed_units|average_exec_per_sec|peak_rss_mb)' "$log" | tr '\n' ' '
  echo
  if [ $status -ne 0 ]; then
    echo "run_fuzzers: $target FAILED (exit $status); log: $log; inputs: $artifacts/$target/" >&2
    grep -E 'ERROR|FUZZ INVARIANT|runtime error|SUMMARY' "$log" | head -n 5 >&2
    failed+=("$target")
  fi
done

if [ ${#failed[@]} -ne 0 ]; then
  echo "run_fuzzers: failed: ${failed[*]}" >&2
  exit 1
fi
echo "run_fuzzers: ${#targets[@]} target(s), ${seconds}s each, no findings"
