# Value-model benchmark (issue 3): batch scoring records/s on one core with
# cohort normalization, beside the numpy implementation of the same formula
# (bench/value_numpy.py, run by the program in the same invocation through
# Debian's /usr/bin/python3). Not a test.
add_executable(value_bench ${CMAKE_CURRENT_LIST_DIR}/value_bench.c)
target_link_libraries(value_bench PRIVATE kol m)
target_compile_options(value_bench PRIVATE ${KOL_WARNINGS})
target_compile_definitions(value_bench PRIVATE
  VALUE_NUMPY_SCRIPT="${CMAKE_CURRENT_LIST_DIR}/value_numpy.py")
