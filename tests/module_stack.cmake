# Stack depth of the library's calls: the pipelines of the thread test
# (tests/threads/test_threads.c), each alone on a thread whose stack the
# test paints, with the stack their calls used below the caller's frame
# bounded by KOL_STACK_BOUND bytes (docs/reliability.md, "Stack"): 32 KB
# for an optimised build, 64 KB for an unoptimised one (Debug, -O0, where
# the traffic monitor's vector temporaries each get a slot of their own).
# With sanitizers (KOL_SANITIZE), whose instrumentation changes the
# frames, the figures are reported and not bounded.
find_package(Threads REQUIRED)
if(CMAKE_BUILD_TYPE STREQUAL "Debug")
  set(KOL_STACK_BOUND 65536)
else()
  set(KOL_STACK_BOUND 32768)
endif()
add_executable(test_stack ${CMAKE_CURRENT_LIST_DIR}/threads/test_threads.c)
target_link_libraries(test_stack PRIVATE kol Threads::Threads m)
target_compile_options(test_stack PRIVATE ${KOL_WARNINGS})
if(KOL_SANITIZE)
  add_test(NAME stack COMMAND test_stack --stack 0)
else()
  add_test(NAME stack COMMAND test_stack --stack ${KOL_STACK_BOUND})
endif()
set_tests_properties(stack PROPERTIES TIMEOUT 300)
