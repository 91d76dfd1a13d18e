// The two kinds of trigger target (see dynastore/streams/trigger_target.h).
#pragma once

#include <memory>
#include <string_view>

#include "dynastore/streams/trigger_target.h"

namespace dynastore::streams {

Result<std::unique_ptr<TriggerTarget>> make_http_target(std::string_view url);
Result<std::unique_ptr<TriggerTarget>> make_command_target(std::string_view command);

}  // namespace dynastore::streams
