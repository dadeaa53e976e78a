# Tests of internal code the shared library does not export (order
# statistics, message formatting, allocation and error helpers, the frozen
# generator): tests/test_internal.c, linked against the static library with
# lib/ on the include path. Labelled "unit" like every module test, so the
# coverage run (tests/coverage.sh) counts it.
kol_unit_test(test_internal SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_internal.c)
# kol_unit_test links the shared library; the internal symbols come from
# the static one (hidden in the shared one), listed after it.
target_link_libraries(test_internal PRIVATE kol_static)
target_include_directories(test_internal PRIVATE ${PROJECT_SOURCE_DIR}/lib)
