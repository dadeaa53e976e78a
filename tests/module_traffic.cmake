# Tests of the false-traffic module: traffic monitor, engagement sanity,
# audience quality. Real data for the sanity checks is read from
# ../shared/data (tests skip with a message when it is absent).
set(KOL_TRAFFIC_DATA_DIR "${PROJECT_SOURCE_DIR}/../shared/data")

kol_unit_test(test_traffic SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_traffic.c)
target_compile_definitions(test_traffic PRIVATE
  KOL_DATA_DIR="${KOL_TRAFFIC_DATA_DIR}")

if(EXISTS ${CMAKE_CURRENT_LIST_DIR}/test_sanity.c)
  kol_unit_test(test_sanity SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_sanity.c)
endif()

if(EXISTS ${CMAKE_CURRENT_LIST_DIR}/test_audience_quality.c)
  kol_unit_test(test_audience_quality
    SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_audience_quality.c)
  target_compile_definitions(test_audience_quality PRIVATE
    KOL_DATA_DIR="${KOL_TRAFFIC_DATA_DIR}")
endif()
