# Tests of the false-traffic module: traffic monitor, engagement sanity,
# audience quality. Real data for the sanity checks is read from
# ../shared/data (tests skip with a message when it is absent).
set(KOL_TRAFFIC_DATA_DIR "${PROJECT_SOURCE_DIR}/../shared/data")

kol_unit_test(test_traffic SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_traffic.c)
target_compile_definitions(test_traffic PRIVATE
  KOL_DATA_DIR="${KOL_TRAFFIC_DATA_DIR}")
# The long tests of test_traffic (KOL_TEST_LONG set): 2^32 + 3 samples in
# one slot, whose n_samples must saturate at UINT32_MAX, not wrap. About
# 30 s in an optimised build, two minutes or more at -O0 or with
# sanitizers: registered for optimised builds without sanitizers only.
if(NOT KOL_SANITIZE AND CMAKE_BUILD_TYPE MATCHES "^(Release|RelWithDebInfo|MinSizeRel)$")
  add_test(NAME traffic_n_samples COMMAND test_traffic)
  set_tests_properties(traffic_n_samples PROPERTIES
    ENVIRONMENT "KOL_TEST_LONG=1" LABELS "unit;long" TIMEOUT 900)
endif()

if(EXISTS ${CMAKE_CURRENT_LIST_DIR}/test_sanity.c)
  kol_unit_test(test_sanity SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_sanity.c)
endif()

if(EXISTS ${CMAKE_CURRENT_LIST_DIR}/test_audience_quality.c)
  kol_unit_test(test_audience_quality
    SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_audience_quality.c)
  target_compile_definitions(test_audience_quality PRIVATE
    KOL_DATA_DIR="${KOL_TRAFFIC_DATA_DIR}")
endif()
