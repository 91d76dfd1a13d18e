# dynastore_module(<name> DEPS <modules...> [PRIVATE_LIBS <libs...>])
# Builds library dynastore_<name> from every .cc under src/<name>/ (recursively),
# with public headers under include/dynastore/<name>/. A module with no sources
# yet is a header-only INTERFACE library.
function(dynastore_module name)
  cmake_parse_arguments(ARG "" "" "DEPS;PRIVATE_LIBS" ${ARGN})
  file(GLOB_RECURSE sources CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/*.cc)
  set(target dynastore_${name})
  if(sources)
    add_library(${target} STATIC ${sources})
    target_include_directories(${target}
      PUBLIC ${PROJECT_SOURCE_DIR}/include
      PRIVATE ${PROJECT_SOURCE_DIR}/src)
    set(scope PUBLIC)
    if(ARG_PRIVATE_LIBS)
      target_link_libraries(${target} PRIVATE ${ARG_PRIVATE_LIBS})
    endif()
  else()
    add_library(${target} INTERFACE)
    target_include_directories(${target} INTERFACE ${PROJECT_SOURCE_DIR}/include)
    set(scope INTERFACE)
  endif()
  foreach(dep ${ARG_DEPS})
    target_link_libraries(${target} ${scope} dynastore_${dep})
  endforeach()
endfunction()
