// The Raft library's headers, which declare C functions without saying so
// to a C++ compiler.
#pragma once

#include <uv.h>

extern "C" {
#include <raft.h>
#include <raft/uv.h>
}
