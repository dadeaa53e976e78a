# Bindings benchmark (issue 7): batch scoring of 10 million records through
# the Python binding with numpy arrays, beside the same
# kol_value_score_columns() call from C (bench/bindings_bench.c runs
# bench/bindings_bench.py with Debian's /usr/bin/python3 in the same
# invocation). Prints only; not a test.
add_executable(bindings_bench ${CMAKE_CURRENT_LIST_DIR}/bindings_bench.c)
target_link_libraries(bindings_bench PRIVATE kol m)
target_compile_options(bindings_bench PRIVATE ${KOL_WARNINGS})
target_compile_definitions(bindings_bench PRIVATE
  BINDINGS_BENCH_SCRIPT="${CMAKE_CURRENT_LIST_DIR}/bindings_bench.py"
  BINDINGS_PYTHON_DIR="${PROJECT_SOURCE_DIR}/bindings/python"
  KOL_LIBRARY_FILE="$<TARGET_FILE:kol>")
