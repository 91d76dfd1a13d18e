// Wall-clock time the way DynamoDB reports it (CreationDateTime and the
// like): seconds since the epoch, to the millisecond.
#pragma once

namespace dynastore {

double epoch_seconds_now();

}  // namespace dynastore
