// Fault rules (fault_injector.h) as JSON, for the admin endpoint and
// --faults-file. One rule:
//
//   {"operation": "PutItem", "table": "Orders",     optional: any when absent
//    "error": "ThrottlingException",                or "delay_ms": 250
//    "count": 2,                                    optional: the next 2 matching requests
//    "probability": 0.5, "seed": 7}                 optional: each with this chance
//
// "error" is InternalServerError, ThrottlingException,
// ProvisionedThroughputExceededException or TransactionConflictException
// (also TransactionConflict). A rule needs "error" or "delay_ms", not both.
// A document holds one rule, a list of them, or {"seed": S, "faults": [...]},
// where S seeds each rule without a seed of its own (the first with S, the
// next with S + 1, ...). Unknown members are refused, so a typo cannot arm
// a rule other than the one meant.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "dynastore/api/fault_injector.h"
#include "dynastore/common/status.h"

namespace dynastore::api {

// Errors: InvalidArgument, saying what is wrong (and in which rule).
Result<std::vector<FaultRule>> parse_fault_rules(std::string_view json);

// {"faults": [{"id": 1, "operation": ..., "table": ..., "error": ... or
// "delay_ms": ..., "probability": ..., "seed": ..., "count": ...,
// "remaining": ..., "injected": ...}]}, members absent when unset.
std::string armed_faults_json(const std::vector<ArmedFault>& faults);

}  // namespace dynastore::api
