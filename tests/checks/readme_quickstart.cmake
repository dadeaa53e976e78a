# Check that the C quickstart in README.md is exactly tests/checks/quickstart.c
# (which the `quickstart` test compiles and runs), so the README cannot rot.
#
#   cmake -DREADME=README.md -DSOURCE=tests/checks/quickstart.c -P readme_quickstart.cmake
#
# The README holds the program between the lines
#   <!-- quickstart.c begin -->   ```c   ...   ```   <!-- quickstart.c end -->
file(READ "${README}" readme)
file(READ "${SOURCE}" source)
set(begin_marker "<!-- quickstart.c begin -->\n```c\n")
set(end_marker "```\n<!-- quickstart.c end -->")
string(FIND "${readme}" "${begin_marker}" b)
string(FIND "${readme}" "${end_marker}" e)
if(b EQUAL -1 OR e EQUAL -1)
  message(FATAL_ERROR "quickstart_readme: ${README} lacks the markers "
    "'<!-- quickstart.c begin -->' + ```c ... ``` + '<!-- quickstart.c end -->'")
endif()
string(LENGTH "${begin_marker}" blen)
math(EXPR start "${b} + ${blen}")
math(EXPR len "${e} - ${start}")
if(len LESS 0)
  message(FATAL_ERROR "quickstart_readme: markers out of order in ${README}")
endif()
string(SUBSTRING "${readme}" ${start} ${len} snippet)
if(NOT snippet STREQUAL source)
  get_filename_component(dir "${SOURCE}" DIRECTORY)
  set(tmp "${CMAKE_CURRENT_BINARY_DIR}/quickstart_from_readme.c")
  if(DEFINED OUT)
    set(tmp "${OUT}")
  endif()
  file(WRITE "${tmp}" "${snippet}")
  execute_process(COMMAND diff -u "${SOURCE}" "${tmp}")
  message(FATAL_ERROR "quickstart_readme: the C quickstart in ${README} differs "
    "from ${SOURCE} (diff above, + is the README). Keep the two identical.")
endif()
message(STATUS "quickstart_readme: OK: README.md quickstart == ${SOURCE}")
