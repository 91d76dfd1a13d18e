// The only way src/http includes Boost.Asio/Beast. Boost 1.74's headers are
// not clean under our -Wall -Wextra -Wpedantic -Werror with C++20, so they are
// marked as system headers here rather than weakening the project's flags.
// Private to src/http: nothing under include/ may include this.
#pragma once
#pragma GCC system_header

#include <boost/asio/connect.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

namespace dynastore::http::detail {

// Short aliases. Note "bhttp", not "http": inside dynastore::http the name
// http already means our own namespace.
namespace net = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = boost::asio::ip::tcp;
using error_code = boost::system::error_code;

}  // namespace dynastore::http::detail
