#!/usr/bin/env bash
# Consumer test (a ctest test): install the build into a temporary prefix,
# then build and run tests/checks/consumer/ against it, out of tree.
#
#   consumer.sh pkgconfig|cmake BUILD_DIR WORK_DIR LIBDIR C_COMPILER
#
# LIBDIR is CMAKE_INSTALL_LIBDIR (relative to the prefix). WORK_DIR is
# emptied and reused.
set -eu
mode=$1
build=$2
work=$3
libdir=$4
cc=$5
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
src=$here/consumer

rm -rf "$work"
mkdir -p "$work"
prefix=$work/prefix

echo "consumer: cmake --install $build --prefix $prefix"
cmake --install "$build" --prefix "$prefix" > "$work/install.log" ||
  { cat "$work/install.log" >&2; echo "consumer: FAIL: install" >&2; exit 1; }

check_resolved() {
  # The program must load libkol.so.1 from the prefix, not the build tree.
  local exe=$1
  local where
  where=$(env "${@:2}" ldd "$exe" | awk '/libkol\.so/ { print $3 }')
  case $where in
    "$prefix"/*) echo "consumer: $exe uses $where" ;;
    *) echo "consumer: FAIL: $exe resolves libkol.so.1 to '$where', not under $prefix" >&2
       return 1 ;;
  esac
}

case $mode in
  pkgconfig)
    export PKG_CONFIG_PATH=$prefix/$libdir/pkgconfig
    unset PKG_CONFIG_LIBDIR || true
    pkg-config --exists --print-errors libkol
    echo "consumer: pkg-config libkol $(pkg-config --modversion libkol):" \
         "$(pkg-config --cflags --libs libkol)"
    # shellcheck disable=SC2046
    "$cc" -std=c11 -Wall -Wextra -pedantic -Werror -o "$work/consumer" \
      "$src/consumer.c" $(pkg-config --cflags --libs libkol)
    check_resolved "$work/consumer" "LD_LIBRARY_PATH=$prefix/$libdir"
    LD_LIBRARY_PATH=$prefix/$libdir "$work/consumer"
    # Static: libkol.a with the Libs.private of libkol.pc (-lm).
    static_libs=$(pkg-config --static --libs libkol | sed 's/-lkol\b/-l:libkol.a/')
    echo "consumer: static link: $static_libs"
    # shellcheck disable=SC2046,SC2086
    "$cc" -std=c11 -Wall -Wextra -pedantic -Werror -o "$work/consumer_static" \
      "$src/consumer.c" $(pkg-config --cflags libkol) $static_libs
    if ldd "$work/consumer_static" | grep -q 'libkol\.so'; then
      echo "consumer: FAIL: consumer_static links libkol.so" >&2
      exit 1
    fi
    "$work/consumer_static"
    # A relative prefix (cmake --install build --prefix stage) installs
    # under the current directory: libkol.pc must name it in full, so that
    # a program builds from any directory.
    mkdir -p "$work/rel"
    (cd "$work/rel" && cmake --install "$build" --prefix stage > "$work/install-rel.log") ||
      { cat "$work/install-rel.log" >&2; echo "consumer: FAIL: install with a relative prefix" >&2; exit 1; }
    rel_prefix=$(PKG_CONFIG_PATH=$work/rel/stage/$libdir/pkgconfig pkg-config --variable=prefix libkol)
    if [ "$rel_prefix" != "$work/rel/stage" ]; then
      echo "consumer: FAIL: --prefix stage gives libkol.pc prefix '$rel_prefix', not $work/rel/stage" >&2
      exit 1
    fi
    # shellcheck disable=SC2046
    (cd / && "$cc" -std=c11 -Wall -Wextra -pedantic -Werror -o "$work/consumer_rel" \
      "$src/consumer.c" $(PKG_CONFIG_PATH=$work/rel/stage/$libdir/pkgconfig pkg-config --cflags --libs libkol))
    prefix=$work/rel/stage check_resolved "$work/consumer_rel" "LD_LIBRARY_PATH=$work/rel/stage/$libdir"
    LD_LIBRARY_PATH=$work/rel/stage/$libdir "$work/consumer_rel"
    ;;
  cmake)
    cmake -S "$src" -B "$work/build" -DCMAKE_PREFIX_PATH="$prefix" \
      -DCMAKE_C_COMPILER="$cc" -DCMAKE_BUILD_TYPE=Release \
      -DCMAKE_C_FLAGS="-Wall -Wextra -pedantic -Werror" > "$work/configure.log" ||
      { cat "$work/configure.log" >&2; echo "consumer: FAIL: configure" >&2; exit 1; }
    grep -i 'libkol' "$work/build/CMakeCache.txt" | grep -i '_DIR:' || true
    cmake --build "$work/build" ||
      { echo "consumer: FAIL: build" >&2; exit 1; }
    check_resolved "$work/build/consumer_shared"
    "$work/build/consumer_shared"
    "$work/build/consumer_static"
    if ldd "$work/build/consumer_static" | grep -q 'libkol\.so'; then
      echo "consumer: FAIL: consumer_static links libkol.so" >&2
      exit 1
    fi
    ;;
  *)
    echo "consumer: unknown mode $mode" >&2
    exit 2
    ;;
esac
echo "consumer: OK ($mode)"
