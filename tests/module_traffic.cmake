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

# The audience model's constants (lib/internal/audience_fit.h) are what
# tests/gen_audience_fit.py fits on instafake, to the digit: a researcher can
# remake them. Skipped (77) without numpy or without the data.
find_program(KOL_FIT_PYTHON NAMES python3 HINTS /usr/bin
             DOC "Python 3 with numpy, for the audience-fit check")
if(NOT KOL_FIT_PYTHON)
  set(KOL_FIT_PYTHON python3)
endif()
add_test(NAME audience_fit_drift
  COMMAND ${KOL_FIT_PYTHON} ${PROJECT_SOURCE_DIR}/tests/gen_audience_fit.py
          --check --data ${KOL_TRAFFIC_DATA_DIR}/instafake)
set_tests_properties(audience_fit_drift PROPERTIES SKIP_RETURN_CODE 77)
