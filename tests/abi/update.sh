#!/usr/bin/env bash
# Regenerate the ABI baselines from a build:
#   tests/abi/libkol.symbols  (sorted list of exported symbols)
#   tests/abi/libkol.abi      (abidw description of the public ABI)
#
#   tests/abi/update.sh [BUILD_DIR]        (default: build)
#   cmake --build BUILD_DIR --target abi-baseline
#
# The build must be a normal one (no sanitizer) with debug info
# (RelWithDebInfo or Debug). Policy (docs/abi-policy.md):
#   - while the project version is below 1.0.0 the baselines may be
#     regenerated freely, deliberately, in a commit that says which symbols
#     changed and why (this script prints the list to paste);
#   - from 1.0.0 on, only additions: the script refuses when a symbol
#     disappears or abidiff --no-added-syms reports any change.
set -eu
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
build=${1:-$root/build}
build=$(cd "$build" && pwd)
lib=$build/lib/libkol.so
NM=${NM:-nm}
ABIDW=${ABIDW:-abidw}
ABIDIFF=${ABIDIFF:-abidiff}

die() { echo "update.sh: $*" >&2; exit 1; }

[ -f "$lib" ] || die "$lib not found: build the project first"
cache=$build/CMakeCache.txt
[ -f "$cache" ] || die "$build is not a CMake build directory"
if grep -q '^KOL_SANITIZE:STRING=.\+' "$cache"; then
  die "$build is a sanitizer build; use a normal build"
fi
readelf -S "$lib" | grep -q '\.debug_info' ||
  die "$lib has no debug info; configure with -DCMAKE_BUILD_TYPE=RelWithDebInfo"

vh=$build/include/kol/kol_version.h
major=$(sed -n 's/^#define KOL_VERSION_MAJOR \([0-9]*\).*/\1/p' "$vh")
version=$(sed -n 's/^#define KOL_VERSION_STRING "\(.*\)".*/\1/p' "$vh")
[ -n "$major" ] || die "cannot read the version from $vh"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

"$NM" -D --defined-only "$lib" | awk '$2 != "A" { print $NF }' |
  sed 's/@.*//' | LC_ALL=C sort -u > "$tmp/symbols"
"$ABIDW" --headers-dir "$root/include" --headers-dir "$build/include" \
  --no-corpus-path --no-comp-dir-path --no-show-locs --drop-undefined-syms \
  --type-id-style hash --out-file "$tmp/abi.raw" "$lib"
# The DWARF names translation units by absolute path; make them relative to
# the source tree so that the baseline does not depend on where it was made.
sed -e "s|path='$root/|path='|g" -e "s|path='$build/|path='<build>/|g" \
  "$tmp/abi.raw" > "$tmp/abi"

old_symbols=$here/libkol.symbols
old_abi=$here/libkol.abi
touch "$tmp/old"
[ -f "$old_symbols" ] && grep -v '^[[:space:]]*\(#.*\)\?$' "$old_symbols" | LC_ALL=C sort -u > "$tmp/old"
removed=$(LC_ALL=C comm -23 "$tmp/old" "$tmp/symbols")
added=$(LC_ALL=C comm -13 "$tmp/old" "$tmp/symbols")

if [ "$major" -ge 1 ]; then
  [ -z "$removed" ] || die "version $version >= 1.0.0: symbols would be removed:
$removed
Removing a symbol breaks the ABI (docs/abi-policy.md); the baseline is not updated."
  if [ -f "$old_abi" ]; then
    "$ABIDIFF" --no-added-syms --hd1 "$root/include" --hd1 "$build/include" \
      --hd2 "$root/include" --hd2 "$build/include" "$old_abi" "$lib" ||
      die "version $version >= 1.0.0: abidiff reports changes other than additions;
the baseline is not updated (docs/abi-policy.md)."
  fi
fi

cp "$tmp/symbols" "$old_symbols"
cp "$tmp/abi" "$old_abi"

echo "update.sh: baselines regenerated from $lib (version $version):"
echo "  $old_symbols ($(wc -l < "$old_symbols") symbols)"
echo "  $old_abi"
if [ -z "$added$removed" ]; then
  echo "No exported symbol was added or removed."
else
  echo "For the commit message:"
  if [ -n "$added" ]; then sed 's/^/  added:   /' <<< "$added"; fi
  if [ -n "$removed" ]; then sed 's/^/  removed: /' <<< "$removed"; fi
fi
