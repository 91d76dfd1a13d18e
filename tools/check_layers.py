#!/usr/bin/env python3
"""Checks the module boundaries of ../shared/STYLE.md §2 (and DESIGN.md).

Usage:
  tools/check_layers.py [ROOT] [--exceptions FILE]   check a source tree
  tools/check_layers.py --self-test                   prove the check can fail

For every file under src/<m>/ and include/dynastore/<m>/ it reports, as
"path:line: reason", each of:

  a. an include of "dynastore/<x>/..." where x is neither m nor in the
     transitive closure of the DEPS that src/<m>/CMakeLists.txt declares
     (dynastore_module(<m> DEPS ...), cmake/module.cmake); src/server, the
     executable, may include every module;
  b. an include of a module-private header "<x>/..." (under src/<x>/) of
     another module x, or of its own module's private header from a public
     header under include/ (whose users cannot see src/);
  c. a declared dependency that breaks the layer order (RANKS below): a module
     may depend only on modules of strictly lower rank; http depends only on
     common and only server may depend on http;
  d. a third-party library outside the one module that owns it (THIRD_PARTY).

A violation listed in tools/layer_exceptions.txt ("module -> target  # reason",
target being a module or a THIRD_PARTY name) is printed as a warning instead.
Exits 1 when anything is not allowed, else 0. Standard library only.
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile

# The layer order of ../shared/STYLE.md §2 ("Dependency direction, bottom to
# top"). Keep this table, the only copy of it here, in step with that section.
# One refinement: the catalog sits below its siblings. §2's own table has
# backup depend on catalog, and index (GSI backfill), streams and TTL read
# their settings and keep their progress in table descriptions, so catalog is
# the layer they stand on. And metrics (request counters, the access log, the
# Prometheus page) sits beside json and model: api reports into it and server
# serves it, and it needs nothing but common.
RANKS = {
    "common": 0,
    "json": 1, "model": 1, "metrics": 1,
    "protocol": 2, "expr": 2, "auth": 2, "storage": 2,
    # Between storage and partition: a replica is a KvEngine whose writes go
    # through Raft, the replicated unit being storage's WriteBatch (phase 1
    # of REPLICATION.md: one group, so every writer - catalog, items, tokens,
    # stream trims, TTL - is replicated at that one seam; docs/replication.md).
    "replication": 2.5,
    "partition": 3,
    "routing": 4,
    "catalog": 5,
    "index": 6, "streams": 6, "ttl": 6, "txn": 6, "backup": 6,
    "api": 7,
    "server": 8,
}
# http sits outside the ranks: a leaf that depends only on common, joined to
# api by server alone (STYLE.md §2).
HTTP_DEPS = {"common"}
HTTP_USERS = {"server"}
# The executable: not a dynastore_module, may use every module.
EXECUTABLE = "server"

# Third-party libraries and the only directories that may use them
# (STYLE.md §2 "Confine each third-party library to one module"). Each rule is
# (name used in the exceptions file, regex over one source file, allowed
# directory prefixes, what is used). `token` regexes run on code without
# comments and string literals; `include` regexes on #include lines.
THIRD_PARTY = [
    ("rapidjson", "token", re.compile(r"\brapidjson\b"),
     ("src/json/", "include/dynastore/json/"), "RapidJSON"),
    ("rocksdb", "include", re.compile(r"^rocksdb/"),
     ("src/storage/rocksdb/",), "RocksDB"),
    ("boost", "include", re.compile(r"^boost/(beast|asio)\b"),
     ("src/http/",), "Boost.Asio/Beast"),
    ("openssl", "include", re.compile(r"^openssl/"),
     ("src/auth/", "src/http/"), "OpenSSL"),
    ("raft", "include", re.compile(r"^(raft\.h|raft/|uv\.h)"),
     ("src/replication/",), "canonical Raft and libuv"),
]

SOURCE_EXTENSIONS = (".h", ".hh", ".hpp", ".cc", ".cpp", ".cxx", ".inc", ".ipp")
INCLUDE_RE = re.compile(r'^[ \t]*#[ \t]*include[ \t]*([<"])([^>"\n]+)[>"]', re.M)
MODULE_CALL_RE = re.compile(r"\bdynastore_module\s*\(([^)]*)\)", re.S)
EXCEPTION_RE = re.compile(r"^\s*([A-Za-z0-9_]+)\s*->\s*([A-Za-z0-9_]+)\s*#\s*(\S.*?)\s*$")


def strip_code(text):
    """Returns (text without comments, text without comments and literals).

    Both keep every newline, so line numbers stay valid; raw strings
    (R"delim(...)delim") are understood, as help texts use them."""
    no_comments, no_literals = [], []
    i, n = 0, len(text)

    def blank(chunk):
        return re.sub(r"[^\n]", " ", chunk)

    while i < n:
        c = text[i]
        if text.startswith("//", i):
            j = text.find("\n", i)
            j = n if j < 0 else j
            no_comments.append(blank(text[i:j]))
            no_literals.append(blank(text[i:j]))
            i = j
        elif text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
            no_comments.append(blank(text[i:j]))
            no_literals.append(blank(text[i:j]))
            i = j
        elif c == "R" and text.startswith('"', i + 1) and not (i > 0 and (text[i - 1].isalnum() or text[i - 1] == "_")):
            open_paren = text.find("(", i + 2)
            delim = text[i + 2:open_paren] if open_paren >= 0 else ""
            close = text.find(")" + delim + '"', open_paren + 1) if open_paren >= 0 else -1
            j = n if close < 0 else close + len(delim) + 2
            no_comments.append(text[i:j])
            no_literals.append(blank(text[i:j]))
            i = j
        elif c in "\"'":
            j = i + 1
            while j < n and text[j] != c and text[j] != "\n":
                j += 2 if text[j] == "\\" else 1
            j = min(j + 1, n)
            no_comments.append(text[i:j])
            no_literals.append(blank(text[i:j]))
            i = j
        else:
            no_comments.append(c)
            no_literals.append(c)
            i += 1
    return "".join(no_comments), "".join(no_literals)


def line_of(text, offset):
    return text.count("\n", 0, offset) + 1


class Checker:
    def __init__(self, root, exceptions_path):
        self.root = root
        self.exceptions_path = exceptions_path
        self.errors = []     # (path, line, message)
        self.warnings = []
        self.exceptions = {}  # (module, target) -> [line, reason, used]
        self.deps = {}       # module -> [(dep, line)]
        self.cmake = {}      # module -> relative path of its CMakeLists.txt

    # --- inputs ---------------------------------------------------------

    def rel(self, path):
        return os.path.relpath(path, self.root).replace(os.sep, "/")

    def read(self, path):
        with open(path, encoding="utf-8", errors="replace") as f:
            return f.read()

    def load_exceptions(self):
        if not self.exceptions_path or not os.path.exists(self.exceptions_path):
            return
        rel = self.rel(self.exceptions_path)
        for number, line in enumerate(self.read(self.exceptions_path).splitlines(), 1):
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            m = EXCEPTION_RE.match(line)
            if not m:
                self.errors.append((rel, number, 'not "module -> target  # reason": ' + line.strip()))
                continue
            self.exceptions[(m.group(1), m.group(2))] = [number, m.group(3), False]

    def load_modules(self):
        src = os.path.join(self.root, "src")
        for name in sorted(os.listdir(src)):
            directory = os.path.join(src, name)
            if not os.path.isdir(directory):
                continue
            cmake = os.path.join(directory, "CMakeLists.txt")
            rel = self.rel(cmake)
            if not os.path.exists(cmake):
                self.errors.append((self.rel(directory), 1, "module directory without a CMakeLists.txt"))
                continue
            text = self.read(cmake)
            code = re.sub(r"#[^\n]*", lambda m: " " * len(m.group(0)), text)
            call = MODULE_CALL_RE.search(code)
            if not call:
                if name != EXECUTABLE:
                    self.errors.append((rel, 1, "declares no dynastore_module(%s DEPS ...)" % name))
                continue
            self.cmake[name] = rel
            words = [(m.group(0), call.start(1) + m.start()) for m in re.finditer(r"\S+", call.group(1))]
            if not words or words[0][0] != name:
                self.errors.append((rel, line_of(text, call.start()),
                                    "dynastore_module(%s ...) in src/%s/: the name must be the directory's"
                                    % (words[0][0] if words else "", name)))
            deps, in_deps = [], False
            for word, offset in words[1:]:
                if word.isupper():
                    in_deps = word == "DEPS"
                elif in_deps:
                    deps.append((word, line_of(text, offset)))
            self.deps[name] = deps
        include = os.path.join(self.root, "include", "dynastore")
        if os.path.isdir(include):
            for name in sorted(os.listdir(include)):
                if os.path.isdir(os.path.join(include, name)) and name not in self.deps:
                    self.errors.append(("include/dynastore/" + name, 1,
                                        "public headers of %s, which src/%s/CMakeLists.txt does not declare "
                                        "as a dynastore_module" % (name, name)))

    def closure(self, module):
        seen, stack = set(), [d for d, _ in self.deps.get(module, [])]
        while stack:
            d = stack.pop()
            if d not in seen:
                seen.add(d)
                stack.extend(dd for dd, _ in self.deps.get(d, []))
        return seen

    # --- reporting ------------------------------------------------------

    def report(self, module, target, path, line, message):
        allowed = self.exceptions.get((module, target))
        if allowed:
            allowed[2] = True
            self.warnings.append((path, line, "allowed by %s:%d (%s): %s" % (
                self.rel(self.exceptions_path), allowed[0], allowed[1], message)))
        else:
            self.errors.append((path, line, message))

    # --- the rules ------------------------------------------------------

    def check_declared_deps(self):  # rule c
        for module, deps in sorted(self.deps.items()):
            rel = self.cmake[module]
            if module != "http" and module not in RANKS:
                self.errors.append((rel, 1, "module %s is not in the layer table (STYLE.md §2, RANKS in "
                                            "tools/check_layers.py)" % module))
                continue
            for dep, line in deps:
                if dep not in self.deps:
                    self.report(module, dep, rel, line, "%s depends on %s, which is no dynastore_module" % (module, dep))
                elif module == "http":
                    if dep not in HTTP_DEPS:
                        self.report(module, dep, rel, line, "http may depend only on common, not on %s" % dep)
                elif dep == "http":
                    if module not in HTTP_USERS:
                        self.report(module, dep, rel, line,
                                    "%s depends on http, which only server may use (http is a leaf)" % module)
                elif dep not in RANKS:
                    pass  # reported as not in the layer table
                elif RANKS[dep] >= RANKS[module]:
                    self.report(module, dep, rel, line, "%s (layer %d) depends on %s (layer %d): a module may "
                                                        "depend only on lower layers (STYLE.md §2)"
                                % (module, RANKS[module], dep, RANKS[dep]))

    def source_files(self):
        for top in ("src", os.path.join("include", "dynastore")):
            base = os.path.join(self.root, top)
            for directory, subdirs, files in os.walk(base):
                subdirs.sort()
                for f in sorted(files):
                    if f.endswith(SOURCE_EXTENSIONS):
                        path = os.path.join(directory, f)
                        rel = self.rel(path)
                        parts = rel.split("/")
                        public = parts[0] == "include"
                        module = parts[2] if public else parts[1]
                        if len(parts) < (4 if public else 3):
                            module = None  # directly in src/ or include/dynastore/
                        yield path, rel, module, public

    def check_file(self, path, rel, module, public):  # rules a, b, d
        if module is None:
            self.errors.append((rel, 1, "source file outside any module directory"))
            return
        no_comments, no_literals = strip_code(self.read(path))
        allowed = self.closure(module) | {module}
        private_dirs = set(self.deps) | {EXECUTABLE}
        includes = [(m.group(1), m.group(2).strip(), line_of(no_comments, m.start()))
                    for m in INCLUDE_RE.finditer(no_comments)]
        for bracket, header, line in includes:
            parts = header.split("/")
            if parts[0] == "dynastore" and len(parts) > 2:
                target = parts[1]
                if target not in self.deps:
                    self.report(module, target, rel, line, "includes %s of %s, which is no dynastore_module"
                                % (header, target))
                elif module != EXECUTABLE and target not in allowed:
                    self.report(module, target, rel, line, "%s includes %s but does not depend on %s "
                                "(src/%s/CMakeLists.txt DEPS, transitively)" % (module, header, target, module))
            elif bracket == '"' and len(parts) > 1 and parts[0] in private_dirs:
                target = parts[0]
                if target != module:
                    self.report(module, target, rel, line, "includes %s, private to src/%s/; use a header under "
                                "include/dynastore/%s/" % (header, target, target))
                elif public:
                    self.report(module, target, rel, line, "public header includes %s, private to src/%s/, "
                                "which its users cannot see" % (header, target))
        for name, kind, pattern, owners, what in THIRD_PARTY:
            if rel.startswith(owners):
                continue
            outside = "%s outside %s" % (what, " and ".join(o.rstrip("/") for o in owners))
            if kind == "include":
                for _, header, line in includes:
                    if pattern.search(header):
                        self.report(module, name, rel, line, "%s (includes %s)" % (outside, header))
            else:
                for m in pattern.finditer(no_literals):
                    self.report(module, name, rel, line_of(no_literals, m.start()), "%s (%s)" % (outside, m.group(0)))

    def run(self):
        self.load_exceptions()
        self.load_modules()
        self.check_declared_deps()
        for path, rel, module, public in self.source_files():
            self.check_file(path, rel, module, public)
        for (module, target), (line, reason, used) in sorted(self.exceptions.items()):
            if not used:
                self.warnings.append((self.rel(self.exceptions_path), line,
                                      "%s -> %s is no longer needed: remove this exception" % (module, target)))
        for path, line, message in self.warnings:
            print("%s:%d: warning: %s" % (path, line, message))
        for path, line, message in self.errors:
            print("%s:%d: %s" % (path, line, message))
        if self.errors:
            print("check_layers: %d violation(s) of the module boundaries (../shared/STYLE.md §2)" % len(self.errors))
            return 1
        return 0


# --- self-test ------------------------------------------------------------

def write(root, rel, text):
    path = os.path.join(root, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def fake_tree(root):
    """A minimal tree that obeys every rule."""
    write(root, "src/common/CMakeLists.txt", "dynastore_module(common)\n")
    write(root, "include/dynastore/common/status.h", "#pragma once\n")
    write(root, "src/json/CMakeLists.txt", "dynastore_module(json DEPS common)\n")
    write(root, "include/dynastore/json/json.h",
          '#pragma once\n#include <rapidjson/document.h>\nusing Value = rapidjson::Value;\n')
    write(root, "src/model/CMakeLists.txt", "dynastore_module(model DEPS common)\n")
    write(root, "include/dynastore/model/item.h", '#pragma once\n#include "dynastore/common/status.h"\n')
    write(root, "src/model/item.cc",
          '#include "dynastore/model/item.h"\n#include "model/private.h"\n'
          '// rapidjson:: in a comment is no use of it\nconst char* s = "rapidjson::";\n')
    write(root, "src/model/private.h", "#pragma once\n")
    write(root, "src/storage/CMakeLists.txt", "dynastore_module(storage DEPS common)\n")
    write(root, "src/storage/rocksdb/engine.cc", "#include <rocksdb/db.h>\n")
    write(root, "src/partition/CMakeLists.txt",
          "dynastore_module(partition\n  DEPS model storage  # common through model\n  PRIVATE_LIBS x)\n")
    write(root, "include/dynastore/partition/store.h",
          '#pragma once\n#include "dynastore/model/item.h"\n#include "dynastore/common/status.h"\n')
    write(root, "src/http/CMakeLists.txt", "dynastore_module(http DEPS common)\n")
    write(root, "src/http/beast.h", "#include <boost/beast/http.hpp>\n#include <openssl/ssl.h>\n")
    write(root, "src/server/CMakeLists.txt", "add_executable(dynastore main.cc)\n")
    write(root, "src/server/main.cc", '#include "dynastore/partition/store.h"\n#include "server/config.h"\n'
          'const char* help = R"(see "http://x" // not a comment)";\n')
    write(root, "src/server/config.h", "#pragma once\n")


def self_test():
    script = os.path.abspath(__file__)
    failures = []

    def run(root, exceptions=None):
        args = [sys.executable, script, root]
        if exceptions:
            args += ["--exceptions", exceptions]
        p = subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        return p.returncode, p.stdout

    def expect(case, code, output, want_code, wanted=(), unwanted=()):
        problems = []
        if code != want_code:
            problems.append("exit %d, wanted %d" % (code, want_code))
        problems += ["no line containing %r" % w for w in wanted if w not in output]
        problems += ["a line containing %r" % w for w in unwanted if w in output]
        status = "FAIL" if problems else "ok"
        print("self-test %s: %s" % (case, status))
        if problems:
            failures.append(case)
            print("  " + "; ".join(problems) + "\n  output:\n    " + output.replace("\n", "\n    "))

    # Each case: files written over the clean tree, then what must be named.
    cases = [
        ("upward include and rapidjson outside json",
         {"include/dynastore/model/bad.h": '#pragma once\n#include "dynastore/partition/store.h"\n',
          "src/model/bad.cc": '#include "dynastore/model/bad.h"\n\nrapidjson::Value v;\n'},
         ["include/dynastore/model/bad.h:2: model includes dynastore/partition/store.h but does not depend on partition",
          "src/model/bad.cc:3: RapidJSON outside src/json and include/dynastore/json (rapidjson)"]),
        ("private header of another module",
         {"src/partition/store.cc": '#include "dynastore/partition/store.h"\n#include "model/private.h"\n'},
         ["src/partition/store.cc:2: includes model/private.h, private to src/model/"]),
        ("private header from a public header",
         {"include/dynastore/model/leak.h": '#pragma once\n#include "model/private.h"\n'},
         ["include/dynastore/model/leak.h:2: public header includes model/private.h"]),
        ("upward declared dependency",
         {"src/model/CMakeLists.txt": "dynastore_module(model\n  DEPS common partition)\n"},
         ["src/model/CMakeLists.txt:2: model (layer 1) depends on partition (layer 3)"]),
        ("same-layer declared dependency",
         {"src/json/CMakeLists.txt": "dynastore_module(json DEPS common model)\n"},
         ["src/json/CMakeLists.txt:1: json (layer 1) depends on model (layer 1)"]),
        ("http depending on more than common",
         {"src/http/CMakeLists.txt": "dynastore_module(http DEPS common model)\n"},
         ["src/http/CMakeLists.txt:1: http may depend only on common, not on model"]),
        ("module outside the layer table",
         {"src/gadgets/CMakeLists.txt": "dynastore_module(gadgets DEPS common)\n"},
         ["src/gadgets/CMakeLists.txt:1: module gadgets is not in the layer table"]),
        ("third-party includes outside their modules",
         {"src/partition/engine.cc": "#include <rocksdb/db.h>\n#include <boost/asio/post.hpp>\n"
                                     "#include <openssl/evp.h>\n#include <rapidjson/writer.h>\n",
          "src/storage/memory.cc": "#include <rocksdb/db.h>\n"},
         ["src/partition/engine.cc:1: RocksDB outside src/storage/rocksdb (includes rocksdb/db.h)",
          "src/partition/engine.cc:2: Boost.Asio/Beast outside src/http (includes boost/asio/post.hpp)",
          "src/partition/engine.cc:3: OpenSSL outside src/auth and src/http (includes openssl/evp.h)",
          "src/partition/engine.cc:4: RapidJSON outside src/json and include/dynastore/json (rapidjson)",
          "src/storage/memory.cc:1: RocksDB outside src/storage/rocksdb"]),
    ]
    with tempfile.TemporaryDirectory(prefix="check_layers_") as tmp:
        clean = os.path.join(tmp, "clean")
        fake_tree(clean)
        code, output = run(clean)
        expect("clean tree", code, output, 0, unwanted=[": "])
        for i, (case, files, wanted) in enumerate(cases):
            root = os.path.join(tmp, "case%d" % i)
            shutil.copytree(clean, root)
            for rel, text in files.items():
                write(root, rel, text)
            code, output = run(root)
            expect(case, code, output, 1, wanted)
        # An exception turns exactly its violation into a warning; one that
        # allows nothing is pointed out.
        root = os.path.join(tmp, "excepted")
        shutil.copytree(clean, root)
        write(root, "src/partition/CMakeLists.txt", "dynastore_module(partition DEPS model storage catalog)\n")
        write(root, "src/catalog/CMakeLists.txt", "dynastore_module(catalog DEPS partition)\n")
        write(root, "src/model/bad.cc", "rapidjson::Value v;\n")
        exceptions = os.path.join(root, "exceptions.txt")
        write(root, "exceptions.txt", "# comment\npartition -> catalog  # being removed\nmodel -> json  # unused\n")
        code, output = run(root, exceptions)
        expect("exceptions", code, output, 1,
               ["src/partition/CMakeLists.txt:1: warning: allowed by exceptions.txt:2 (being removed): "
                "partition (layer 3) depends on catalog (layer 5)",
                "exceptions.txt:3: warning: model -> json is no longer needed",
                "src/model/bad.cc:1: RapidJSON outside"],
               unwanted=["src/partition/CMakeLists.txt:1: partition"])
        write(root, "exceptions.txt", "partition -> catalog\n")
        code, output = run(root, exceptions)
        expect("exception without a reason", code, output, 1,
               ['exceptions.txt:1: not "module -> target  # reason"'])
    if failures:
        print("check_layers self-test: %d case(s) failed" % len(failures))
        return 1
    print("check_layers self-test: all cases passed")
    return 0


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("root", nargs="?", default=os.path.dirname(here), help="source tree (default: this repository)")
    parser.add_argument("--exceptions", help="allow-list (default: ROOT/tools/layer_exceptions.txt)")
    parser.add_argument("--self-test", action="store_true", help="check the check on fake trees")
    args = parser.parse_args()
    if args.self_test:
        return self_test()
    root = os.path.abspath(args.root)
    exceptions = args.exceptions or os.path.join(root, "tools", "layer_exceptions.txt")
    return Checker(root, os.path.abspath(exceptions)).run()


if __name__ == "__main__":
    sys.exit(main())
