# Numeric extremes across every module that takes numbers (issue 9,
# item 7): counts near 2^53, denormals, every metric missing, one-record
# cohorts, constant series, ten million samples through the traffic
# monitor. tests/test_extremes.c uses the header-only XXH3 of xxhash.h
# (libxxhash-dev, as the fuzz targets do) to forge a sketch's checksum.
kol_unit_test(test_extremes SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_extremes.c)
