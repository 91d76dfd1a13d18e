// What every fuzz target under tests/fuzz/targets/ is built from.
//
// A target is one function over one input, written once and built two ways:
//   - with clang and libFuzzer (`make fuzz`, -DDYNASTORE_FUZZERS=ON): the
//     function is LLVMFuzzerTestOneInput and the binary is fuzz_<name>, run
//     under ASan and UBSan with coverage feedback;
//   - with the ordinary compiler in the unit tests (DYNASTORE_LIBFUZZER
//     undefined): the function is dynastore_fuzz_<name>, which
//     fuzz_driver_test.cc runs over the seed corpus and a bounded number of
//     mutations of it.
// A target returns 0. It ends the process through FUZZ_CHECK when an
// invariant of the code under test fails: libFuzzer then keeps the input as a
// crash, the driver prints it first.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace dynastore::fuzz {

// Prints `what` (and, under the driver, the input being run) and aborts.
[[noreturn]] void fail(const char* file, int line, const std::string& what);

// The driver's description of the input being run, printed by fail(); empty
// under libFuzzer, which saves the input itself.
void set_current_input(std::string_view input, std::string description);

// `s` with bytes outside printable ASCII as \xNN, cut after `limit` bytes:
// for failure messages.
std::string printable(std::string_view s, std::size_t limit = 300);

}  // namespace dynastore::fuzz

// FUZZ_CHECK(condition, message): `message` (anything convertible to
// std::string) is only built when the condition fails.
#define FUZZ_CHECK(condition, message)                                                  \
  do {                                                                                  \
    if (!(condition)) ::dynastore::fuzz::fail(__FILE__, __LINE__, std::string(#condition) + ": " + (message)); \
  } while (0)

#ifdef DYNASTORE_LIBFUZZER
#define DYNASTORE_FUZZ_TARGET(name) extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
#else
#define DYNASTORE_FUZZ_TARGET(name) int dynastore_fuzz_##name(const std::uint8_t* data, std::size_t size)
#endif
