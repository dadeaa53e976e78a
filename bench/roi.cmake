# ROI / cost-benchmark benchmark (issue 5): deliveries/s through
# kol_roi_add, group-by-KOL reports (with and without bootstrap), cost
# history updates, beside numpy doing the same group-by sums and exact
# per-cell quantiles (bench/roi_numpy.py, run in the same invocation with
# Debian's /usr/bin/python3). Prints only; not a test.
add_executable(roi_bench ${CMAKE_CURRENT_LIST_DIR}/roi_bench.c)
target_link_libraries(roi_bench PRIVATE kol m)
target_compile_options(roi_bench PRIVATE ${KOL_WARNINGS})
target_compile_definitions(roi_bench PRIVATE
  ROI_NUMPY_SCRIPT="${CMAKE_CURRENT_LIST_DIR}/roi_numpy.py")
