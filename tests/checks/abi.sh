#!/usr/bin/env bash
# ABI check of libkol.so against the committed baseline (a ctest test).
#
#   abi.sh LIBKOL_SO BASELINE_ABI HEADERS_DIR...
#
# Compares the committed baseline (tests/abi/libkol.abi, made by abidw from
# an earlier build) with the freshly built library, using
# `abidiff --no-added-syms`: additions are allowed, any other reported
# change (a removed or changed function, a changed type reachable from the
# public headers, a changed SONAME or symbol version) fails the test.
# Only types declared in HEADERS_DIR count. See docs/abi-policy.md.
set -u
lib=$1
baseline=$2
shift 2
ABIDIFF=${ABIDIFF:-abidiff}
READELF=${READELF:-readelf}

if ! command -v "$ABIDIFF" > /dev/null 2>&1; then
  echo "abi: FAIL: abidiff not found (Debian package abigail-tools; .ci/deps installs it)" >&2
  exit 1
fi
if [ ! -f "$baseline" ]; then
  echo "abi: FAIL: no baseline $baseline (make one with tests/abi/update.sh)" >&2
  exit 1
fi
if ! "$READELF" -S "$lib" | grep -q '\.debug_info'; then
  # Without DWARF abidiff sees symbols only; that is not the check we want.
  echo "abi: SKIP: $lib has no debug info; configure with" \
       "-DCMAKE_BUILD_TYPE=RelWithDebInfo (or Debug) to run the ABI check"
  exit 77
fi

hd=()
for d in "$@"; do
  hd+=(--hd1 "$d" --hd2 "$d")
done

echo "abi: $ABIDIFF --no-added-syms ${hd[*]} $baseline $lib"
"$ABIDIFF" --no-added-syms "${hd[@]}" "$baseline" "$lib"
rc=$?
if [ "$rc" -ne 0 ]; then
  echo "abi: FAIL: abidiff exit status $rc" \
       "(bits: 1 error, 2 usage error, 4 ABI change, 8 incompatible change)." >&2
  echo "abi: The library's ABI differs from tests/abi/libkol.abi. If the change" >&2
  echo "abi: is deliberate and the version is below 1.0.0, regenerate the baseline" >&2
  echo "abi: with tests/abi/update.sh in a commit that says which symbols changed" >&2
  echo "abi: and why (docs/abi-policy.md)." >&2
  exit 1
fi
echo "abi: OK: no change against $baseline other than additions"
