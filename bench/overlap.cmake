# Overlap module benchmark (issue 6): sketch updates per second per core and
# merge time, beside an exact hash-set count in the same run. Not a test.
add_executable(overlap_bench ${CMAKE_CURRENT_LIST_DIR}/overlap_bench.c)
target_link_libraries(overlap_bench PRIVATE kol m)
target_compile_options(overlap_bench PRIVATE ${KOL_WARNINGS})
