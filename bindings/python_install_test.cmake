# bindings_python_install: pip install ./bindings/python into a fresh venv,
# offline, then import it and make one call. Run with cmake -P and
# -DPYTHON= -DSOURCE= -DWORK= -DLIBRARY=.
# The package is copied first so the in-tree build leaves nothing in the
# source tree.
foreach(v PYTHON SOURCE WORK LIBRARY)
  if(NOT DEFINED ${v})
    message(FATAL_ERROR "python_install_test: -D${v}= is required")
  endif()
endforeach()

file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK})
file(COPY ${SOURCE}/ DESTINATION ${WORK}/src
     PATTERN __pycache__ EXCLUDE PATTERN "*.egg-info" EXCLUDE PATTERN build EXCLUDE)

function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out
                  ERROR_VARIABLE err WORKING_DIRECTORY ${WORK})
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "python_install_test: `${ARGN}` failed (${rc}):\n${out}\n${err}")
  endif()
  set(last_output "${out}" PARENT_SCOPE)
endfunction()

run(${PYTHON} -m venv --system-site-packages ${WORK}/venv)
set(ENV{PIP_DISABLE_PIP_VERSION_CHECK} 1)
set(ENV{PIP_NO_INPUT} 1)
run(${WORK}/venv/bin/python -m pip install --no-index --no-build-isolation
    --no-cache-dir ${WORK}/src)

set(ENV{KOL_LIBRARY} ${LIBRARY})
set(ENV{PYTHONDONTWRITEBYTECODE} 1)
set(ENV{VIRTUAL_ENV_DIR} ${WORK}/venv)
run(${WORK}/venv/bin/python -c [=[
import os, kol
assert kol.__file__.startswith(os.path.join(os.environ["VIRTUAL_ENV_DIR"], "lib")), kol.__file__
with kol.Context() as ctx:
    roster = kol.Roster(ctx)
    roster.fill([{"id": "a", "followers": 12000, "avg_likes": 900},
                 {"id": "b", "followers": 800000, "avg_likes": 9000}])
    ranking = kol.ValueModel(ctx).score_roster(roster).ranking()
assert sorted(i for i, _ in ranking) == ["a", "b"], ranking
print("installed kol", kol.__version__, "from", kol.__file__, "libkol", kol.version_string())
]=])
message(STATUS "${last_output}")
