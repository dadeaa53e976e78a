#!/usr/bin/env bash
# Exported-symbol check of libkol.so (a ctest test).
#
#   symbols.sh LIBKOL_SO SYMBOLS_FILE VERSION_SCRIPT
#
# 1. Every defined dynamic symbol of the library (`nm -D --defined-only`,
#    version nodes such as KOL_1.0 ignored) starts with kol_.
# 2. The sorted list of those symbols equals the committed SYMBOLS_FILE
#    (tests/abi/libkol.symbols).
# 3. The names in the global: lists of the version script (lib/libkol.map)
#    are exactly the names of SYMBOLS_FILE.
# Prints a diff on failure. See docs/abi-policy.md.
set -u
lib=$1
symbols_file=$2
map=$3
NM=${NM:-nm}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0

# nm -D prints "ADDRESS TYPE NAME@@NODE"; version nodes are absolute (A)
# symbols named after the node.
if ! "$NM" -D --defined-only "$lib" > "$tmp/nm"; then
  echo "symbols: $NM -D --defined-only $lib failed" >&2
  exit 1
fi
awk '$2 != "A" { print $NF }' "$tmp/nm" | sed 's/@.*//' | LC_ALL=C sort -u > "$tmp/exported"
awk '$2 == "A" { print $NF }' "$tmp/nm" | sed 's/@.*//' | LC_ALL=C sort -u > "$tmp/nodes"

if [ ! -s "$tmp/exported" ]; then
  echo "symbols: FAIL: $lib exports no symbol at all" >&2
  exit 1
fi

stray=$(grep -v '^kol_' "$tmp/exported" || true)
if [ -n "$stray" ]; then
  echo "symbols: FAIL: exported symbols that do not start with kol_:" >&2
  sed 's/^/  /' <<< "$stray" >&2
  status=1
fi
badnode=$(grep -Ev '^KOL_[0-9]+\.[0-9]+$' "$tmp/nodes" || true)
if [ -n "$badnode" ]; then
  echo "symbols: FAIL: unexpected absolute symbols (version nodes must be KOL_<major>.<minor>):" >&2
  sed 's/^/  /' <<< "$badnode" >&2
  status=1
fi

grep -v '^[[:space:]]*\(#.*\)\?$' "$symbols_file" | LC_ALL=C sort -u > "$tmp/committed"
if ! diff -u --label "committed $symbols_file" --label "exported by $lib" \
     "$tmp/committed" "$tmp/exported" > "$tmp/diff1"; then
  echo "symbols: FAIL: the exported symbols differ from the committed list" >&2
  echo "  (- only in the committed list, + only in the library):" >&2
  cat "$tmp/diff1" >&2
  echo "  See docs/abi-policy.md: a removed symbol is an ABI break; an added" >&2
  echo "  symbol goes into a new version node and into the list (tests/abi/update.sh)." >&2
  status=1
fi

# Names in the global: sections of the version script. Comments removed,
# then every "name;" between "global:" and "local:" or the closing brace.
sed -e 's:/\*.*\*/::g' "$map" |
  awk '
    /\/\*/ { incomment = 1 }
    incomment { if ($0 ~ /\*\//) { incomment = 0 } ; next }
    { sub(/#.*/, "") }
    /global:/ { inglobal = 1; sub(/.*global:/, "") }
    /local:/  { inglobal = 0 }
    /}/       { inglobal = 0 }
    inglobal {
      n = split($0, parts, /[;[:space:]]+/)
      for (i = 1; i <= n; i++) if (parts[i] != "") print parts[i]
    }' | LC_ALL=C sort -u > "$tmp/map"
if ! diff -u --label "committed $symbols_file" --label "global names in $map" \
     "$tmp/committed" "$tmp/map" > "$tmp/diff2"; then
  echo "symbols: FAIL: the version script and the committed list disagree" >&2
  echo "  (- only in the committed list, + only in the version script):" >&2
  cat "$tmp/diff2" >&2
  status=1
fi

if [ "$status" = 0 ]; then
  echo "symbols: OK: $(wc -l < "$tmp/exported") kol_ symbols, version nodes: $(tr '\n' ' ' < "$tmp/nodes")"
fi
exit $status
