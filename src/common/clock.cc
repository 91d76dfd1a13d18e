#include "dynastore/common/clock.h"

#include <chrono>

namespace dynastore {

double epoch_seconds_now() {
  using namespace std::chrono;
  return static_cast<double>(duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count()) / 1000.0;
}

}  // namespace dynastore
