// A TCP socket bound to 127.0.0.1 on a port the kernel picks, for tests
// that play a peer by hand (listen on it) or need a port nobody uses (close
// it).
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdint>

namespace dynastore::testutil {

struct LoopbackSocket {
  int fd = -1;             // -1 when it could not be made or bound
  std::uint16_t port = 0;  // the port it is bound to
};

inline LoopbackSocket bind_loopback() {
  LoopbackSocket bound;
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return bound;
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    ::close(fd);
    return bound;
  }
  bound.fd = fd;
  bound.port = ntohs(address.sin_port);
  return bound;
}

}  // namespace dynastore::testutil
