# ROI evaluation and cost benchmarks (include/kol/roi.h, include/kol/cost.h).
kol_unit_test(test_roi SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_roi.c)
# test_keys_rollback_shift reads the seed of an evaluator's key table
# (kol__roi_key_seed(), lib/internal/intern.h), hidden in the shared
# library: the static one supplies it, listed after (as for test_internal).
target_link_libraries(test_roi PRIVATE kol_static)
kol_unit_test(test_cost SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_cost.c)
# Real data for a sanity check (skipped with a message when absent).
target_compile_definitions(test_cost PRIVATE
  KOL_SHARED_DATA_DIR="${PROJECT_SOURCE_DIR}/../shared/data")
