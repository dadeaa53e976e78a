# Unit tests (cmocka): one program per module, each a ctest test of the
# same name. Included from tests/CMakeLists.txt.
#
# Module test files (tests/module_<name>.cmake) add their programs with
#   kol_unit_test(test_<name> SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_<name>.c)
# which links the shared library, the test support library and cmocka.

# --- cmocka: pkg-config first, then a plain search -------------------------
find_package(PkgConfig QUIET)
if(PkgConfig_FOUND)
  pkg_check_modules(CMOCKA QUIET IMPORTED_TARGET cmocka)
endif()
if(TARGET PkgConfig::CMOCKA)
  set(KOL_CMOCKA_TARGET PkgConfig::CMOCKA)
else()
  find_path(KOL_CMOCKA_INCLUDE_DIR cmocka.h)
  find_library(KOL_CMOCKA_LIBRARY cmocka)
  if(NOT KOL_CMOCKA_INCLUDE_DIR OR NOT KOL_CMOCKA_LIBRARY)
    message(FATAL_ERROR
      "cmocka was not found (needed by the unit tests). On Debian: "
      "apt-get install -y libcmocka-dev pkg-config. "
      "Or configure with -DBUILD_TESTING=OFF.")
  endif()
  add_library(kol_cmocka INTERFACE IMPORTED)
  set_target_properties(kol_cmocka PROPERTIES
    INTERFACE_INCLUDE_DIRECTORIES "${KOL_CMOCKA_INCLUDE_DIR}"
    INTERFACE_LINK_LIBRARIES "${KOL_CMOCKA_LIBRARY}")
  set(KOL_CMOCKA_TARGET kol_cmocka)
endif()

# --- support library: counting allocator, failure loop, snapshots ---------
file(GLOB KOL_TEST_SUPPORT_SOURCES CONFIGURE_DEPENDS
     ${CMAKE_CURRENT_LIST_DIR}/support/*.c)
add_library(kol_test_support STATIC ${KOL_TEST_SUPPORT_SOURCES})
target_include_directories(kol_test_support PUBLIC
                           ${CMAKE_CURRENT_LIST_DIR}/support)
target_link_libraries(kol_test_support PUBLIC kol ${KOL_CMOCKA_TARGET} m)
target_compile_options(kol_test_support PRIVATE ${KOL_WARNINGS})

# kol_unit_test(<name> SOURCES <files>...)
# Builds <name> against the shared library `kol`, the support library and
# cmocka, with the project's warnings, and registers it as ctest test <name>.
function(kol_unit_test name)
  cmake_parse_arguments(ARG "" "TIMEOUT" "SOURCES" ${ARGN})
  if(NOT ARG_SOURCES)
    message(FATAL_ERROR "kol_unit_test(${name}): no SOURCES")
  endif()
  if(NOT ARG_TIMEOUT)
    set(ARG_TIMEOUT 900)
  endif()
  # A source that does not exist (yet) must not stop everyone's configure:
  # warn, and build in its place a program that says so and fails, so that
  # the target exists (for target_* calls that follow) and ctest reports
  # the test as failed.
  foreach(src IN LISTS ARG_SOURCES)
    if(NOT EXISTS "${src}")
      message(WARNING "kol_unit_test(${name}): ${src} does not exist; "
                      "the test ${name} will fail")
      set(stub ${CMAKE_CURRENT_BINARY_DIR}/${name}_missing_source.c)
      file(WRITE ${stub}
        "#include <stdio.h>\n"
        "int main(void)\n{\n"
        "    fputs(\"${name}: source missing: ${src}\\n\", stderr);\n"
        "    return 1;\n}\n")
      set(ARG_SOURCES ${stub})
      break()
    endif()
  endforeach()
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE kol kol_test_support
                        ${KOL_CMOCKA_TARGET} m)
  # KOL_FP_FLAGS as the library: the tests compute expected values bit for
  # bit, some with the library's inline functions (lib/internal/stats.h)
  target_compile_options(${name} PRIVATE ${KOL_WARNINGS} ${KOL_FP_FLAGS})
  add_test(NAME ${name} COMMAND ${name})
  set_tests_properties(${name} PROPERTIES LABELS "unit" TIMEOUT ${ARG_TIMEOUT})
endfunction()

kol_unit_test(test_core SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_core.c)
kol_unit_test(test_record SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_record.c)
kol_unit_test(test_roster SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_roster.c)
