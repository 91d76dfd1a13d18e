// The only way bench/ includes Boost.Asio. Boost 1.74's headers are not clean
// under our -Wall -Wextra -Wpedantic -Werror with C++20, so they are marked as
// system headers here rather than weakening the project's flags (the same
// trick as src/http/beast.h). Beast's HTTP parser is included only by
// http_client.cc, through beast.h.
#pragma once
#pragma GCC system_header

// Boost 1.74's awaitable.hpp uses std::exchange without including it.
#include <utility>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace dynastore::bench {

namespace net = boost::asio;
using tcp = boost::asio::ip::tcp;
namespace ssl = boost::asio::ssl;
using error_code = boost::system::error_code;
template <typename T>
using awaitable = boost::asio::awaitable<T>;

}  // namespace dynastore::bench
