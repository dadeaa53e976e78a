#!/usr/bin/env bash
# Run the README's quickstart program (a ctest test): it must exit 0 and
# print what README.md shows.
#   quickstart.sh PROGRAM
out=$("$1")
rc=$?
printf '%s\n' "$out"
if [ "$rc" -ne 0 ]; then
  echo "quickstart: exit status $rc" >&2
  exit 1
fi
if ! printf '%s\n' "$out" | grep -q '^refused: .' ||
   ! printf '%s\n' "$out" | grep -qx 'price: missing' ||
   ! printf '%s\n' "$out" | grep -qx 'views per follower: 0\.192'; then
  echo "quickstart: the output differs from what README.md shows" >&2
  exit 1
fi
