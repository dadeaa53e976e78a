#!/usr/bin/env bash
# No-I/O check of libkol.so (a ctest test).
#
#   no_io.sh LIBKOL_SO ALLOWLIST [--sanitizer]
#
# Lists the undefined dynamic symbols of the library with `nm -D
# --undefined-only` and fails
#   1. loudly, when any of them is a stdio, file, socket, time, environment,
#      process, thread or signal function (whatever the allowlist says);
#   2. when any of them is not on the committed allowlist.
# With --sanitizer, the runtime entry points of ASan/UBSan/LSan are also
# accepted (a sanitizer build instruments the library).
set -u
lib=$1
allowlist=$2
sanitizer=0
[ "${3:-}" = --sanitizer ] && sanitizer=1

NM=${NM:-nm}
if [ ! -f "$lib" ]; then
  echo "no_io: $lib does not exist" >&2
  exit 1
fi
if ! imports=$("$NM" -D --undefined-only "$lib" | awk '{print $NF}' | sed 's/@.*//' | sort -u); then
  echo "no_io: $NM -D --undefined-only $lib failed" >&2
  exit 1
fi

# Functions whose presence means the library does I/O, reads the clock or
# the environment, manages processes, threads or signals, or may end the
# process. Extended regular expression on the whole name.
forbidden='^(_IO_.*|__(v?f?s?n?printf|v?f?w?printf|vsn?printf|vasprintf|asprintf|obstack_v?printf|fprintf|dprintf|vdprintf|syslog|vsyslog)_chk'
forbidden+='|v?f?printf|v?s?n?printf|v?a?sprintf|v?dprintf|v?f?w?printf|v?sw?printf|v?f?s?w?scanf|__isoc99_.*|__isoc23_.*'
forbidden+='|f?puts|fputs_unlocked|f?putw?c|putw?char|putc_unlocked|putchar_unlocked|fputc_unlocked|f?getw?c|getw?char|getc_unlocked|fgetc_unlocked|f?gets|getline|getdelim|ungetw?c'
forbidden+='|fopen(64)?|fdopen|freopen(64)?|fclose|fcloseall|fflush(_unlocked)?|fread(_unlocked)?|fwrite(_unlocked)?|fseeko?(64)?|ftello?(64)?|fgetpos(64)?|fsetpos(64)?|rewind|feof|ferror|clearerr|fileno|setv?buf|setbuffer|setlinebuf|perror|tmpfile(64)?|tmpnam(_r)?|tempnam|mkstemps?(64)?|mkdtemp|popen|pclose|fmemopen|open_memstream|stdin|stdout|stderr'
forbidden+='|open(64)?|openat(64)?|__open(64)?(_2)?|__openat(64)?_2|creat(64)?|close|read|write|pread(64)?|pwrite(64)?|readv|writev|lseek(64)?|__read_chk|__pread(64)?_chk|f?stat(64)?|lstat(64)?|fstatat(64)?|__f?x?l?stat(64)?|statx|access|faccessat|unlink(at)?|remove|rename(at)?|mkdir(at)?|rmdir|chdir|getcwd|opendir|fdopendir|readdir(64)?(_r)?|closedir|scandir|ioctl|fcntl(64)?|dup[23]?|pipe2?|mmap(64)?|munmap|mprotect|msync|truncate|ftruncate(64)?|sync|fsync|fdatasync|symlink|readlink|link|chmod|fchmod|chown|umask|realpath'
forbidden+='|socket|socketpair|connect|bind|listen|accept4?|send|sendto|sendmsg|recv|recvfrom|recvmsg|shutdown|setsockopt|getsockopt|getaddrinfo|freeaddrinfo|gethostbyname|gethostbyaddr|getnameinfo|select|pselect|poll|ppoll|epoll_.*|inet_.*'
forbidden+='|time|clock|clock_gettime|clock_getres|clock_nanosleep|__clock_gettime(64)?|gettimeofday|__gettimeofday64|times|ftime|localtime(_r)?|gmtime(_r)?|mktime|timegm|ctime(_r)?|asctime(_r)?|strftime|difftime|nanosleep|sleep|usleep|alarm|timer_.*|setitimer|getitimer'
forbidden+='|getenv|secure_getenv|__secure_getenv|setenv|unsetenv|putenv|clearenv|environ|__environ|setlocale|uselocale|newlocale|localeconv|nl_langinfo'
forbidden+='|exit|_exit|_Exit|quick_exit|at_quick_exit|atexit|__cxa_atexit|on_exit|abort|__assert_fail|__assert_perror_fail|__assert|__fortify_fail|__chk_fail|err|errx|warn|warnx|verr|verrx|error|error_at_line'
forbidden+='|system|fork|vfork|_Fork|clone|execl[ep]?|execv[pe]?|execvpe|fexecve|posix_spawnp?|wait|waitpid|waitid|wait[34]|kill|killpg|raise|signal|sigaction|sigprocmask|sigsetjmp|setjmp|longjmp|__longjmp_chk|getpid|getppid|getuid|geteuid|setsid|daemon|dlopen|dlsym|dlclose|dladdr'
forbidden+='|pthread_.*|thrd_.*|mtx_.*|cnd_.*|tss_.*|call_once|sem_.*|__tls_get_addr'
forbidden+='|rand|srand|rand_r|random|srandom|drand48|erand48|lrand48|nrand48|mrand48|jrand48|srand48|getrandom|getentropy|arc4random.*)$'

status=0
bad=$(printf '%s\n' "$imports" | grep -E "$forbidden" || true)
if [ -n "$bad" ]; then
  echo "no_io: FAIL: $(basename "$lib") imports I/O, clock, environment, process or thread functions:" >&2
  sed 's/^/  /' <<< "$bad" >&2
  echo "no_io: lib/ must do no I/O (see /work/shared/DESIGN.md, 'Shape')." >&2
  status=1
fi

# Allowlist: exact names and NAME* prefixes.
declare -A exact=()
prefixes=()
while IFS= read -r line; do
  line=${line%%#*}
  line=${line//[[:space:]]/}
  [ -z "$line" ] && continue
  case $line in
    *\*) prefixes+=("${line%\*}") ;;
    *) exact[$line]=1 ;;
  esac
done < "$allowlist"
if [ "$sanitizer" = 1 ]; then
  prefixes+=(__asan_ __ubsan_ __sanitizer_ __lsan_)
fi

not_allowed=()
while IFS= read -r sym; do
  [ -z "$sym" ] && continue
  [ -n "${exact[$sym]:-}" ] && continue
  ok=0
  for p in "${prefixes[@]}"; do
    case $sym in "$p"*) ok=1; break ;; esac
  done
  [ "$ok" = 0 ] && not_allowed+=("$sym")
done <<< "$imports"

if [ "${#not_allowed[@]}" -gt 0 ]; then
  echo "no_io: FAIL: $(basename "$lib") imports symbols that are not on $allowlist:" >&2
  printf '  %s\n' "${not_allowed[@]}" >&2
  status=1
fi

n=$(printf '%s\n' "$imports" | grep -c . || true)
if [ "$status" = 0 ]; then
  echo "no_io: OK: $n imported symbols, all allowed:"
  printf '%s\n' "$imports" | sed 's/^/  /'
fi
exit $status
