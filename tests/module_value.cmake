# Tests of the tiering and value-model module (issue 3).
kol_unit_test(test_value SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_value.c)
kol_unit_test(test_tier SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_tier.c)
target_compile_definitions(test_tier PRIVATE
  KOL_DATA_DIR="${PROJECT_SOURCE_DIR}/../shared/data")
