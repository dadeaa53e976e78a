# Traffic monitor benchmark (issue 4): samples per second per core with four
# channels, beside a pandas rolling-median baseline (bench/traffic_pandas.py,
# run by the program in the same invocation through Debian's
# /usr/bin/python3 with python3-pandas). Not a test.
add_executable(traffic_bench ${CMAKE_CURRENT_LIST_DIR}/traffic_bench.c)
target_link_libraries(traffic_bench PRIVATE kol m)
target_compile_options(traffic_bench PRIVATE ${KOL_WARNINGS})
target_compile_definitions(traffic_bench PRIVATE
  TRAFFIC_PANDAS_SCRIPT="${CMAKE_CURRENT_LIST_DIR}/traffic_pandas.py")
