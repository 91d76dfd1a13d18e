// Beast's HTTP/1.1 response parser for bench/http_client.cc, as system headers
// for the reason given in asio.h.
#pragma once
#pragma GCC system_header

#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>

namespace dynastore::bench {

namespace beast = boost::beast;
namespace bhttp = boost::beast::http;

}  // namespace dynastore::bench
