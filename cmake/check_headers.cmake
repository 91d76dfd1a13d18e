# check_headers: every public header compiles on its own (../shared/STYLE.md
# §7). One generated translation unit per include/dynastore/**/*.h holding
# nothing but that header's #include, compiled with the project's warnings,
# include/ (not src/: a public header's users cannot see src/) and the
# third-party headers public headers may use (RapidJSON; spdlog with its
# compile definitions). Part of the default build; alone:
#   cmake --build build --target check_headers
file(GLOB_RECURSE public_headers CONFIGURE_DEPENDS RELATIVE ${PROJECT_SOURCE_DIR}/include
     ${PROJECT_SOURCE_DIR}/include/dynastore/*.h)
set(header_units)
foreach(header ${public_headers})
  string(REGEX REPLACE "\\.h$" ".cc" unit ${PROJECT_BINARY_DIR}/check_headers/${header})
  file(GENERATE OUTPUT ${unit} CONTENT "#include \"${header}\"\n")
  list(APPEND header_units ${unit})
endforeach()
add_library(check_headers OBJECT ${header_units})
target_include_directories(check_headers PRIVATE ${PROJECT_SOURCE_DIR}/include ${RAPIDJSON_INCLUDE_DIRS})
target_link_libraries(check_headers PRIVATE spdlog::spdlog)
# Only whether each header compiles matters, not the code it makes: without
# optimising and debug info the 42 units take about 26 s of CPU instead of 34.
target_compile_options(check_headers PRIVATE -O0 -g0)
