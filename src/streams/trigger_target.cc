#include "dynastore/streams/trigger_target.h"

#include "streams/targets.h"

namespace dynastore::streams {

Result<std::unique_ptr<TriggerTarget>> make_trigger_target(std::string_view target) {
  if (target.starts_with("http://")) return make_http_target(target);
  if (target.starts_with("cmd:")) return make_command_target(target.substr(4));
  return Status::invalid_argument("a trigger target is http://host:port/path or cmd:<command>, not " +
                                  std::string(target));
}

}  // namespace dynastore::streams
