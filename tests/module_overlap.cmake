# Overlap module (issue 6): audience sketches and the portfolio planner.
kol_unit_test(test_sketch SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_sketch.c)
kol_unit_test(test_planner SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_planner.c)
