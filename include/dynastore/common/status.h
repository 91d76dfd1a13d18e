// Status and Result<T>: how errors travel below the api layer (STYLE.md §3).
// Codes are few and internal; api/ maps them to DynamoDB errors in one place.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace dynastore {

enum class StatusCode {
  kOk,
  kNotFound,
  kInvalidArgument,
  kAlreadyExists,
  kCorruption,
  kIoError,
  kBusy,
  kAborted,
  kShuttingDown,
  kLimitExceeded,
  kFailedPrecondition,  // the resource is not in a state that allows this (a table not ACTIVE)
  kInternal,
  kUnavailable,  // refused for now (e.g. writes while the disk is full); the cause is logged where it was found
};

class [[nodiscard]] Status {
 public:
  Status() = default;
  static Status ok() { return Status(); }
  static Status not_found(std::string msg) { return {StatusCode::kNotFound, std::move(msg)}; }
  static Status invalid_argument(std::string msg) { return {StatusCode::kInvalidArgument, std::move(msg)}; }
  static Status already_exists(std::string msg) { return {StatusCode::kAlreadyExists, std::move(msg)}; }
  static Status corruption(std::string msg) { return {StatusCode::kCorruption, std::move(msg)}; }
  static Status io_error(std::string msg) { return {StatusCode::kIoError, std::move(msg)}; }
  static Status busy(std::string msg) { return {StatusCode::kBusy, std::move(msg)}; }
  static Status aborted(std::string msg) { return {StatusCode::kAborted, std::move(msg)}; }
  static Status shutting_down(std::string msg) { return {StatusCode::kShuttingDown, std::move(msg)}; }
  static Status limit_exceeded(std::string msg) { return {StatusCode::kLimitExceeded, std::move(msg)}; }
  static Status failed_precondition(std::string msg) { return {StatusCode::kFailedPrecondition, std::move(msg)}; }
  static Status internal(std::string msg) { return {StatusCode::kInternal, std::move(msg)}; }
  static Status unavailable(std::string msg) { return {StatusCode::kUnavailable, std::move(msg)}; }

  bool is_ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }
  std::string to_string() const;

  // Marks a status deliberately unchecked; greppable on purpose.
  void ignore_error() const {}

 private:
  Status(StatusCode code, std::string msg) : code_(code), message_(std::move(msg)) {}
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

// Either a value or a non-ok Status.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : value_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Status status) : status_(std::move(status)) {}  // NOLINT: implicit by design

  bool is_ok() const { return value_.has_value(); }
  const Status& status() const { return status_; }
  T& value() & { return *value_; }
  const T& value() const& { return *value_; }
  T&& value() && { return std::move(*value_); }
  T* operator->() { return &*value_; }
  const T* operator->() const { return &*value_; }

 private:
  std::optional<T> value_;
  Status status_;
};

}  // namespace dynastore
