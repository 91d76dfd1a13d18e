// The command trigger target: runs `/bin/sh -c <command>` with the event on
// standard input; exit status 0 is success. Past the timeout (or when the
// server stops) its whole process group is killed. The child inherits the
// server's environment, standard output and standard error, so what a
// handler prints shows in the server's log, as a Lambda function's does in
// CloudWatch.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <thread>

#include "streams/targets.h"

extern char** environ;

namespace dynastore::streams {

namespace {

using Clock = std::chrono::steady_clock;

constexpr auto kPollSlice = std::chrono::milliseconds(20);

bool out_of_time(Clock::time_point deadline, const std::atomic<bool>& cancel) {
  return Clock::now() >= deadline || cancel.load(std::memory_order_relaxed);
}

// Writes `data` to the non-blocking pipe `fd`; false when the reader went
// away (EPIPE: the command exited without reading it all, which is its
// business) or time ran out.
bool write_all(int fd, std::string_view data, Clock::time_point deadline, const std::atomic<bool>& cancel) {
  while (!data.empty()) {
    const ssize_t n = ::write(fd, data.data(), data.size());
    if (n > 0) {
      data.remove_prefix(static_cast<std::size_t>(n));
    } else if (errno == EAGAIN) {
      if (out_of_time(deadline, cancel)) return false;
      pollfd p{fd, POLLOUT, 0};
      ::poll(&p, 1, static_cast<int>(kPollSlice.count()));
    } else if (errno != EINTR) {
      return false;
    }
  }
  return true;
}

std::string describe_exit(int wait_status) {
  if (WIFEXITED(wait_status)) return "exit status " + std::to_string(WEXITSTATUS(wait_status));
  if (WIFSIGNALED(wait_status)) return std::string("killed by signal ") + ::strsignal(WTERMSIG(wait_status));
  return "ended abnormally";
}

class CommandTarget final : public TriggerTarget {
 public:
  explicit CommandTarget(std::string command) : command_(std::move(command)) {}

  Result<std::string> deliver(std::string_view event, std::chrono::milliseconds timeout, const std::atomic<bool>& cancel) override {
    const auto deadline = Clock::now() + timeout;
    int pipe_fds[2];
    if (::pipe2(pipe_fds, O_CLOEXEC) != 0) return Status::io_error(std::string("pipe: ") + std::strerror(errno));
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    // dup2 clears close-on-exec on the child's standard input only.
    posix_spawn_file_actions_adddup2(&actions, pipe_fds[0], STDIN_FILENO);
    // Nor does it get the server's other descriptors (sockets of clients,
    // the listening socket) whether or not they are close-on-exec.
    posix_spawn_file_actions_addclosefrom_np(&actions, STDERR_FILENO + 1);
    std::string shell = "/bin/sh", dash_c = "-c";
    char* argv[] = {shell.data(), dash_c.data(), command_.data(), nullptr};
    // Its own process group, so a timeout stops the command and whatever it
    // started, not only the shell.
    posix_spawnattr_t attributes;
    posix_spawnattr_init(&attributes);
    posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETPGROUP);
    posix_spawnattr_setpgroup(&attributes, 0);
    pid_t pid = 0;
    const int spawned = ::posix_spawn(&pid, "/bin/sh", &actions, &attributes, argv, environ);
    posix_spawnattr_destroy(&attributes);
    posix_spawn_file_actions_destroy(&actions);
    ::close(pipe_fds[0]);
    if (spawned != 0) {
      ::close(pipe_fds[1]);
      return Status::io_error("cannot run /bin/sh: " + std::string(std::strerror(spawned)));
    }
    ::fcntl(pipe_fds[1], F_SETFL, ::fcntl(pipe_fds[1], F_GETFL) | O_NONBLOCK);
    write_all(pipe_fds[1], event, deadline, cancel);
    ::close(pipe_fds[1]);  // end of input
    int wait_status = 0;
    for (;;) {
      const pid_t done = ::waitpid(pid, &wait_status, WNOHANG);
      if (done == pid) break;
      if (done < 0 && errno != EINTR) return Status::io_error(std::string("waitpid: ") + std::strerror(errno));
      if (out_of_time(deadline, cancel)) {
        ::kill(-pid, SIGKILL);
        while (::waitpid(pid, &wait_status, 0) < 0 && errno == EINTR) {
        }
        return Status::io_error(cancel.load() ? "cancelled: the server is stopping"
                                              : "timed out after " + std::to_string(timeout.count()) + " ms");
      }
      std::this_thread::sleep_for(kPollSlice);
    }
    if (WIFEXITED(wait_status) && WEXITSTATUS(wait_status) == 0) return std::string();
    return Status::aborted("the command failed: " + describe_exit(wait_status));
  }

 private:
  std::string command_;
};

}  // namespace

Result<std::unique_ptr<TriggerTarget>> make_command_target(std::string_view command) {
  if (command.empty()) return Status::invalid_argument("a trigger's cmd: target needs a command");
  return std::unique_ptr<TriggerTarget>(std::make_unique<CommandTarget>(std::string(command)));
}

}  // namespace dynastore::streams
