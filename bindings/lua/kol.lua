--- LuaJIT binding of libkol (thin FFI: the C library does the work).
--
-- Declarations come from bindings/kol_cdef.h, generated from the public C
-- headers (the Python binding reads the same file). The file is looked for
-- in $KOL_CDEF, beside this file, then in ../ of it.
-- The library is loaded from kol.load(path), $KOL_LIBRARY, or the system
-- ("libkol.so.1", "kol").
--
-- Every object has :close() and an ffi.gc finalizer; errors are raised as
-- Lua errors (a table with status, name, message, func; tostring() gives
-- "func: message"); callbacks are made with ffi.cast and freed explicitly
-- (the slots ffi.cast takes them from are shared by the process: when
-- none is left, which callbacks of objects dropped without close() and
-- not yet collected can cause, a full garbage collection runs and the
-- cast is tried again before the call raises).
-- An object keeps its context alive: the kol_ctx is freed only once no
-- object made from it remains (close() of the context closes the objects
-- it can reach; one dropped but not yet collected frees the context when
-- its finalizer runs). Nothing may be closed from inside a callback of a
-- call that may use it: an object or context made before that call
-- started, of any context, raises instead (a call may use objects of
-- other contexts; the C headers make freeing what a running call uses
-- undefined).
--
-- Arguments are checked against the declaration file before any call:
-- an integer parameter takes an integral number (or a 64-bit cdata
-- integer, or another cdata scalar holding an integral value) that its C
-- type holds, a double parameter a number (or a cdata scalar holding
-- one; not a string or a boolean), a text parameter a string without NUL
-- bytes (or a cdata char array or pointer, taken as it is); anything else
-- raises a "kol: ..." error naming the function and
-- parameter, where the FFI would truncate, wrap or cut the value silently
-- or raise its own error naming neither. The wrappers check what the
-- declaration file cannot tell (objects of the right class, tables of
-- fields, callbacks) the same way, before anything reaches the library.
--
-- Callback results follow one rule (callback_result): nil, false and 0 go
-- on; an integer (2.0 is one) stops with itself as the code; any other
-- truthy value stops with code 1. Timestamps come back as numbers when a
-- double holds them exactly (|t| < 2^53), else as int64_t cdata.
--
-- Batch calls take Lua tables (1-based) or ffi.new arrays. Lua cannot
-- always know the length of a cdata array (a pointer has none), so every
-- batch call takes it as an optional trailing argument, used only for
-- cdata input: n (the number of values or rows; n_rows for the column
-- calls of the value model), or n_<argument> when a call takes two arrays
-- of independent lengths (tier_by_quantiles, Roi:incrementality). Traffic
-- chunks pulled by run / run_blocks carry it as their third item. A cdata
-- array must hold the C element type of the argument (double, int64_t,
-- uint64_t, int32_t; qualifiers aside, signedness included: an int64_t
-- array is no array of uint64_t ids), or be a pointer to it; where
-- ffi.sizeof gives its length (an ffi.new array, double[3] or double[?])
-- n may not exceed it (for rows, n rows times their width), where it
-- cannot (a pointer) n is trusted; anything else raises a "kol:
-- <argument>: ..." error before the call. Rows given as tables must have
-- one value per channel / column. A list given as a table (numbers, ids,
-- strings, sketches, records, names, fill items) with a hole, a nil
-- before its last item where # or ipairs would stop, is refused by name.
--
--   local kol = require("kol")
--   local ctx = kol.context()
--   local rec = ctx:record{ id = "a", platform = "douyin",
--                           metrics = { followers = 12000, avg_likes = 800 } }

local ffi = require("ffi")

local M = { _VERSION = "0.1.0" }

-- ---------------------------------------------------------------- loading

local function script_dir()
  local src = debug.getinfo(1, "S").source
  if src:sub(1, 1) == "@" then
    return (src:sub(2):match("^(.*)[/\\]") or ".")
  end
  return "."
end

local function read_file(path)
  local f = io.open(path, "rb")
  if not f then return nil end
  local s = f:read("*a")
  f:close()
  return s
end

local cdef_text, cdef_path
do
  local dir = script_dir()
  local candidates = { dir .. "/kol_cdef.h", dir .. "/../kol_cdef.h" }
  if os.getenv("KOL_CDEF") then table.insert(candidates, 1, os.getenv("KOL_CDEF")) end
  for _, p in ipairs(candidates) do
    cdef_text = read_file(p)
    if cdef_text then cdef_path = p; break end
  end
  if not cdef_text then
    error("kol: cannot find kol_cdef.h (set KOL_CDEF)")
  end
  ffi.cdef(cdef_text)
end
M.cdef_path = cdef_path

--- Numeric macros that are not ints (doubles, 64-bit), from the
--- "/* constant NAME VALUE */" lines of the declaration file.
M.constants = {}
for name, value in cdef_text:gmatch("/%* constant (%w[%w_]*) (%S+) %*/") do
  if value:find("[%.eE]") then
    M.constants[name] = tonumber(value)
  else
    -- 64-bit integer constant: parse digit by digit to keep every bit
    local v = 0ULL
    for d in value:gmatch("%d") do v = v * 10ULL + (d:byte() - 48) end
    M.constants[name] = v
  end
end

--- The members of a C enum of the declaration file by short lower-case
--- name: enum_table("kol_traffic_param", "KOL_TRAFFIC_PARAM_") gives
--- { step = 0, cumulative = 1, ... }.
local function enum_table(enum, prefix)
  local body = cdef_text:match("typedef enum " .. enum .. " {\n(.-)\n} " .. enum .. ";")
  if not body then error("kol: enum " .. enum .. " not in kol_cdef.h") end
  local t = {}
  for name, value in body:gmatch("(KOL_[%w_]+) = (%-?%d+)") do
    if name:sub(1, #prefix) == prefix then t[name:sub(#prefix + 1):lower()] = tonumber(value) end
  end
  return t
end
M.enum_table = enum_table

local C
--- Load the library (call before anything else to choose the file).
-- @param path the shared library, or nil for $KOL_LIBRARY or the system.
function M.load(path)
  if C then return C end
  local tried = {}
  local candidates = path and { path } or
    (os.getenv("KOL_LIBRARY") and { os.getenv("KOL_LIBRARY") } or { "libkol.so.1", "kol" })
  for _, p in ipairs(candidates) do
    local ok, lib = pcall(ffi.load, p)
    if ok then
      C = lib
      M.C = lib
      M.library_path = p
      return lib
    end
    tried[#tried + 1] = tostring(lib)
  end
  error("kol: cannot load libkol (set KOL_LIBRARY): " .. table.concat(tried, "; "), 2)
end

local function lib() return C or M.load() end

-- ---------------------------------------------------------------- errors

local Error = {}
Error.__index = Error
Error.__tostring = function(e)
  local msg = e.message ~= "" and e.message or e.name
  if e.func and msg:sub(1, #e.func) ~= e.func then msg = e.func .. ": " .. msg end
  return msg
end
M.Error = Error

local families = {
  [1] = "nomem", [2] = "argument", [3] = "domain", [4] = "domain",
  [5] = "not_found", [6] = "not_found", [7] = "conflict", [8] = "callback",
  [9] = "cancelled", [10] = "argument", [11] = "argument", [12] = "argument",
  [13] = "state", [14] = "state", [15] = "data", [16] = "data",
  [17] = "conflict", [18] = "state", [19] = "state",
}

local function status_str(st)
  return ffi.string(lib().kol_status_str(st))
end
M.status_str = status_str

local function raise(st, func, message, code, level)
  error(setmetatable({ status = tonumber(st), name = status_str(st),
                       family = families[tonumber(st)] or "unknown",
                       message = message or "", func = func,
                       callback_code = code or 0 }, Error), level or 3)
end

local function check_noctx(st, func)
  if st ~= 0 then raise(st, func, "", 0, 4) end
end

-- ---------------------------------------------------------------- helpers

local function str(p) if p == nil then return nil end return ffi.string(p) end

local THIS_SOURCE = debug.getinfo(1, "S").source
--- Raise error message msg at the first caller outside this file (and
--- outside C functions such as pcall): the line of the caller's code.
local function fail(msg)
  local level = 2
  while true do
    local info = debug.getinfo(level, "S")
    if info == nil then error(msg, 0) end
    if info.source ~= THIS_SOURCE and info.what ~= "C" then error(msg, level) end
    level = level + 1
  end
end

--- The integer C types of the declaration file: lowest and highest value
--- as numbers (hi excluded for the 64-bit types, whose highest value a
--- double cannot hold) and as 64-bit cdata, and a description.
local INT_KINDS = {}
do
  local function kind(lo, hi, hi_excl, lo64, hi64, desc)
    return { lo = lo, hi = hi, hi_excl = hi_excl, lo64 = lo64, hi64 = hi64, desc = desc }
  end
  INT_KINDS.int32_t = kind(-2^31, 2^31 - 1, false, -2147483648LL, 2147483647LL,
                           "a signed 32-bit integer")
  INT_KINDS.uint32_t = kind(0, 2^32 - 1, false, 0LL, 4294967295LL, "an unsigned 32-bit integer")
  INT_KINDS.int64_t = kind(-2^63, 2^63, true, ffi.new("int64_t", -2^63), 0x7fffffffffffffffLL,
                           "a signed 64-bit integer")
  INT_KINDS.uint64_t = kind(0, 2^64, true, 0LL, 0xffffffffffffffffULL,
                            "an unsigned 64-bit integer")
  INT_KINDS.int, INT_KINDS.unsigned = INT_KINDS.int32_t, INT_KINDS.uint32_t
  INT_KINDS.size_t = INT_KINDS.uint64_t
end

--- What an argument check names in its error: what, then sub if given
--- (an index: "what[sub]"; a parameter name: "what: sub"). Made only when
--- the check fails.
local function arg_label(what, sub)
  if sub == nil then return what end
  if type(sub) == "number" then return what .. "[" .. sub .. "]" end
  return what .. ": " .. sub
end

--- Whether v is an object of the binding (a context, a sketch...).
local function is_object(v)
  local mt = type(v) == "table" and getmetatable(v)
  return mt and rawget(mt, "type_name") ~= nil or false
end

--- What v is, for an error naming what was given instead: the class of a
--- binding object ("kol.Planner"), the ctype of a cdata, else its type.
local function kind_of(v)
  if is_object(v) then return getmetatable(v).type_name end
  if type(v) == "cdata" then return tostring(ffi.typeof(v)) end
  return type(v)
end

--- Whether v is a 64-bit cdata integer (int64_t, uint64_t and the types
--- they alias: long, size_t...).
local function is_int64(v)
  return ffi.istype("int64_t", v) or ffi.istype("uint64_t", v)
end

--- The value of a cdata scalar other than a 64-bit integer (a boxed
--- double, float or narrower integer) as a number, which a double holds
--- exactly; nil for anything else (a pointer, an array, a struct, a
--- complex number, a bool), which is no number.
local function cdata_number(v)
  if ffi.istype("bool", v) or ffi.istype("complex", v) or ffi.istype("complex float", v) then
    return nil
  end
  return tonumber(v)
end

--- Check that v is an integer the C integer type ctype holds: an integral
--- number in range, a 64-bit cdata integer in range, or another cdata
--- scalar (a boxed double, an int8_t...) whose value is such a number;
--- else raise a "kol: <what, sub>: ..." error (the FFI would truncate a
--- fraction and wrap an overflow silently). Returns v.
local function int_arg(v, ctype, what, sub)
  local k = INT_KINDS[ctype]
  local t = type(v)
  if t == "cdata" then
    if is_int64(v) then
      -- compared as 64-bit integers (an unsigned one is never below 0)
      if (ffi.istype("int64_t", v) and v < k.lo64) or v > k.hi64 then
        fail("kol: " .. arg_label(what, sub) .. ": " .. tostring(v) .. " does not fit " .. k.desc)
      end
      return v
    end
    local n = cdata_number(v)
    if n == nil then
      fail("kol: " .. arg_label(what, sub) .. ": integer expected, got " .. tostring(ffi.typeof(v)))
    end
    int_arg(n, ctype, what, sub) -- checked as the number it holds
    return v
  end
  if t == "number" then
    if v % 1 ~= 0 then -- a fraction, an infinity or NaN
      fail("kol: " .. arg_label(what, sub) .. ": integer expected, got " .. tostring(v))
    end
    if v < k.lo or (k.hi_excl and v >= k.hi or v > k.hi) then
      fail(string.format("kol: %s: %.0f does not fit %s", arg_label(what, sub), v, k.desc))
    end
  else
    fail("kol: " .. arg_label(what, sub) .. ": integer expected, got " .. t)
  end
  return v
end

--- How cdata t reads as a C array of elements of ctype ("double",
--- "uint64_t", "char"): "array" (an array of them, ffi.new("double[3]") or
--- a double[?]: ffi.sizeof gives its length), "pointer" (a pointer to
--- them, of unknown length), or false (anything else: another element
--- type, which the FFI would refuse with its own error naming neither the
--- argument nor the call, or a void * it would take blindly). Qualifiers
--- are ignored (a const double * passes), as by ffi.istype; an integer
--- element must also have the signedness of ctype (ffi.istype takes an
--- int64_t array for a uint64_t *). Decided once per C type (what is
--- taken only: a ctype object, ffi.typeof("double *"), has the id of the
--- type it names, and ffi.istype takes it for one of that type).
local cdata_kinds = {}
local ALL_ONES = ffi.new("uint64_t[1]", 0xffffffffffffffffULL)
local function decay(t) return t + 0 end -- an array as a pointer to its first element
local function cdata_kind(ctype, t)
  local byid = cdata_kinds[ctype]
  if byid == nil then
    byid = { ptr = ffi.typeof(ctype .. " *") }
    cdata_kinds[ctype] = byid
  end
  if tostring(t):sub(1, 6) == "ctype<" then return false end -- a type, no array
  local id = tonumber(ffi.typeof(t))
  local k = byid[id]
  if k ~= nil then return k end
  k = false
  local pt = ffi.istype(byid.ptr, t) and ffi.typeof(t)
  if pt then k = "pointer"
  else
    local ok, p = pcall(decay, t)
    if ok and type(p) == "cdata" and ffi.istype(byid.ptr, p) then k, pt = "array", ffi.typeof(p) end
  end
  local ik = INT_KINDS[ctype]
  if k and ik then
    -- all bits set read as an element: negative for a signed type only
    local v = ffi.cast(pt, ALL_ONES)[0]
    if (v < 0) ~= (ik.lo < 0) then k = false end
  end
  if k then byid[id] = k end
  return k
end

--- Check a text argument: a string without NUL bytes (C would see only the
--- text before the first), nil, or a cdata char array or pointer (taken as
--- it is); else raise "kol: <what, sub>: ...". Returns v.
local function text_arg(v, what, sub)
  local t = type(v)
  if t == "string" then
    if v:find("\0", 1, true) then
      fail("kol: " .. arg_label(what, sub) .. ": embedded NUL byte in " ..
           string.format("%q", v) .. " (C text ends at the first NUL)")
    end
  elseif t == "cdata" then
    if not cdata_kind("char", v) then
      fail("kol: " .. arg_label(what, sub) .. ": string expected, got " .. kind_of(v))
    end
  elseif t ~= "nil" then
    fail("kol: " .. arg_label(what, sub) .. ": string expected, got " .. t)
  end
  return v
end

--- Whether v is a number for a C double: a number, or a cdata scalar
--- holding one (not a string, which the FFI cannot convert, nor a
--- boolean, which it takes as 1).
local function num_ok(v)
  local t = type(v)
  return t == "number" or t == "cdata" and (is_int64(v) or cdata_number(v) ~= nil)
end
--- Check a number argument (a C double, num_ok); else raise "kol: <what,
--- sub>: number expected, got ..." (the FFI's own error names neither).
--- Returns v.
local function num_arg(v, what, sub)
  if num_ok(v) then return v end
  fail("kol: " .. arg_label(what, sub) .. ": number expected, got " .. kind_of(v))
end

--- The parameters checked before a call, by C function: { position, name,
--- integer type, "double" or "text" } for every integer, double and
--- `const char *` parameter of the declaration file.
local arg_checks = {}
do
  local enums = {}
  for name in cdef_text:gmatch("typedef enum ([%w_]+) {") do enums[name] = true end
  for line in cdef_text:gmatch("[^\n]+") do
    local func, params = line:match("^[%w_ ]+[ *]([%w_]+)%((.*)%);$")
    if func and func:sub(1, 4) == "kol_" and line:sub(1, 8) ~= "typedef " then
      local checks, i = {}, 0
      for param in params:gmatch("[^,]+") do
        i = i + 1
        local ptype, pname = param:match("^%s*(.-)%s*([%w_]+)%s*$")
        if ptype == "const char *" then
          checks[#checks + 1] = { i, pname, "text" }
        elseif ptype == "double" then
          checks[#checks + 1] = { i, pname, "double" }
        elseif ptype and INT_KINDS[ptype] then
          checks[#checks + 1] = { i, pname, ptype }
        elseif ptype and enums[ptype] then
          checks[#checks + 1] = { i, pname, "int" }
        end
      end
      if #checks > 0 then arg_checks[func] = checks end
    end
  end
end

--- Check the arguments of a call of C function func (see arg_checks).
local function check_args(func, ...)
  local checks = arg_checks[func]
  if checks == nil then return end
  for k = 1, #checks do
    local c = checks[k]
    local v = (select(c[1], ...))
    if c[3] == "text" then text_arg(v, func, c[2])
    elseif c[3] == "double" then
      if type(v) ~= "number" then num_arg(v, func, c[2]) end
    else int_arg(v, c[3], func, c[2]) end
  end
end

--- Call C function func, that has no context, with its arguments checked.
local function ccall(func, ...)
  check_args(func, ...)
  return lib()[func](...)
end

--- The library's name of a status code (its argument checked).
function M.status_str(st) return ffi.string(ccall("kol_status_str", st)) end

--- A 1-based position i (an integer) as the 0-based index of C; raises
--- "kol: what: ..." for anything else.
local function index0(i, what)
  -- a cdata scalar other than a 64-bit integer is taken as its number
  if type(i) == "cdata" and not is_int64(i) then i = cdata_number(i) or i end
  if type(i) == "number" and i % 1 ~= 0 or type(i) ~= "number" and not is_int64(i) then
    fail("kol: " .. what .. ": integer position expected, got " .. tostring(i))
  end
  return i - 1
end

local function out_new(t) return ffi.new(t .. "[1]") end

--- A zero-filled C array of n elements of ctype ("double", "const char*"),
--- one at least (n a number or a 64-bit cdata integer). Every array whose
--- length is known only at run time is made here, interpreted (jit.off
--- below), never by ffi.new("T[?]", n) in compiled code: LuaJIT 2.1 (the
--- Debian 12 build among others) sinks such an allocation out of a trace
--- when n is a constant there (1 for an empty list), and a trace exit
--- that needs the array after all rebuilds it with the size of the open
--- type T[?] (-1: ffi.sizeof() gives -1) instead of n elements: a block
--- too small, whose zero fill overwrites the allocator's next chunk, and
--- a crash in a later garbage collection.
local vla_types = {}
local function new_array(ctype, n)
  local vt = vla_types[ctype]
  if vt == nil then
    vt = ffi.typeof(ctype .. "[?]")
    vla_types[ctype] = vt
  end
  return ffi.new(vt, n > 0 and n or 1)
end
jit.off(new_array)

--- The hint of a hole among numbers where NaN is a missing value.
local NAN_HINT = "use 0/0, NaN, for a missing number"

--- The length of table t as an array, refused (a "kol: <what>: ..."
--- error, or "kol: <what>: row <row>: ..." when row is given) when it has
--- a hole: # would stop at some border and the values after it would be
--- dropped silently. table.maxn is cheap for a table without holes (it
--- stops at the last slot of the array part); the label is made only on
--- failure. The error ends with hint when given (NAN_HINT where NaN is an
--- accepted missing value, and there only). A nil before the border #
--- found is not seen here: the caller checks every value up to n.
local function seq_len(t, what, row, hint)
  local n = #t
  local maxn = table.maxn(t)
  if maxn ~= n then
    fail(string.format("kol: %s%s: a hole (nil) among its values: %d before it, index %s after "
                       .. "it%s", what, row and ": row " .. row or "", n, tostring(maxn),
                       hint and " (" .. hint .. ")" or ""))
  end
  return n
end

--- The length of list t, a table without a hole (seq_len); anything else
--- raises "kol: <what>: a table of <items> expected, got ..." (extra: a
--- note added to it).
local function list_len(t, what, items, extra)
  if type(t) ~= "table" or is_object(t) then
    fail("kol: " .. what .. ": a table of " .. items .. " expected, got " .. kind_of(t)
         .. (extra or ""))
  end
  return seq_len(t, what)
end

--- Check table t, a table of fields (a plain table, not an object of the
--- binding); anything else raises "kol: <what>: a table of <items>
--- expected, got ..." (pairs() would raise its own error naming neither).
--- Returns t.
local function table_arg(t, what, items)
  if type(t) ~= "table" or is_object(t) then
    fail("kol: " .. what .. ": a table of " .. items .. " expected, got " .. kind_of(t))
  end
  return t
end

--- Check a callback argument: a function, or a table or cdata with a
--- __call metamethod (nil too when optional); anything else raises "kol:
--- <what>: a function expected, got ..." before any callback is made (the
--- library would call it only later). Returns fn.
local function func_arg(fn, what, optional)
  if fn == nil and optional then return fn end
  if type(fn) == "function" then return fn end
  local mt = (type(fn) == "table" or type(fn) == "userdata") and getmetatable(fn)
  if type(mt) == "table" and rawget(mt, "__call") ~= nil and not is_object(fn) then return fn end
  fail("kol: " .. what .. ": a function expected, got " .. kind_of(fn))
end

--- Check that the items of table t (read one by one until a nil, as a
--- fill source is) have no nil before the last, the read would end at the
--- hole, unseen ("kol: <what>[i]: nil, a hole among the items (false
--- skips one)"), and that each is false or a table of fields ("kol:
--- <what>[i]: a table of <items> expected, got ... (false skips one)").
local function fill_items(t, what, items)
  for i = 1, table.maxn(t) do
    local v = t[i]
    if v == nil then
      fail("kol: " .. what .. "[" .. i .. "]: nil, a hole among the items (false skips one)")
    elseif v ~= false and (type(v) ~= "table" or is_object(v)) then
      fail("kol: " .. what .. "[" .. i .. "]: a table of " .. items .. " expected, got "
           .. kind_of(v) .. " (false skips one)")
    end
  end
end

--- What is wrong with cdata t, given for an array of n elements of ctype
--- (what names it; w, if given, the values of a row: n rows of w values),
--- as a "kol: <what>: ..." message, or nil: it must be an array or a
--- pointer of that element type (cdata_kind; else "... expected, got
--- <ctype>", expected saying what was: "a table or a cdata array" by
--- default), and an array whose length ffi.sizeof gives must hold n
--- elements, else "... beyond the cdata array's <length> values" (C would
--- read past its end). A pointer's length is unknown: n is trusted. n: a
--- count already checked.
local function cdata_array_error(ctype, t, n, what, w, expected)
  local kind = cdata_kind(ctype, t)
  if not kind then
    return "kol: " .. what .. ": " .. (expected or "a table or a cdata array") .. " of " .. ctype
           .. " expected, got " .. kind_of(t)
  end
  if kind == "array" then
    local len = ffi.sizeof(t) / ffi.sizeof(ctype)
    if n * (w or 1) > len then
      return string.format("kol: %s: %s beyond the cdata array's %d values", what,
                           w and string.format("%.0f rows of %d values", n, w)
                             or string.format("length %.0f", n), len)
    end
  end
  return nil
end

--- A Lua table (1-based) or cdata array as a C array; returns ptr, n.
--- n is the length of a cdata array (required for one, ignored for a
--- table; checked against the array's length where ffi.sizeof gives it,
--- and its element type checked: cdata_array_error); what names the
--- argument in the error raised without it, at level (default 3: the
--- caller of the wrapper calling carray). nan_ok: NaN is an accepted
--- missing value of this argument, so the error of a hole suggests it
--- (nowhere else: the library refuses NaN there).
local function carray(ctype, t, n, what, level, nan_ok)
  if t == nil then return nil, 0 end
  if type(t) == "cdata" then
    -- the element type first, then the length (at most the array's)
    local err = cdata_array_error(ctype, t, 0, what or "array")
    if err then fail(err) end
    if n == nil then
      error("kol: " .. (what or "a cdata array") .. " is a cdata array: pass its length", level or 3)
    end
    int_arg(n, "size_t", (what or "array") .. " length")
    err = cdata_array_error(ctype, t, tonumber(n), what or "array")
    if err then fail(err) end
    return t, tonumber(n)
  end
  if type(t) ~= "table" or is_object(t) then
    fail("kol: " .. (what or "array") .. ": a table or a cdata array expected, got " .. kind_of(t))
  end
  -- the hint (NaN for a missing number) only where NaN is a value
  local hint = nan_ok and not INT_KINDS[ctype] and NAN_HINT or nil
  n = seq_len(t, what or "array", nil, hint)
  local a = new_array(ctype, n)
  if INT_KINDS[ctype] then
    -- integers: each checked, as a scalar argument is
    for i = 1, n do a[i - 1] = int_arg(t[i], ctype, what or "array", i) end
  else
    -- a nested table (a row) is refused by name here, not by the FFI's
    -- "cannot convert" that names neither the argument nor the element
    for i = 1, n do
      local v = t[i]
      if type(v) ~= "number" then
        -- a nil before the border # found ({nil, 2, 3}: # and maxn both
        -- give 3) is a hole seq_len cannot see
        if v == nil and hint then
          fail("kol: " .. arg_label(what or "array", i) .. ": nil, a hole among its values ("
               .. hint .. ")")
        end
        num_arg(v, what or "array", i)
      end
      a[i - 1] = v
    end
  end
  return a, n
end

--- Rows (tables of width w) flattened into one C array; returns ptr, n.
--- Each table row must hold exactly w numbers (unit names them:
--- "channel", "column"; name names the argument: "rows"); anything else
--- raises "kol: <name>: row i ..." before anything is written. cdata
--- rows (n rows of w values, flattened) are taken as they are, with n
--- their row count (required; n * w checked against the array's length
--- where ffi.sizeof gives it, and the element type checked, as by
--- carray). level as for carray.
local function crows(ctype, rows, w, unit, n, level, name)
  name = name or "rows"
  if type(rows) == "cdata" then
    local expected = "a table of rows or a cdata array"
    local err = cdata_array_error(ctype, rows, 0, name, w, expected)
    if err then fail(err) end
    if n == nil then error("kol: the rows are a cdata array: pass the row count", level or 3) end
    int_arg(n, "size_t", name .. " row count")
    err = cdata_array_error(ctype, rows, tonumber(n), name, w, expected)
    if err then fail(err) end
    return rows, tonumber(n)
  end
  if type(rows) ~= "table" or is_object(rows) then
    fail("kol: " .. name .. ": a table of rows or a cdata array expected, got " .. kind_of(rows))
  end
  unit = unit or "column"
  n = seq_len(rows, name)
  local a = new_array(ctype, n * w)
  for i = 1, n do
    local r = rows[i]
    if type(r) ~= "table" or is_object(r) then
      fail("kol: " .. name .. ": row " .. i .. " is a " .. kind_of(r) .. ", expected a table of "
           .. w
           .. " values (one per " .. unit .. ")")
    end
    -- NaN is a missing value of a row (a channel not reported, a feature
    -- unknown): suggested for a hole in one
    local len = seq_len(r, name, i, NAN_HINT)
    if len ~= w then
      fail("kol: " .. name .. ": row " .. i .. " has " .. len .. " values, expected " .. w
           .. " (one per " .. unit .. ")")
    end
    for j = 1, w do
      local v = r[j]
      if type(v) ~= "number" then
        if v == nil then -- a hole before the border (see carray)
          fail("kol: " .. name .. ": row " .. i .. ", value " .. j
               .. ": nil, a hole among its values (" .. NAN_HINT .. ")")
        end
        num_arg(v, name .. ": row " .. i .. ", value " .. j)
      end
      a[(i - 1) * w + j - 1] = v
    end
  end
  return a, n
end

local function totable(a, n)
  local t = {}
  for i = 0, n - 1 do t[i + 1] = tonumber(a[i]) end
  return t
end

--- A 64-bit integer the library hands back (a timestamp, in any unit) as
--- a Lua number when a double holds it exactly (|v| < 2^53: seconds and
--- milliseconds since 1970), else as the int64_t cdata itself (nanoseconds
--- since 1970), never rounded. v is a boxed int64_t (a copy).
local function int64_out(v)
  local x = tonumber(v)
  if x < 9007199254740992 and x > -9007199254740992 then return x end
  return v
end

--- v, an item of a list of names or codes (what[i]), checked to be one
--- (a string, a number or a cdata scalar) before it is looked up: a nil is
--- a hole in the list, and a table would reach the FFI.
local function name_or_code(v, what, i, kind)
  local t = type(v)
  if t ~= "string" and t ~= "number" and t ~= "cdata" then
    fail("kol: " .. what .. "[" .. i .. "]: " .. kind .. " name or code expected, got " .. kind_of(v))
  end
  return v
end

--- The code of v, a name in tbl or a code (checked by the call it goes to).
local function code_of(tbl, v, what)
  if type(v) == "string" then
    local c = tbl[v]
    if c == nil then fail("kol: unknown " .. what .. " '" .. v .. "'") end
    return c
  end
  return v
end

local function name_table(fn, count)
  local t = {}
  for i = 0, count - 1 do
    local p = fn(i)
    if p ~= nil then t[ffi.string(p)] = i end
  end
  return t
end

-- ---------------------------------------------------------------- context

local Context = { type_name = "kol.Context" }
Context.__index = Context
M.Context = Context

-- Every context, object and call takes a serial number, in creation order,
-- from one counter for all contexts; running holds the library calls now
-- running (nested in callbacks, innermost last): for each, the serial
-- reached when it started, and its C function. An object or context whose
-- serial is at most that of the innermost running call was made before
-- the call started: the call may be using it, whatever its context (a
-- roster scored by a model of another context, sketches given to a
-- report), so it cannot be closed until the call returns.
local serial = 0
local running = { depth = 0, marks = {}, funcs = {} }
local function next_serial()
  serial = serial + 1
  return serial
end

--- Make a context.
function M.context()
  local L = lib()
  local out = ffi.new("kol_ctx*[1]")
  check_noctx(L.kol_ctx_new(out), "kol_ctx_new")
  local self = setmetatable({ children = setmetatable({}, { __mode = "k" }),
                              callbacks = {} }, Context)
  local cbs = self.callbacks
  -- The state shared with the objects' finalizers (it must not reference
  -- the context's gc'd cdata, or that would never be collected): live C
  -- objects made from the context, and whether it is closed (or
  -- collected).
  local state = { live = 0, closed = false, freed = false,
                  addr = ffi.cast("kol_ctx*", out[0]) }
  --- Free the kol_ctx, then its callbacks (once).
  function state.free()
    if state.freed then return end
    state.freed = true
    L.kol_ctx_free(state.addr)
    for k, cb in pairs(cbs) do cb:free(); cbs[k] = nil end
  end
  self.state = state
  self.serial = next_serial()
  -- Collected without close(): free the context now if no object made
  -- from it remains, else when the last one is freed. (Each object's
  -- finalizer holds this cdata, so this runs after theirs, except when
  -- the Lua state closes and runs every finalizer left in any order.)
  self.ptr = ffi.gc(out[0], function()
    state.closed = true
    if state.live == 0 then state.free() end
  end)
  return self
end

function Context:p()
  if self.ptr == nil then error("kol: the context is closed", 3) end
  return self.ptr
end

--- One C object made from the context was freed: free the closed context
--- with the last one.
local function release(state)
  state.live = state.live - 1
  if state.closed and state.live == 0 then state.free() end
end

--- Raise unless the object (or context: kind) made with serial sn may be
--- freed now: not from inside a callback of a library call (of any
--- context) that started after it was made. what names the call refused.
local function check_not_in_call(sn, what, kind, level)
  local d = running.depth
  if d > 0 and sn <= running.marks[d] then
    error("kol: " .. what .. " inside a callback of " .. running.funcs[d] .. ": " .. kind ..
          " cannot be closed while a call that may use it is running (close it after the call" ..
          " returns)", level or 3)
  end
end

--- Raise the error of status st; pending (the error a callback raised
--- during the call) comes first.
function Context:check(st, func, pending)
  if pending ~= nil then
    if st == 0 then error(pending, 0) end
    -- the callback's own error, with the library's status attached
    if type(pending) == "table" and getmetatable(pending) == nil then
      pending.kol_status = tonumber(st)
    end
    error(pending, 0)
  end
  if st ~= 0 then
    local L = lib()
    raise(st, func, ffi.string(L.kol_ctx_last_error(self.ptr)),
          L.kol_ctx_callback_code(self.ptr), 4)
  end
end

--- Call C function func(...) of this context, its arguments checked first
--- (see check_args). A call made from inside a callback (a getter in a
--- traffic block callback) keeps the error the outer call is holding: it
--- is set aside on entry and put back after, so the first error is the one
--- the outer call raises. While the call runs, nothing made before it
--- started can be closed (see check_not_in_call).
function Context:call(func, ...)
  check_args(func, ...)
  local outer = self.pending
  self.pending = nil
  local d = running.depth + 1
  running.depth, running.marks[d], running.funcs[d] = d, serial, func
  local ok, st = pcall(lib()[func], ...)
  running.depth, running.marks[d], running.funcs[d] = d - 1, nil, nil
  local pending = self.pending
  self.pending = outer
  if not ok then error(st, 0) end -- an argument FFI cannot convert
  if st ~= 0 or pending ~= nil then self:check(st, func, pending) end
end
-- C functions that may call back into Lua must not be called from a
-- JIT-compiled trace ("bad callback"): every such call goes through here.
jit.off(Context.call)

--- The int a callback returns for what its Lua function returned, as in
--- Python: nil, false and 0 give 0 (go on); an integral number gives
--- itself, clamped to the int range (a Lua number is a double: 2.0 is the
--- integer 2, as is a cdata scalar holding it); any other truthy value
--- (true, a fraction, a string...) gives 1, so that it stops the
--- operation. Every callback's result goes through here (Context:callback),
--- so the rule is the same for all of them.
local function callback_result(r)
  if r == nil or r == false then return 0 end
  local n = r
  if type(r) == "cdata" then n = is_int64(r) and tonumber(r) or cdata_number(r) end
  if type(n) ~= "number" then return 1 end
  if n == 0 then return 0 end
  if n % 1 ~= 0 then return 1 end -- a fraction, an infinity or NaN
  if n < -2^31 then return -2^31 end
  if n > 2^31 - 1 then return 2^31 - 1 end
  return n
end

--- Wrap a Lua function as a C callback (ffi.cast). The trampoline catches
--- errors (kept on the context, re-raised by check()) and returns
--- non-zero; once an error is kept, later calls return non-zero without
--- running, unless after_error is true (a callback receiving results the
--- library hands over while it winds down, as the traffic block callback
--- does: it still runs, and an error it raises then yields to the first).
--- What the function returns becomes the callback's int through
--- callback_result. The caller must free the result with :free(): a
--- method checks its object (self:p()) and its arguments before making
--- any, then frees them on every path (with_callbacks). made, if given,
--- lists the callbacks the caller has made already: when this one cannot
--- be made (LuaJIT's "too many callbacks"), they are freed before the
--- error is raised, so that none leaks. The slots (a fixed set shared by
--- the process) may all be held by the callbacks of objects dropped
--- without close() and not yet collected, which the collector does not
--- hurry for: before giving up, a full garbage collection is run (twice:
--- a dropped context goes in the cycle after its objects) and the cast
--- tried again.
function Context:callback(ctype, fn, after_error, made)
  -- A callback's function is a GC root until freed: hold the context
  -- weakly, or a context holding its own progress callback would never be
  -- collected.
  local ref = setmetatable({ ctx = self }, { __mode = "v" })
  local function trampoline(...)
    local ctx = ref.ctx
    if ctx == nil then return 1 end
    if ctx.pending ~= nil and not after_error then return 1 end
    local ok, r = pcall(fn, ...)
    if not ok then
      if ctx.pending == nil then ctx.pending = r end
      return -1
    end
    return callback_result(r)
  end
  local ok, cb = pcall(ffi.cast, ctype, trampoline)
  if not ok and tostring(cb):find("too many callbacks", 1, true) then
    collectgarbage(); collectgarbage()
    ok, cb = pcall(ffi.cast, ctype, trampoline)
  end
  if not ok then
    for _, c in ipairs(made or {}) do c:free() end
    fail("kol: cannot make a " .. ctype .. " callback: " .. tostring(cb))
  end
  return cb
end

--- Call C function func with the temporary callbacks cbs, freed afterwards
--- whether the call returns or raises.
function Context:with_callbacks(cbs, func, ...)
  local ok, err = pcall(self.call, self, func, ...)
  for _, cb in ipairs(cbs) do cb:free() end
  if not ok then error(err, 0) end
end

function Context:last_error() return ffi.string(lib().kol_ctx_last_error(self:p())) end
function Context:callback_code() return lib().kol_ctx_callback_code(self:p()) end

--- Progress callback fn(done, total) for long operations; a return that
--- stops (callback_result: true, a non-zero integer) cancels.
--- nil removes it. The previous callback is freed.
function Context:set_progress(fn)
  local p = self:p() -- before the callback is made: a closed context leaks none
  func_arg(fn, "fn", true)
  local old = self.callbacks.progress
  if fn == nil then
    self:call("kol_ctx_set_progress", p, nil, nil)
  else
    local cb = self:callback("kol_progress_fn", function(_, done, total)
      return fn(tonumber(done), tonumber(total))
    end)
    local ok, err = pcall(self.call, self, "kol_ctx_set_progress", p, cb, nil)
    if not ok then cb:free(); error(err, 0) end
    self.callbacks.progress = cb
  end
  if old then old:free() end
  if fn == nil then self.callbacks.progress = nil end
end

--- Close every object of the context, then free it. An object dropped
--- but not yet collected cannot be reached: the context is then freed by
--- the finalizer of the last such object. Raises from inside a callback
--- of a call (of any context) that started after the context was made.
function Context:close()
  if self.ptr == nil then return end
  local state = self.state
  check_not_in_call(self.serial, "Context:close()", "a context")
  local kids = {}
  for child in pairs(self.children) do kids[#kids + 1] = child end
  for _, child in ipairs(kids) do child:close() end
  lib().kol_ctx_set_progress(self.ptr, nil, nil)
  for k, cb in pairs(self.callbacks) do cb:free(); self.callbacks[k] = nil end
  ffi.gc(self.ptr, nil)
  self.ptr = nil
  state.closed = true
  if state.live == 0 then state.free() end
end

function M.version() return lib().kol_version() end
function M.version_string() return ffi.string(lib().kol_version_string()) end

-- ---------------------------------------------------------------- handles

--- A class of owned handles freed by C function free_name.
local function class(free_name)
  local cls = {}
  cls.__index = cls
  cls.free_name = free_name
  -- "kol_value_model_free" -> "kol.ValueModel", the name it has in the module
  cls.type_name = "kol." .. free_name:gsub("^kol_", ""):gsub("_free$", "")
                              :gsub("_?(%a)(%a*)", function(a, b) return a:upper() .. b end)
  function cls.adopt(ctx, ptr, fields)
    local L = lib()
    local self = setmetatable(fields or {}, cls)
    self.ctx = ctx
    local ctxptr = ctx.ptr
    local state = ctx.state
    local free = L[free_name]
    local cbs = self.callbacks -- callbacks the object holds, if any
    state.live = state.live + 1
    self.serial = next_serial()
    -- The finalizer keeps the context's cdata alive and counts the object
    -- in the context's live objects: the context cannot be freed before
    -- its objects. Callbacks are freed after the object.
    self.ptr = ffi.gc(ptr, function(p)
      free(p)
      if cbs then for _, cb in ipairs(cbs) do cb:free() end end
      release(state)
      local _ = ctxptr
    end)
    ctx.children[self] = true
    return self
  end
  function cls:p()
    if self.ptr == nil then error("kol: object is closed", 3) end
    if self.token and not self.token.valid then
      error("kol: this view is no longer valid (its owner changed)", 3)
    end
    return self.ptr
  end
  --- Free the object now (idempotent). Raises from inside a callback of a
  --- call (of any context) started after the object was made (the call may
  --- be using it).
  function cls:close()
    if self.ptr == nil then return end
    if self.borrowed then self.ptr = nil; return end
    check_not_in_call(self.serial, "close() of a " .. free_name:gsub("_free$", ""), "an object")
    local p = ffi.gc(self.ptr, nil)
    self.ptr = nil
    lib()[free_name](p)
    if self.on_close then self:on_close() end
    self.ctx.children[self] = nil
    release(self.ctx.state)
  end
  function cls:call(func, ...) self.ctx:call(func, self:p(), ...) end
  return cls
end

--- The pointer of o, an object of class cls (open); anything else raises
--- "kol: <what, sub>: kol.<Class> expected, got ..." (a method of another
--- object, or the FFI's "cannot convert", names neither).
local function handle_p(o, cls, what, sub)
  if type(o) ~= "table" or getmetatable(o) ~= cls then
    fail("kol: " .. arg_label(what, sub) .. ": " .. cls.type_name .. " expected, got " .. kind_of(o))
  end
  return o:p()
end

--- Set parameter p (a name of names, or a code) of object self to v
--- through C function func. v must be a number (num_ok): anything else,
--- text included, raises "kol: <Class>:set_param(): <parameter>: number
--- expected, got ..." naming the parameter, before the call (the FFI's
--- "cannot convert" names neither; it takes true as 1). note is added to
--- the error for text.
local function set_param(self, func, names, p, v, note)
  local code = code_of(names, p, "parameter")
  if type(v) ~= "number" and not num_ok(v) then
    local pname = tostring(p)
    for k, c in pairs(names) do if c == code then pname = k end end
    local method = getmetatable(self).type_name:gsub("^kol%.", "") .. ":set_param()"
    if type(v) == "string" then
      fail(string.format("kol: %s: %s: number expected, got string %q%s", method, pname, v,
                         note or ""))
    end
    num_arg(v, method, pname)
  end
  self:call(func, code, v)
end

local function new_handle(cls, ctx, ctype, func, ...)
  local out = ffi.new(ctype .. "*[1]")
  local args = { ... }
  args[#args + 1] = out
  ctx:call(func, ctx:p(), unpack(args))
  return cls.adopt(ctx, out[0])
end

-- ---------------------------------------------------------------- record

local Record = class("kol_record_free")
M.Record = Record
local TEXT = enum_table("kol_text", "KOL_TEXT_")
local DIMS = enum_table("kol_dimension", "KOL_DIMENSION_")
M.TEXT, M.DIMENSIONS = TEXT, DIMS

--- The code of a name looked up by C function func (kol_metric_from_name,
--- kol_channel_from_name...); an unknown name raises "kol: unknown <what>
--- '<name>'", as every other unknown name does.
local function from_name(func, name, what)
  local out = ffi.new("int32_t[1]")
  local st = ccall(func, name, out)
  if st == lib().KOL_STATUS_NOT_FOUND then
    fail("kol: unknown " .. what .. " '" .. tostring(name) .. "'")
  end
  check_noctx(st, func .. "(" .. tostring(name) .. ")")
  return out[0]
end

local function metric(m)
  if type(m) == "string" then return from_name("kol_metric_from_name", m, "metric") end
  return m
end

function M.metric_name(code) return str(ccall("kol_metric_name", code)) end
function M.metric_count() return tonumber(lib().kol_metric_count()) end

--- Check the tables of record spec (see Context:record) before anything
--- is made or set: the spec, its metrics and its portrait, a table of
--- tables (pairs() would raise its own error naming neither). Returns
--- spec.
local function record_spec(spec)
  table_arg(spec, "spec", "record fields")
  if spec.metrics ~= nil then table_arg(spec.metrics, "metrics", "metric values") end
  if spec.portrait ~= nil then
    for dim, shares in pairs(table_arg(spec.portrait, "portrait", "dimension shares")) do
      table_arg(shares, arg_label("portrait", dim), "label weights")
    end
  end
  return spec
end

--- A record; spec: { id=, name=, platform=, category=, metrics={...},
--- portrait={ gender={female=0.6, male=0.4} }, <metric name>=value }.
--- Its tables are checked before the record is made; a value refused
--- while it is filled frees it before the error is raised.
function Context:record(spec)
  if spec ~= nil then record_spec(spec) end
  local rec = new_handle(Record, self, "kol_record", "kol_record_new")
  if spec then
    local ok, err = pcall(rec.update, rec, spec)
    if not ok then rec:close(); error(err, 0) end
  end
  return rec
end

--- A borrowed view of a record the library owns, valid while token.valid
--- (token.owner, if any, is kept alive by the view). With origin (the
--- call that handed it over, a const record in C) the view is read-only:
--- its setters raise.
function Record.view(ctx, ptr, token, origin)
  return setmetatable({ ctx = ctx, ptr = ptr, borrowed = true, token = token, readonly = origin },
                      Record)
end

--- The pointer of a record that may be changed by method; raises (at
--- level, default 3) on a read-only view.
function Record:wp(method, level)
  if self.readonly then
    error("kol: Record:" .. method .. "(): this record is a read-only view from " .. self.readonly
          .. "; it belongs to the roster, which a change would corrupt (clone() gives a writable"
          .. " copy)", level or 3)
  end
  return self:p()
end

--- Call C setter func on the record for method (refused on a read-only view).
local function record_set(self, method, func, ...)
  self.ctx:call(func, self:wp(method, 4), ...)
end

--- Set fields from a table (see Context:record); raises on a read-only view.
function Record:update(spec)
  self:wp("update")
  for k, v in pairs(record_spec(spec)) do
    if TEXT[k] then self:set_text(k, v)
    elseif k == "metrics" then self:set_metrics(v)
    elseif k == "portrait" then
      for dim, shares in pairs(v) do self:set_portrait(dim, shares) end
    else self:set_metric(k, v) end
  end
end

function Record:set_text(field, value)
  record_set(self, "set_text", "kol_record_set_text", code_of(TEXT, field, "text field"), value)
end
function Record:text(field)
  return str(ccall("kol_record_text", self:p(), code_of(TEXT, field, "text field")))
end
function Record:id() return self:text(0) end
--- Set metric m (name or code) to v, a number ("kol: Record:set_metric():
--- <metric>: number expected, got ..." for anything else).
function Record:set_metric(m, v)
  local code = metric(m)
  if type(v) ~= "number" then
    num_arg(v, "Record:set_metric()",
            type(m) == "string" and m or M.metric_name(code) or tostring(m))
  end
  record_set(self, "set_metric", "kol_record_set_metric", code, v)
end
--- Set several metrics { name or code = number }, all or nothing.
function Record:set_metrics(t)
  local codes, vals = {}, {}
  for k, v in pairs(table_arg(t, "metrics", "metric values")) do
    codes[#codes + 1] = metric(k)
    vals[#vals + 1] = type(v) == "number" and v or num_arg(v, "metrics", k)
  end
  local cp, n = carray("int32_t", codes)
  local vp = carray("double", vals)
  record_set(self, "set_metrics", "kol_record_set_metrics", cp, vp, n)
end
function Record:clear_metric(m) record_set(self, "clear_metric", "kol_record_clear_metric", metric(m)) end
function Record:has_metric(m) return ccall("kol_record_has_metric", self:p(), metric(m)) ~= 0 end
--- A metric's value; raises (family "not_found") when missing.
function Record:get_metric(m)
  local out = ffi.new("double[1]")
  self:call("kol_record_get_metric", metric(m), out)
  return out[0]
end
--- Every metric that is set, as { name = value }.
function Record:metrics()
  local t = {}
  for i = 0, M.metric_count() - 1 do
    if self:has_metric(i) then t[M.metric_name(i)] = self:get_metric(i) end
  end
  return t
end
function Record:set_portrait(dim, shares)
  local labels, weights = {}, {}
  for k, v in pairs(table_arg(shares, "shares", "label weights")) do
    labels[#labels + 1] = text_arg(k, "Record:set_portrait() label")
    weights[#weights + 1] = type(v) == "number" and v or num_arg(v, "shares", k)
  end
  local n = #labels
  local lp = new_array("const char*", n)
  for i = 1, n do lp[i - 1] = labels[i] end
  local wp = carray("double", weights)
  record_set(self, "set_portrait", "kol_record_set_portrait", code_of(DIMS, dim, "dimension"),
             n > 0 and lp or nil, n > 0 and wp or nil, n)
  local _ = labels -- keep the strings alive during the call
end
function Record:portrait(dim)
  local d = code_of(DIMS, dim, "dimension")
  local t = {}
  local label, share = ffi.new("const char*[1]"), ffi.new("double[1]")
  for i = 0, tonumber(ccall("kol_record_portrait_size", self:p(), d)) - 1 do
    self:call("kol_record_portrait_at", d, i, label, share)
    t[ffi.string(label[0])] = share[0]
  end
  return t
end
function Record:clone()
  local out = ffi.new("kol_record*[1]")
  self:call("kol_record_clone", out)
  return Record.adopt(self.ctx, out[0])
end

-- ---------------------------------------------------------------- roster

local Roster = class("kol_roster_free")
M.Roster = Roster

function Context:roster(records)
  -- every record checked before the roster is made
  local n = records ~= nil and list_len(records, "records", "records") or 0
  for i = 1, n do handle_p(records[i], Record, "records", i) end
  local r = new_handle(Roster, self, "kol_roster", "kol_roster_new")
  r.token = nil
  r.views = { valid = true, owner = r }
  for i = 1, n do r:add(records[i]) end
  return r
end

--- Invalidate the views handed out (the roster changed or was closed).
--- A view's token holds the roster: the roster lives as long as its views.
function Roster:changed()
  self.views.valid = false
  self.views = { valid = true, owner = self }
end
Roster.on_close = Roster.changed

function Roster:add(rec)
  self:call("kol_roster_add", handle_p(rec, Record, "rec"))
  self:changed()
end
function Roster:size() return tonumber(lib().kol_roster_size(self:p())) end

--- Borrowed read-only view of record i (1-based), valid until the roster
--- changes or is closed; it keeps the roster alive. Its setters raise:
--- clone() gives a writable copy.
function Roster:at(i)
  local out = ffi.new("const kol_record*[1]")
  self:call("kol_roster_at", index0(i, "Roster:at() position"), out)
  return Record.view(self.ctx, out[0], self.views, "Roster:at")
end
--- Borrowed read-only view of the record with this id (as at()), or nil.
function Roster:find(id)
  local out = ffi.new("const kol_record*[1]")
  local st = ccall("kol_roster_find", self:p(), id, out)
  if st == 6 then return nil end
  self.ctx:check(st, "kol_roster_find")
  return Record.view(self.ctx, out[0], self.views, "Roster:find")
end
function Roster:remove(id) self:call("kol_roster_remove", id); self:changed() end
--- Remove every record for which predicate(rec) is true in Lua's sense
--- (anything but false and nil: a predicate returning 0 removes; rec a
--- borrowed read-only view, valid during the call), in one pass, all or
--- nothing; the records kept stay in their order. Returns the number
--- removed.
function Roster:remove_if(predicate)
  local p = self:p() -- before the callback is made (it would leak)
  func_arg(predicate, "predicate")
  local ctx = self.ctx
  local removed = ffi.new("uint64_t[1]")
  local select = ctx:callback("kol_roster_select_fn", function(_, _, rec, remove)
    local token = { valid = true, owner = self }
    local view = Record.view(ctx, rec, token, "the Roster:remove_if predicate")
    local ok, r = pcall(predicate, view)
    token.valid = false
    if not ok then error(r, 0) end
    remove[0] = r and 1 or 0
    return 0
  end)
  local ok, err = pcall(ctx.with_callbacks, ctx, { select }, "kol_roster_remove_if",
                        p, select, nil, removed)
  self:changed()
  if not ok then error(err, 0) end
  return tonumber(removed[0])
end
function Roster:ids()
  local t = {}
  for i = 1, self:size() do t[i] = self:at(i):id() end
  return t
end

--- Fill (pull): source is an array of record specs (false skips one), or
--- a function(rec) filling a borrowed record (valid during that read call
--- only, whether it returns or raises) and returning nil/"record", "skip"
--- or "end"; an error it raises stops the fill and is raised again,
--- unchanged. on_reject(index, status, message) is optional; what it
--- returns follows the rule of every callback (callback_result).
--- Returns the number added.
function Roster:fill(source, on_reject)
  local p = self:p() -- before the callbacks are made (they would leak)
  if type(source) == "table" and not is_object(source) then
    fill_items(source, "source", "record fields")
  elseif type(source) ~= "function" then
    fail("kol: source: a table of records or a function expected, got " .. kind_of(source))
  end
  func_arg(on_reject, "on_reject", true)
  local ctx = self.ctx
  local i = 0
  local what_codes = enum_table("kol_read", "KOL_READ_")
  local added = ffi.new("uint64_t[1]")
  local read = ctx:callback("kol_roster_read_fn", function(_, rec, what)
    i = i + 1
    local token = { valid = true }
    local view = Record.view(ctx, rec, token)
    local ok, r
    if type(source) == "function" then
      ok, r = pcall(source, view)
    else
      local spec = source[i]
      if spec == nil then ok, r = true, "end"
      elseif spec == false then ok, r = true, "skip"
      else ok, r = pcall(view.update, view, spec) end
    end
    -- the record is the library's: the view dies with the read call,
    -- whether the source returned or raised
    token.valid = false
    if not ok then error(r, 0) end
    what[0] = r and int_arg(code_of(what_codes, r, "fill source result"), "int32_t",
                            "fill source result") or 0
    return 0
  end)
  local cbs = { read }
  local reject = nil
  if on_reject then
    reject = ctx:callback("kol_roster_reject_fn", function(_, index, status, msg)
      return on_reject(tonumber(index), status, ffi.string(msg))
    end, false, cbs)
    cbs[2] = reject
  end
  local ok, err = pcall(ctx.with_callbacks, ctx, cbs, "kol_roster_fill", p, read, reject, nil, added)
  self:changed()
  if not ok then error(err, 0) end
  return tonumber(added[0])
end

-- ---------------------------------------------------------------- value

local ValueModel = class("kol_value_model_free")
local ValueResult = class("kol_value_result_free")
M.ValueModel, M.ValueResult = ValueModel, ValueResult
M.GOALS = enum_table("kol_value_goal", "KOL_VALUE_GOAL_")
M.NORMS = enum_table("kol_value_norm", "KOL_VALUE_NORM_")
M.COMPONENTS = enum_table("kol_value_component", "KOL_VALUE_COMPONENT_")
M.VALUE_OUTPUTS = {}
for name, code in pairs(enum_table("kol_value_out", "KOL_VALUE_OUT_")) do M.VALUE_OUTPUTS[code + 1] = name end
local NOUT = #M.VALUE_OUTPUTS
M.VALUE_PARAMS = enum_table("kol_value_param", "KOL_VALUE_PARAM_")
ValueModel.on_close = function(self)
  for _, cb in ipairs(self.callbacks or {}) do cb:free() end
  self.callbacks = {}
end

function Context:value_model(goal)
  local out = ffi.new("kol_value_model*[1]")
  self:call("kol_value_model_new", self:p(), code_of(M.GOALS, goal or "balanced", "goal"), out)
  return ValueModel.adopt(self, out[0], { callbacks = {}, records = {} })
end
function ValueModel:id() return ffi.string(lib().kol_value_model_id(self:p())) end
function ValueModel:set_goal(g) self:call("kol_value_model_set_goal", code_of(M.GOALS, g, "goal")) end
function ValueModel:set_param(p, v)
  set_param(self, "kol_value_model_set_param", M.VALUE_PARAMS, p, v)
end
function ValueModel:get_param(p)
  local out = ffi.new("double[1]")
  self:call("kol_value_model_get_param", code_of(M.VALUE_PARAMS, p, "parameter"), out)
  return out[0]
end
function ValueModel:metric_count() return tonumber(lib().kol_value_model_metric_count(self:p())) end
function ValueModel:metric_name(i) return str(ccall("kol_value_model_metric_name", self:p(), i)) end
--- The code of a sub-metric given by name (built-in or custom) or code.
local function value_metric(self, m)
  if type(m) == "string" then
    for i = 0, self:metric_count() - 1 do if self:metric_name(i) == m then return i end end
    fail("kol: unknown value sub-metric '" .. m .. "'")
  end
  return m
end
--- Weight and normalization (name or code) of a sub-metric (name or code).
function ValueModel:set_metric(m, weight, norm)
  self:call("kol_value_model_set_metric", value_metric(self, m), weight,
            code_of(M.NORMS, norm or "cohort", "norm"))
end
--- Custom sub-metric: fn(record view) returns a number or nil (missing);
--- the view is read-only and valid during the call only, and bound to
--- the context of the records scored (of the roster or record given,
--- which may be another than the model's: see score_records), so that
--- its getters' errors carry that context's message and its clone()
--- belongs there. The callback lives as long as the model (freed by
--- :close()).
function ValueModel:add_metric(name, fn, component, weight, norm)
  -- the model and the names checked before the callback is made (an error
  -- raised between the two would leak it)
  local p = self:p()
  func_arg(fn, "fn")
  local comp = code_of(M.COMPONENTS, component or "fan", "component")
  local nc = code_of(M.NORMS, norm or "cohort", "norm")
  local ctx = self.ctx
  -- the context of the records the running call scores (score_records);
  -- the callback holds this table, not the model, which it would keep
  -- from being collected
  local records = self.records
  local code = ffi.new("int32_t[1]")
  local cb = ctx:callback("kol_value_metric_fn", function(_, rec, value, present)
    local token = { valid = true }
    local ok, v = pcall(fn, Record.view(records.ctx or ctx, rec, token,
                                        "a custom metric callback"))
    token.valid = false
    if not ok then error(v, 0) end
    if v == nil then present[0] = 0
    else
      if type(v) ~= "number" then
        num_arg(v, string.format("custom metric %q", tostring(name)), "the value returned")
      end
      value[0] = v; present[0] = 1
    end
    return 0
  end)
  local ok, err = pcall(ctx.call, ctx, "kol_value_model_add_metric", p, name, comp, weight or 1,
                        nc, cb, nil, code)
  if not ok then cb:free(); error(err, 0) end
  self.callbacks[#self.callbacks + 1] = cb
  return code[0]
end
--- Band edges: a table, or a cdata array of n doubles.
function ValueModel:set_bands(edges, n)
  local p, n = carray("double", edges, n, "edges")
  self:call("kol_value_model_set_bands", p, n)
end
--- Call C function func of model self (its pointer first, then ...),
--- which may call the custom metrics with records of rctx, the context of
--- the roster or record given (not always the model's: a model may score
--- a roster of another context). The metric callbacks bind their record
--- views to it (records.ctx), for the call only: a record's context is
--- where its getters write their errors and where clone() makes the copy,
--- so a view bound to the model's context would raise with that
--- context's stale message, and adopt its clone there, to be used after
--- its own context is freed. One context per call: a roster's records
--- are all of its context (kol_roster_add refuses any other).
local function score_records(self, rctx, func, ...)
  local p = self:p()
  local records = self.records
  local outer = records.ctx -- a call refused from inside a metric callback
  records.ctx = rctx
  local ok, err = pcall(self.ctx.call, self.ctx, func, p, ...)
  records.ctx = outer
  if not ok then error(err, 0) end
end

function ValueModel:set_reference(roster)
  if roster == nil then
    self:call("kol_value_model_set_reference", nil)
  else
    local rp = handle_p(roster, Roster, "roster")
    score_records(self, roster.ctx, "kol_value_model_set_reference", rp)
  end
end

local function value_columns(self, columns, n_rows)
  local codes, maxc = {}, -1
  local keep = {}
  local nb = 0
  for _ in pairs(enum_table("kol_value_metric", "KOL_VALUE_METRIC_")) do nb = nb + 1 end
  local n_custom = self:metric_count() - nb
  local portrait = tonumber(lib().KOL_VALUE_COLUMN_PORTRAIT_MATCH)
  local custom = tonumber(lib().KOL_VALUE_COLUMN_CUSTOM_BASE)
  for k, col in pairs(table_arg(columns, "columns", "columns")) do
    local c = k
    if type(k) == "string" then
      if k == "portrait_match" then c = portrait
      else
        local ok, mc = pcall(metric, k)
        if ok then c = mc else
          for i = nb, nb + n_custom - 1 do
            if self:metric_name(i) == k then c = custom + i - nb end
          end
        end
      end
    end
    if type(c) ~= "number" then error("kol: unknown column '" .. tostring(k) .. "'", 3) end
    if type(k) == "number" then
      -- a column code indexes the array of column pointers: an integer of
      -- C's int, not below 0 (a fraction or -1 would write outside it)
      int_arg(k, "int32_t", "columns", k)
      if k < 0 then fail("kol: columns[" .. k .. "]: column code " .. k .. " is negative") end
      -- C reads these columns only (kol_value_score_columns()): any other
      -- would be ignored silently, and the array of column pointers is as
      -- long as the largest code (2^31 - 1 would ask for 16 GB)
      local n_metrics = M.metric_count()
      if not (k < n_metrics or k == portrait or (k >= custom and k < custom + n_custom)) then
        fail(string.format("kol: columns[%d]: column code %d is no column of this model "
                           .. "(metric codes 0 to %d, %d portrait_match, %s)",
                           k, k, n_metrics - 1, portrait,
                           n_custom > 0 and string.format("%d to %d its custom metrics",
                                                          custom, custom + n_custom - 1)
                           or string.format("from %d its custom metrics, none added", custom)))
      end
    end
    -- the column named as the caller gave it: columns.followers, columns[3]
    codes[#codes + 1] = { c, col, type(k) == "string" and "columns." .. k
                                    or "columns[" .. tostring(k) .. "]" }
    if c > maxc then maxc = c end
  end
  local arr = new_array("const double*", maxc + 1)
  for _, pair in ipairs(codes) do
    -- NaN is a value missing for a row here
    local p, n = carray("double", pair[2], type(pair[2]) == "cdata" and n_rows or nil, pair[3],
                        nil, true)
    n_rows = n_rows or n
    if n ~= n_rows then error("kol: column " .. pair[1] .. " has " .. n .. " rows, expected " .. n_rows, 3) end
    arr[pair[1]] = p
    keep[#keep + 1] = p
  end
  return arr, maxc + 1, n_rows or 0, keep
end

--- Batch scoring over columns { metric name = {values...} | cdata }.
--- Returns an array of rows { total=, communication=, fan=, conversion=,
--- confidence=, value_per_cost= }; with raw = true the double[n*6] cdata.
function ValueModel:score_columns(columns, n_rows, raw)
  if n_rows ~= nil then int_arg(n_rows, "size_t", "n_rows") end
  local arr, ncol, n, keep = value_columns(self, columns, n_rows)
  local out = new_array("double", n * NOUT)
  self:call("kol_value_score_columns", arr, ncol, n, out, nil)
  local _ = keep
  if raw then return out, n end
  local rows = {}
  for i = 0, n - 1 do
    local r = {}
    for k, name in ipairs(M.VALUE_OUTPUTS) do r[name] = out[i * NOUT + k - 1] end
    rows[i + 1] = r
  end
  return rows
end

function ValueModel:score_roster(roster)
  local out = ffi.new("kol_value_result*[1]")
  local rp = handle_p(roster, Roster, "roster")
  score_records(self, roster.ctx, "kol_value_score_roster", rp, out)
  local res = ValueResult.adopt(self.ctx, out[0])
  res.ids = roster:ids()
  res.names = {}
  for i = 0, self:metric_count() - 1 do res.names[i + 1] = self:metric_name(i) end
  return res
end

function ValueModel:score_record(rec)
  local m = self:metric_count()
  local out, con = new_array("double", NOUT), new_array("double", m)
  local rp = handle_p(rec, Record, "rec")
  score_records(self, rec.ctx, "kol_value_score_record", rp, out, con, m)
  local r = { contributions = {} }
  for k, name in ipairs(M.VALUE_OUTPUTS) do r[name] = out[k - 1] end
  for i = 0, m - 1 do r.contributions[self:metric_name(i)] = con[i] end
  return r
end

function ValueResult:size() return tonumber(lib().kol_value_result_size(self:p())) end
local VALUE_OUTPUT_CODES = enum_table("kol_value_out", "KOL_VALUE_OUT_")
--- Output field (name or code; default "total") of the record at roster
--- position i (1-based).
function ValueResult:get(i, field)
  local out = ffi.new("double[1]")
  self:call("kol_value_result_get", index0(i, "roster position"),
            code_of(VALUE_OUTPUT_CODES, field or 0, "value output"), out)
  return out[0]
end
--- Contribution of a sub-metric (name or code) to the total of the record
--- at roster position i (1-based).
function ValueResult:contribution(i, m)
  if type(m) == "string" then
    local code
    for k, n in ipairs(self.names) do if n == m then code = k - 1; break end end
    if code == nil then fail("kol: unknown value sub-metric '" .. m .. "'") end
    m = code
  end
  local out = ffi.new("double[1]")
  self:call("kol_value_result_contribution", index0(i, "roster position"), m, out)
  return out[0]
end
--- { {id=, index=, total=}, ... } best first.
function ValueResult:ranking()
  local t = {}
  local idx = ffi.new("size_t[1]")
  for r = 0, self:size() - 1 do
    self:call("kol_value_result_rank", r, idx)
    local i = tonumber(idx[0]) + 1
    t[r + 1] = { id = self.ids[i], index = i, total = self:get(i, 0) }
  end
  return t
end

-- ---------------------------------------------------------------- tier

local Tiers = class("kol_tiers_free")
M.Tiers = Tiers
function Context:tiers(scheme)
  return new_handle(Tiers, self, "kol_tiers", "kol_tiers_new",
                    code_of(enum_table("kol_tier_scheme", "KOL_TIER_SCHEME_"), scheme or "cn", "scheme"))
end
function Tiers:levels()
  local t = {}
  for i = 0, lib().kol_tiers_level_count(self:p()) - 1 do
    t[i + 1] = str(lib().kol_tiers_level_name(self:p(), i))
  end
  return t
end
function Tiers:classify(rec)
  local out = ffi.new("int32_t[1]")
  self:call("kol_tiers_classify", handle_p(rec, Record, "rec"), out)
  return out[0], str(lib().kol_tiers_level_name(self:p(), out[0]))
end
--- Levels of follower counts (a table, or a cdata array of n doubles).
function Tiers:classify_followers(followers, platform, n)
  -- NaN is a missing count here (level -1)
  local p, n = carray("double", followers, n, "followers", nil, true)
  local out = new_array("int32_t", n)
  self:call("kol_tiers_classify_followers", platform, p, n, out)
  return totable(out, n)
end
function Tiers:koc(rec)
  local out = ffi.new("int32_t[1]")
  self:call("kol_tiers_koc", handle_p(rec, Record, "rec"), out)
  return str(lib().kol_koc_name(out[0]))
end
function Tiers:stage(rec)
  local out = ffi.new("int32_t[1]")
  self:call("kol_tiers_stage", handle_p(rec, Record, "rec"), out)
  return str(lib().kol_stage_name(out[0]))
end
--- Tiers of scores by quantiles at probs (tables, or cdata arrays of
--- n_scores and n_probs doubles).
function Context:tier_by_quantiles(scores, probs, n_scores, n_probs)
  local sp, n = carray("double", scores, n_scores, "scores")
  local pp, m = carray("double", probs, n_probs, "probs")
  local out = new_array("int32_t", n)
  self:call("kol_tier_by_quantiles", self:p(), sp, n, pp, m, out)
  return totable(out, n)
end

-- ---------------------------------------------------------------- traffic

local Traffic = class("kol_traffic_free")
M.Traffic = Traffic
M.CHANNELS = enum_table("kol_channel", "KOL_CHANNEL_")
M.TRAFFIC_PARAMS = enum_table("kol_traffic_param", "KOL_TRAFFIC_PARAM_")

--- A monitor for channels (names or codes); params: { step = 60, ... }.
function Context:traffic(channels, params)
  channels = channels or { "views", "likes" }
  local codes = {}
  for i = 1, list_len(channels, "channels", "channel names or codes") do
    codes[i] = code_of(M.CHANNELS, name_or_code(channels[i], "channels", i, "channel"), "channel")
  end
  local cp, n = carray("int32_t", codes)
  if params ~= nil then table_arg(params, "params", "parameter values") end
  local t = new_handle(Traffic, self, "kol_traffic", "kol_traffic_new", cp, n)
  t.channels, t.nch = channels, n
  for k, v in pairs(params or {}) do t:set_param(k, v) end
  return t
end
function Traffic:set_param(p, v)
  set_param(self, "kol_traffic_set_param", M.TRAFFIC_PARAMS, p, v)
end
function Traffic:get_param(p)
  local out = ffi.new("double[1]")
  self:call("kol_traffic_get_param", code_of(M.TRAFFIC_PARAMS, p, "parameter"), out)
  return out[0]
end

function M.reason_names(bits)
  int_arg(bits, "uint32_t", "bits")
  bits = tonumber(bits)
  local t = {}
  for k = 0, 31 do
    if bit.band(bits, bit.lshift(1, k)) ~= 0 then
      -- every bit the library names (a reason added later needs no
      -- change here), "bitK" for one it does not, as in Python
      t[#t + 1] = str(lib().kol_traffic_reason_name(bit.tobit(bit.lshift(1, k)))) or ("bit" .. k)
    end
  end
  return t
end

local function emit_cb(ctx, on_result, made)
  if on_result == nil then return nil end
  return ctx:callback("kol_traffic_emit_fn", function(_, ts, ns, score, reasons, obs, res, chr, n)
    n = tonumber(n)
    return on_result({ timestamp = int64_out(ts), n_samples = tonumber(ns), score = score,
                       reasons = tonumber(reasons), observed = totable(obs, n),
                       restored = totable(res, n), channel_reasons = totable(chr, n) })
  end, false, made)
end

--- The C arrays of a chunk; a table of rows must have one row per
--- timestamp and one value per channel in each row (cdata rows, n rows of
--- one value per channel flattened, are taken as they are). n: the number
--- of samples, required when timestamps or rows are cdata.
local function traffic_rows(nch, timestamps, rows, n)
  if type(timestamps) == "table" and type(rows) == "cdata" then n = #timestamps end
  local tp, nt = carray("int64_t", timestamps, n, "timestamps", 4)
  -- every row checked (crows) before the counts are compared: a flat
  -- table of values is named as such, not as a count mismatch
  local vp, nr = crows("double", rows, nch, "channel", nt, 4, "rows")
  if nr ~= nt then
    fail("kol: rows: " .. nr .. " rows for " .. nt .. " timestamps")
  end
  return tp, nt, vp
end

--- Feed samples: timestamps {t...}, rows {{v1, v2}, ...} (one value per
--- channel); on_result(slot) gets each final slot as a table. n: the
--- number of samples when timestamps or rows are cdata arrays (rows then
--- n * channels doubles, row after row).
function Traffic:feed(timestamps, rows, on_result, n)
  local p = self:p() -- before the callback is made (it would leak)
  func_arg(on_result, "on_result", true)
  local tp, n, vp = traffic_rows(self.nch, timestamps, rows, n)
  local cb = emit_cb(self.ctx, on_result)
  self.ctx:with_callbacks(cb and { cb } or {}, "kol_traffic_feed", p, tp, vp, n, cb, nil)
end
function Traffic:finish(on_result)
  local p = self:p()
  func_arg(on_result, "on_result", true)
  local cb = emit_cb(self.ctx, on_result)
  self.ctx:with_callbacks(cb and { cb } or {}, "kol_traffic_finish", p, cb, nil)
end

--- Block path: the results of consecutive slots, one table per field.
--- A block is { n = N, timestamps = {...}, n_samples = {...},
--- scores = {...}, reasons = {...}, observed = { {c1, c2, ...}, ... },
--- restored = {...rows...}, channel_reasons = {...rows...} }, 1-based.
local function new_block()
  return { n = 0, timestamps = {}, n_samples = {}, scores = {}, reasons = {},
           observed = {}, restored = {}, channel_reasons = {} }
end

--- Append the n results of one C block (valid during the callback only).
local function append_block(b, n, ts, ns, sc, rs, obs, res, chr, nch)
  local bts, bns, bsc, brs = b.timestamps, b.n_samples, b.scores, b.reasons
  local bob, bre, bch = b.observed, b.restored, b.channel_reasons
  local k = b.n
  for i = 0, n - 1 do
    k = k + 1
    bts[k] = int64_out(ts[i]); bns[k] = tonumber(ns[i])
    bsc[k] = sc[i]; brs[k] = tonumber(rs[i])
    local o, r, c, base = {}, {}, {}, i * nch
    for j = 1, nch do
      o[j] = obs[base + j - 1]; r[j] = res[base + j - 1]; c[j] = tonumber(chr[base + j - 1])
    end
    bob[k], bre[k], bch[k] = o, r, c
  end
  b.n = k
end

--- The block callback of a block call: each block goes to on_block, or
--- (on_block nil) is appended to the block returned second.
local function block_cb(ctx, nch, on_block, made)
  local collected = on_block == nil and new_block() or nil
  local cb = ctx:callback("kol_traffic_block_fn", function(_, n, ts, ns, sc, rs, obs, res, chr)
    n = tonumber(n)
    if collected then
      append_block(collected, n, ts, ns, sc, rs, obs, res, chr, nch)
      return 0
    end
    local b = new_block()
    append_block(b, n, ts, ns, sc, rs, obs, res, chr, nch)
    return on_block(b)
  end, true, made)
  return cb, collected
end

--- Make a block call; when it fails with the results collected, a table
--- error (a kol.Error) carries those handed over before the failure as
--- its `partial` field.
local function call_blocks(ctx, cbs, collected, ...)
  local ok, err = pcall(ctx.with_callbacks, ctx, cbs, ...)
  if not ok then
    if collected and type(err) == "table" then err.partial = collected end
    error(err, 0)
  end
  return collected
end

--- The slots of a block as the tables the per-slot path gives.
function M.block_results(b)
  table_arg(b, "block", "block fields")
  local t = {}
  for i = 1, b.n do
    t[i] = { timestamp = b.timestamps[i], n_samples = b.n_samples[i], score = b.scores[i],
             reasons = b.reasons[i], observed = b.observed[i], restored = b.restored[i],
             channel_reasons = b.channel_reasons[i] }
  end
  return t
end

--- Feed samples, results handed over in blocks (the fast path): as
--- feed() (n as there), on_block(block) gets up to 128 consecutive slots
--- at a time (a return that stops, see callback_result, or an error:
--- stops the series). With on_block nil
--- the results are collected and returned as one block.
function Traffic:feed_blocks(timestamps, rows, on_block, n)
  local p = self:p()
  func_arg(on_block, "on_block", true)
  local tp, n, vp = traffic_rows(self.nch, timestamps, rows, n)
  local cb, collected = block_cb(self.ctx, self.nch, on_block)
  return call_blocks(self.ctx, { cb }, collected, "kol_traffic_feed_blocks", p, tp, vp, n, cb, nil)
end
--- Hand every pending result over in blocks and close the series
--- (on_block and the result as for feed_blocks).
function Traffic:finish_blocks(on_block)
  local p = self:p()
  func_arg(on_block, "on_block", true)
  local cb, collected = block_cb(self.ctx, self.nch, on_block)
  return call_blocks(self.ctx, { cb }, collected, "kol_traffic_finish_blocks", p, cb, nil)
end
function Traffic:reset() self:call("kol_traffic_reset") end
function Traffic:totals(index)
  local v = ffi.new("double[5]")
  self:call("kol_traffic_totals", index0(index or 1, "channel position"), v, v + 1, v + 2, v + 3,
            v + 4)
  return { observed = v[0], restored = v[1], low = v[2], high = v[3], dropped = v[4] }
end
function Traffic:counts()
  local v = ffi.new("uint64_t[3]")
  self:call("kol_traffic_counts", v, v + 1, v + 2)
  return { slots = tonumber(v[0]), flagged = tonumber(v[1]), skipped = tonumber(v[2]) }
end
--- The flagged intervals: { kept = how many intervals() returns (at most
--- the max_intervals parameter), total = how many there were in all, kept
--- or not }.
function Traffic:interval_count()
  local total = ffi.new("uint64_t[1]")
  local kept = lib().kol_traffic_interval_count(self:p(), total)
  return { kept = tonumber(kept), total = tonumber(total[0]) }
end
--- The flagged intervals kept, oldest first (how many there were in all:
--- interval_count()).
function Traffic:intervals()
  local t = {}
  local n = tonumber(lib().kol_traffic_interval_count(self:p(), nil))
  local s, e = ffi.new("int64_t[1]"), ffi.new("int64_t[1]")
  local r, pk = ffi.new("uint32_t[1]"), ffi.new("double[1]")
  local infl = new_array("double", self.nch)
  for i = 0, n - 1 do
    self:call("kol_traffic_interval_at", i, s, e, r, pk, infl)
    t[i + 1] = { start = int64_out(s[0]), ["end"] = int64_out(e[0]), reasons = tonumber(r[0]),
                 peak = pk[0], inflated = totable(infl, self.nch) }
  end
  return t
end

-- ---------------------------------------------------------------- sanity

local Sanity = class("kol_sanity_free")
M.Sanity = Sanity
function Context:sanity() return new_handle(Sanity, self, "kol_sanity", "kol_sanity_new") end
--- Findings { {verdict=code, reason=, observed=, expected=}, ... }.
function Sanity:check(rec)
  local cap = 16
  local v, o, e = ffi.new("int32_t[16]"), ffi.new("double[16]"), ffi.new("double[16]")
  local count = ffi.new("size_t[1]")
  self:call("kol_sanity_check", handle_p(rec, Record, "rec"), v, o, e, cap, count)
  local t = {}
  for i = 0, math.min(tonumber(count[0]), cap) - 1 do
    t[i + 1] = { verdict = v[i], reason = str(lib().kol_sanity_reason(v[i])),
                 observed = o[i], expected = e[i] }
  end
  return t
end
--- Spikes of a follower series (a table, or a cdata array of n doubles).
function Sanity:follower_spikes(followers, n)
  -- NaN is a day without a count here
  local p, n = carray("double", followers, n, "followers", nil, true)
  local v, z = new_array("int32_t", n), new_array("double", n)
  local count = ffi.new("size_t[1]")
  self:call("kol_sanity_follower_spikes", p, n, v, z, count)
  return totable(v, n), totable(z, n), tonumber(count[0])
end

-- ---------------------------------------------------------------- audience

local Audience = class("kol_audience_free")
M.Audience = Audience
M.FEATURES = enum_table("kol_follower_feature", "KOL_FOLLOWER_")
function Context:audience() return new_handle(Audience, self, "kol_audience", "kol_audience_new") end
--- Fake probabilities and verdicts of follower rows (columns: names; a row
--- holds one value per column). rows: a table of rows, or a cdata array of
--- n rows of doubles, row after row.
function Audience:score(columns, rows, n)
  local codes = {}
  for i = 1, list_len(columns, "columns", "feature names or codes") do
    codes[i] = code_of(M.FEATURES, name_or_code(columns[i], "columns", i, "feature"), "feature")
  end
  local cp, nc = carray("int32_t", codes)
  local vp, n = crows("double", rows, nc, "column", n, 3, "rows")
  local prob, verd = new_array("double", n), new_array("int32_t", n)
  self:call("kol_audience_score", cp, nc, vp, n, prob, verd)
  return totable(prob, n), totable(verd, n)
end
--- The real-follower ratio of scored rows (tables, or cdata arrays of n
--- values; verdicts optional).
function Audience:real_ratio(probs, verdicts, n)
  local pp, n = carray("double", probs, n, "probs")
  if type(verdicts) == "table" then
    local m = seq_len(verdicts, "verdicts")
    if m ~= n then fail("kol: " .. m .. " verdicts for " .. n .. " probabilities") end
  end
  local vp = verdicts and carray("int32_t", verdicts, n, "verdicts") or nil
  local v = ffi.new("double[3]")
  local used = ffi.new("size_t[1]")
  self:call("kol_audience_real_ratio", pp, vp, n, v, v + 1, v + 2, used)
  return { ratio = v[0], low = v[1], high = v[2], used = tonumber(used[0]) }
end

-- ---------------------------------------------------------------- cost

local CostHistory = class("kol_cost_history_free")
M.CostHistory = CostHistory
M.MEASURES = enum_table("kol_cost_measure", "KOL_COST_MEASURE_")
function Context:cost_history(alpha)
  return new_handle(CostHistory, self, "kol_cost_history", "kol_cost_history_new",
                    alpha or M.constants.KOL_COST_ALPHA_DEFAULT)
end
function CostHistory:add(platform, tier, category, cost, exposure, engagements, orders)
  self:call("kol_cost_history_add", platform, tier, category, cost, exposure or 0,
            engagements or 0, orders or 0)
end
function CostHistory:quantile(platform, tier, category, measure, q)
  local out = ffi.new("double[1]")
  self:call("kol_cost_history_quantile", platform, tier, category,
            code_of(M.MEASURES, measure, "measure"), q, out)
  return out[0]
end
function CostHistory:quote(platform, tier, category, quote, exposure, q_low, q_high)
  local v = ffi.new("double[4]")
  local basis = ffi.new("int32_t[1]")
  self:call("kol_cost_history_quote", platform, tier, category, quote, exposure or 0,
            q_low or 0.25, q_high or 0.75, v, v + 1, v + 2, v + 3, basis)
  return { percentile = v[0], low = v[1], mid = v[2], high = v[3],
           basis = basis[0] == 0 and "cpm" or "price" }
end

-- ---------------------------------------------------------------- roi

local Roi = class("kol_roi_free")
local RoiReport = class("kol_roi_report_free")
local Delivery = class("kol_delivery_free")
M.Roi, M.RoiReport, M.Delivery = Roi, RoiReport, Delivery
M.DELIVERY_KEYS = enum_table("kol_delivery_key", "KOL_DELIVERY_KEY_")
M.ROI_GROUPS = enum_table("kol_roi_group", "KOL_ROI_GROUP_")
M.ROI_PARAMS = enum_table("kol_roi_param", "KOL_ROI_PARAM_")
local delivery_fields, roi_metrics
local function roi_tables()
  if not delivery_fields then
    delivery_fields = name_table(lib().kol_delivery_field_name, 64)
    roi_metrics = name_table(lib().kol_roi_metric_name, 64)
  end
end

function Context:roi() return new_handle(Roi, self, "kol_roi", "kol_roi_new") end
function Context:delivery(spec)
  if spec ~= nil then table_arg(spec, "spec", "delivery fields") end
  local d = new_handle(Delivery, self, "kol_delivery", "kol_delivery_new")
  if spec then d:update(spec) end
  return d
end
--- Set keys (strings) and numeric fields (numbers) from a table { kol_id
--- = "a", cost = 100, ... } ("kol: delivery: <field>: number expected,
--- got ..." for a field that is no number).
function Delivery:update(spec)
  roi_tables()
  for k, v in pairs(table_arg(spec, "spec", "delivery fields")) do
    if M.DELIVERY_KEYS[k] then self:call("kol_delivery_set_key", M.DELIVERY_KEYS[k], v)
    else
      local code = code_of(delivery_fields, k, "delivery field")
      if type(v) ~= "number" then num_arg(v, "delivery", k) end
      self:call("kol_delivery_set", code, v)
    end
  end
end
--- Raise the error Roi:add would raise for this delivery (no kol_id or
--- cost, a restored count above its reported count); adds nothing.
function Delivery:check() self:call("kol_delivery_check") end
function Roi:size() return tonumber(lib().kol_roi_size(self:p())) end
function Roi:set_param(p, v) set_param(self, "kol_roi_set_param", M.ROI_PARAMS, p, v) end
--- Add a delivery given as a table { kol_id=, cost=, views=, ... } or as
--- a kol.Delivery.
function Roi:add(spec)
  if getmetatable(spec) == Delivery then
    self:call("kol_roi_add", handle_p(spec, Delivery, "delivery"))
    return
  end
  table_arg(spec, "delivery", "delivery fields (or a kol.Delivery)")
  self:p() -- before the delivery is made
  local d = self.ctx:delivery(spec)
  local ok, err = pcall(self.call, self, "kol_roi_add", d:p())
  d:close()
  if not ok then error(err, 0) end
end
function Roi:report(group)
  local out = ffi.new("kol_roi_report*[1]")
  self:call("kol_roi_report_new", code_of(M.ROI_GROUPS, group or "all", "group"), out)
  return RoiReport.adopt(self.ctx, out[0])
end
local ROI_BASES = enum_table("kol_roi_basis", "KOL_ROI_BASIS_")
local function basis_of(basis) return code_of(ROI_BASES, basis or "reported", "basis") end
function RoiReport:size() return tonumber(lib().kol_roi_report_size(self:p())) end
function RoiReport:key(row) return str(ccall("kol_roi_report_key", self:p(), index0(row, "row"))) end
--- A metric of row (1-based); nil when undefined (missing or zero
--- denominator). basis: "reported" (default) or "net".
function RoiReport:get(row, metric_name, basis)
  roi_tables()
  local out = ffi.new("double[1]")
  local st = ccall("kol_roi_report_get", self:p(), index0(row, "row"),
                   code_of(roi_metrics, metric_name, "metric"), basis_of(basis), out)
  if st == 5 or st == 13 then return nil end
  self.ctx:check(st, "kol_roi_report_get")
  return out[0]
end
function RoiReport:interval(row, metric_name, basis)
  roi_tables()
  local lo, hi = ffi.new("double[1]"), ffi.new("double[1]")
  self:call("kol_roi_report_interval", index0(row, "row"), code_of(roi_metrics, metric_name, "metric"),
            basis_of(basis), lo, hi)
  return lo[0], hi[0]
end

-- ---------------------------------------------------------------- sketch

local Sketch = class("kol_sketch_free")
M.Sketch = Sketch
function Context:sketch(precision, seed)
  return new_handle(Sketch, self, "kol_sketch", "kol_sketch_new", precision or 14,
                    seed or M.constants.KOL_SKETCH_DEFAULT_SEED)
end
--- Add 64-bit ids: a table, or a cdata array of n uint64_t.
function Sketch:add_ids(ids, n)
  local p, m = carray("uint64_t", ids, n, "ids")
  self:call("kol_sketch_add_ids", p, m)
end
--- Add one item: a string (its bytes).
function Sketch:add(s)
  if type(s) ~= "string" then
    fail("kol: item: string expected, got " .. kind_of(s)
         .. ((type(s) == "number" or is_int64(s)) and " (integer ids go through add_ids())" or ""))
  end
  self:call("kol_sketch_add_bytes", s, #s)
end
function Sketch:merge(o) self:call("kol_sketch_merge", handle_p(o, Sketch, "other")) end
function Sketch:estimate()
  local out = ffi.new("double[1]")
  self:call("kol_sketch_estimate", out)
  return out[0]
end
function Sketch:overlap(o)
  local v = ffi.new("double[3]")
  self:call("kol_sketch_overlap", handle_p(o, Sketch, "other"), v, v + 1, v + 2)
  return { overlap = v[0], jaccard = v[1], union = v[2] }
end

-- ---------------------------------------------------------------- planner

local Planner = class("kol_planner_free")
local Plan = class("kol_plan_free")
M.Planner, M.Plan = Planner, Plan
M.PLAN_PARAMS = enum_table("kol_planner_param", "KOL_PLAN_PARAM_")
M.OBJECTIVES = enum_table("kol_planner_objective", "KOL_PLAN_OBJECTIVE_")
function Context:planner() return new_handle(Planner, self, "kol_planner", "kol_planner_new") end
--- Set a parameter (name or code) to a number; the objective may be given
--- by name ("value", "conversions", "reach"), no other parameter takes
--- text.
function Planner:set_param(p, v)
  local code = code_of(M.PLAN_PARAMS, p, "parameter")
  if type(v) == "string" and code == M.PLAN_PARAMS.objective then
    v = code_of(M.OBJECTIVES, v, "objective")
  end
  set_param(self, "kol_planner_set_param", M.PLAN_PARAMS, code, v,
            " (a name is taken for the objective only)")
end
--- Candidates: { cost = {...}, value = {...}, conversions = {...},
--- tier = {...}, platform = {...}, category = {...} } (cost required);
--- each a table, or a cdata array of n values (the candidate count).
function Planner:set_candidates(t, n)
  if type(t) ~= "table" then
    fail("kol: candidates: a table of columns expected, got " .. kind_of(t))
  end
  local cp
  cp, n = carray("double", t.cost, n, "cost")
  local function col(ctype, name)
    local v = t[name]
    if type(v) == "table" then
      -- no NaN hint: the planner refuses NaN in every column
      local m = seq_len(v, name)
      if m ~= n then fail("kol: " .. name .. " has " .. m .. " values for " .. n .. " candidates") end
    end
    return (carray(ctype, v, n, name, 4))
  end
  local vp = col("double", "value")
  local kp = col("double", "conversions")
  local tp = col("int32_t", "tier")
  local pp = col("int32_t", "platform")
  local gp = col("int32_t", "category")
  self:call("kol_planner_set_candidates", cp, vp, kp, tp, pp, gp, n)
end
--- The objects of list, a table of objects of class cls (kept until a
--- call returns), and a C array of their pointers, of ctype (const kol_x
--- *). Anything but a table, a hole, or an item of another kind raises
--- "kol: <what>...: ..." (what names the argument and its items:
--- "sketches").
local function handle_array(ctype, list, what, cls)
  local n = list_len(list, what, what)
  local objs = {}
  for i = 1, n do objs[i] = list[i] end
  local arr = new_array(ctype, n)
  for i = 1, n do arr[i - 1] = handle_p(objs[i], cls, what, i) end
  return arr, n, objs
end

function Planner:set_audiences(sketches)
  local arr, n, keep = handle_array("const kol_sketch*", sketches, "sketches", Sketch)
  self:call("kol_planner_set_audiences", arr, n)
  local _ = keep -- the sketches live until the call returns
end
function Planner:run()
  local out = ffi.new("kol_plan*[1]")
  self:call("kol_planner_run", out)
  return Plan.adopt(self.ctx, out[0])
end
--- { spend=, objective=, picks = { {candidate=(1-based), gain=}, ... } }
function Plan:summary()
  local L = lib()
  local p = self:p()
  local t = { spend = L.kol_plan_spend(p), objective = L.kol_plan_objective(p),
              guarantee = L.kol_plan_guarantee(p), picks = {} }
  local c, g = ffi.new("size_t[1]"), ffi.new("double[1]")
  for i = 0, tonumber(L.kol_plan_size(p)) - 1 do
    self:call("kol_plan_pick", i, c, g)
    t.picks[i + 1] = { candidate = tonumber(c[0]) + 1, gain = g[0] }
  end
  return t
end

-- ------------------------------------------------------------ more wrappers

--- Give class cls set_param / get_param methods (by name or code) where it
--- has none, and a module-level M.<bounds_key>(param) -> min, max, default.
local function params(cls, set_fn, get_fn, bounds_fn, enum, prefix, bounds_key)
  local names = enum_table(enum, prefix)
  cls.PARAMS = names
  if not rawget(cls, "set_param") then
    function cls:set_param(p, v) set_param(self, set_fn, names, p, v) end
  end
  if not rawget(cls, "get_param") then
    function cls:get_param(p)
      local out = ffi.new("double[1]")
      self:call(get_fn, code_of(names, p, "parameter"), out)
      return out[0]
    end
  end
  M[bounds_key] = function(p)
    local v = ffi.new("double[3]")
    check_noctx(ccall(bounds_fn, code_of(names, p, "parameter"), v, v + 1, v + 2), bounds_fn)
    return v[0], v[1], v[2]
  end
end
params(Audience, "kol_audience_set_param", "kol_audience_get_param", "kol_audience_param_bounds",
       "kol_audience_param", "KOL_AUDIENCE_PARAM_", "audience_param_bounds")
params(Sanity, "kol_sanity_set_param", "kol_sanity_get_param", "kol_sanity_param_bounds",
       "kol_sanity_param", "KOL_SANITY_PARAM_", "sanity_param_bounds")
params(Tiers, "kol_tiers_set_param", "kol_tiers_get_param", "kol_tier_param_bounds",
       "kol_tier_param", "KOL_TIER_PARAM_", "tier_param_bounds")
params(Roi, "kol_roi_set_param", "kol_roi_get_param", "kol_roi_param_bounds",
       "kol_roi_param", "KOL_ROI_PARAM_", "roi_param_bounds")
params(Planner, "kol_planner_set_param", "kol_planner_get_param", "kol_plan_param_bounds",
       "kol_planner_param", "KOL_PLAN_PARAM_", "plan_param_bounds")
params(Traffic, "kol_traffic_set_param", "kol_traffic_get_param", "kol_traffic_param_bounds",
       "kol_traffic_param", "KOL_TRAFFIC_PARAM_", "traffic_param_bounds")
params(ValueModel, "kol_value_model_set_param", "kol_value_model_get_param",
       "kol_value_param_bounds", "kol_value_param", "KOL_VALUE_PARAM_", "value_param_bounds")
function M.sketch_param_bounds(p)
  local v = ffi.new("double[3]")
  check_noctx(ccall("kol_sketch_param_bounds", p or 0, v, v + 1, v + 2), "kol_sketch_param_bounds")
  return v[0], v[1], v[2]
end

-- names
function M.text_name(code) return str(ccall("kol_text_name", code)) end
function M.dimension_name(code) return str(ccall("kol_dimension_name", code)) end
function M.dimension_count() return tonumber(lib().kol_dimension_count()) end
function M.metric_bounds(m)
  local lo, hi = ffi.new("double[1]"), ffi.new("double[1]")
  check_noctx(ccall("kol_metric_bounds", metric(m), lo, hi), "kol_metric_bounds")
  return lo[0], hi[0]
end
function M.channel_name(code) return str(ccall("kol_channel_name", code)) end
function M.channel_code(name) return from_name("kol_channel_from_name", name, "channel") end
function M.feature_name(code) return str(ccall("kol_follower_feature_name", code)) end
function M.feature_code(name) return from_name("kol_follower_feature_from_name", name, "feature") end
function M.cost_measure_name(code) return str(ccall("kol_cost_measure_name", code)) end
function M.delivery_key_name(code) return str(ccall("kol_delivery_key_name", code)) end
function M.value_metric_name(code) return str(ccall("kol_value_metric_name", code)) end
function M.plan_reason_name(code) return str(ccall("kol_plan_reason_name", code)) end
function M.size_band_of(followers) return ccall("kol_size_band_of", followers) end
function M.sketch_standard_error(p)
  local out = ffi.new("double[1]")
  check_noctx(ccall("kol_sketch_standard_error", p, out), "kol_sketch_standard_error")
  return out[0]
end

-- context
function Context:last_status() return tonumber(lib().kol_ctx_last_status(self:p())) end
function Context:clear_error() lib().kol_ctx_clear_error(self:p()) end

-- record
--- Several metrics at once, in the order asked; nil where missing.
function Record:get_metrics(list)
  local codes = {}
  for i = 1, list_len(list, "metrics", "metric names or codes") do
    codes[i] = metric(name_or_code(list[i], "metrics", i, "metric"))
  end
  local cp, n = carray("int32_t", codes)
  local out = new_array("double", n)
  self:call("kol_record_get_metrics", cp, out, n)
  local t = {}
  for i = 1, n do
    local v = out[i - 1]
    t[i] = (v == v) and v or nil -- NaN stands for missing here
  end
  return t
end
function Record:portrait_share(dim, label)
  local out = ffi.new("double[1]")
  self:call("kol_record_portrait_share", code_of(DIMS, dim, "dimension"), label, out)
  return out[0]
end

-- value
--- Weight, norm code and component code of a sub-metric (name or code).
function ValueModel:get_metric(m)
  local w, n, c = ffi.new("double[1]"), ffi.new("int32_t[1]"), ffi.new("int32_t[1]")
  self:call("kol_value_model_get_metric", value_metric(self, m), w, n, c)
  return w[0], n[0], c[0]
end
function ValueModel:set_target(dim, shares)
  local labels, weights = {}, {}
  for k, v in pairs(table_arg(shares, "shares", "label weights")) do
    labels[#labels + 1] = text_arg(k, "ValueModel:set_target() label")
    weights[#weights + 1] = type(v) == "number" and v or num_arg(v, "shares", k)
  end
  local n = #labels
  local lp = new_array("const char*", n)
  for i = 1, n do lp[i - 1] = labels[i] end
  local wp = carray("double", weights)
  self:call("kol_value_model_set_target", code_of(DIMS, dim, "dimension"),
            n > 0 and lp or nil, n > 0 and wp or nil, n)
end
function ValueModel:portrait_match(rec)
  local out = ffi.new("double[1]")
  self:call("kol_value_portrait_match", handle_p(rec, Record, "rec"), out)
  return out[0]
end
function ValueModel:has_reference() return lib().kol_value_model_has_reference(self:p()) ~= 0 end
function ValueModel:set_reference_columns(columns, n_rows)
  if n_rows ~= nil then int_arg(n_rows, "size_t", "n_rows") end
  local arr, ncol, n, keep = value_columns(self, columns, n_rows)
  self:call("kol_value_model_set_reference_columns", arr, ncol, n)
  local _ = keep
end

-- tiers
--- The follower thresholds of a platform (a table, or a cdata array of n
--- doubles).
function Tiers:set_ladder(platform, thresholds, n)
  local p, n = carray("double", thresholds, n, "thresholds")
  self:call("kol_tiers_set_ladder", platform, p, n)
end
-- platforms with a ladder of their own: the presets, then those given one
function Tiers:platforms()
  local t = {}
  for i = 0, tonumber(lib().kol_tiers_platform_count(self:p())) - 1 do
    t[i + 1] = str(lib().kol_tiers_platform(self:p(), i))
  end
  return t
end
function Tiers:ladder(platform)
  local n = lib().kol_tiers_level_count(self:p()) - 1
  local out = new_array("double", n)
  self:call("kol_tiers_ladder", platform, out, n)
  return totable(out, n)
end

-- traffic
function Traffic:delay() return tonumber(lib().kol_traffic_delay(self:p())) end
--- The read callback pulling rows from chunks (array of { timestamps,
--- rows [, n] } triples, or a function returning the next one, nil at the
--- end; n, the sample count, when timestamps or rows are cdata arrays).
--- A chunk is checked once when taken (row widths, integer timestamps);
--- its rows are then copied straight into the library's buffers from a
--- read cursor, up to capacity rows a call: linear in the chunk size.
local function read_cb(ctx, nch, chunks)
  local k = 0
  if type(chunks) == "table" and not is_object(chunks) then
    -- a nil among the chunks would end the series there, unseen
    -- (# may give any border of a table with holes: every index is looked at)
    for i = 1, table.maxn(chunks) do
      if chunks[i] == nil then
        error(string.format("kol: the chunks: chunk %d is nil, a hole among them", i), 3)
      elseif type(chunks[i]) ~= "table" or is_object(chunks[i]) then
        error(string.format("kol: the chunks: chunk %d: a table { timestamps, rows [, n] } "
                            .. "expected, got %s", i, kind_of(chunks[i])), 3)
      end
    end
  elseif type(chunks) ~= "function" then
    error("kol: the chunks: a table of chunks or a function returning the next expected, got "
          .. kind_of(chunks), 3)
  end
  local nextchunk = type(chunks) == "function" and chunks or function()
    k = k + 1
    return chunks[k]
  end
  -- the chunk being read: timestamps, rows, whether each is cdata (0-based)
  -- rather than a table, its sample count, and the samples read
  local cts, crs, tcd, rcd, cn, pos = nil, nil, false, false, 0, 0
  return ctx:callback("kol_traffic_read_fn", function(_, ts, vals, cap, count)
    while pos >= cn do
      local chunk = nextchunk()
      if chunk == nil then count[0] = 0; return 0 end
      if type(chunk) ~= "table" or is_object(chunk) then
        error("kol: the chunks: a chunk: a table { timestamps, rows [, n] } expected, got " ..
              kind_of(chunk), 0)
      end
      local t, r, n = chunk[1], chunk[2], chunk[3]
      if type(t) == "table" then n = seq_len(t, "a chunk's timestamps")
      elseif type(t) ~= "cdata" then
        error("kol: a chunk's timestamps: a table or a cdata array expected, got " .. type(t), 0)
      elseif n == nil then error("kol: a chunk's timestamps are a cdata array: pass its length", 0)
      else int_arg(n, "size_t", "a chunk's length") end
      n = tonumber(n)
      -- cdata arrays: their element type, and their length where known
      -- (they are read below from Lua, which would convert another type
      -- silently and read past the end)
      local err = type(t) == "cdata" and cdata_array_error("int64_t", t, n, "a chunk's timestamps")
                  or type(r) == "cdata" and cdata_array_error("double", r, n, "a chunk's rows", nch,
                                                              "a table of rows or a cdata array")
      if err then error(err, 0) end
      if type(r) ~= "cdata" then
        if type(r) ~= "table" then
          error("kol: a chunk's rows: a table of rows or a cdata array expected, got " .. type(r), 0)
        end
        local nr = seq_len(r, "a chunk's rows")
        if nr ~= n then error("kol: a chunk has " .. nr .. " rows for " .. n .. " timestamps", 0) end
        for i = 1, n do
          local row = r[i]
          if type(row) ~= "table" then
            error("kol: a chunk's row " .. i .. " is a " .. type(row) .. ", expected a table of " ..
                  nch .. " values (one per channel)", 0)
          end
          local len = seq_len(row, "a chunk's rows", i, NAN_HINT)
          if len ~= nch then
            error("kol: a chunk's row " .. i .. " has " .. len .. " values, expected " .. nch ..
                  " (one per channel)", 0)
          end
          for j = 1, nch do
            local v = row[j]
            if type(v) ~= "number" and not (type(v) == "cdata" and num_ok(v)) then
              error("kol: a chunk's row " .. i .. ", value " .. j .. ": number expected, got " ..
                    kind_of(v), 0)
            end
          end
        end
      end
      if type(t) ~= "cdata" then
        for i = 1, n do int_arg(t[i], "int64_t", "a chunk's timestamps", i) end
      end
      cts, crs, tcd, rcd, cn, pos = t, r, type(t) == "cdata", type(r) == "cdata", n, 0
    end
    local m = math.min(tonumber(cap), cn - pos)
    local tb = tcd and pos or pos + 1
    for i = 0, m - 1 do ts[i] = cts[tb + i] end
    if rcd then
      local base = pos * nch
      for i = 0, m * nch - 1 do vals[i] = crs[base + i] end
    else
      for i = 0, m - 1 do
        local row, o = crs[pos + i + 1], i * nch - 1
        for j = 1, nch do vals[o + j] = row[j] end
      end
    end
    pos = pos + m
    count[0] = m
    return 0
  end)
end

--- Pull a whole series: chunks is an array of { timestamps, rows } pairs
--- (or a function returning the next pair, nil at the end); a chunk of
--- cdata arrays is { timestamps, rows, n } with n its sample count.
function Traffic:run(chunks, on_result)
  local p = self:p() -- before the callbacks are made (they would leak)
  func_arg(on_result, "on_result", true)
  local read = read_cb(self.ctx, self.nch, chunks)
  local cbs = { read }
  local emit = emit_cb(self.ctx, on_result, cbs)
  if emit then cbs[2] = emit end
  self.ctx:with_callbacks(cbs, "kol_traffic_run", p, read, nil, emit, nil)
end
--- Pull a whole series, results handed over in blocks (on_block and the
--- result as for feed_blocks). When the run fails, the results of the
--- chunks applied reach on_block before the error is raised; with on_block
--- nil, a table error carries them as its `partial` block.
function Traffic:run_blocks(chunks, on_block)
  local p = self:p()
  func_arg(on_block, "on_block", true)
  local read = read_cb(self.ctx, self.nch, chunks)
  local cb, collected = block_cb(self.ctx, self.nch, on_block, { read })
  return call_blocks(self.ctx, { read, cb }, collected, "kol_traffic_run_blocks", p, read, nil,
                     cb, nil)
end

-- sanity
local SIZE_BANDS = enum_table("kol_size_band", "KOL_SIZE_")
function Sanity:set_benchmark(band, rate)
  self:call("kol_sanity_set_benchmark", code_of(SIZE_BANDS, band, "band"), rate)
end
function Sanity:benchmark(band)
  local out = ffi.new("double[1]")
  self:call("kol_sanity_benchmark", code_of(SIZE_BANDS, band, "band"), out)
  return out[0]
end

-- cost history
function CostHistory:alpha() return lib().kol_cost_history_alpha(self:p()) end
function CostHistory:cells() return tonumber(lib().kol_cost_history_cells(self:p())) end
function CostHistory:merge(other)
  self:call("kol_cost_history_merge", handle_p(other, CostHistory, "other"))
end
function CostHistory:count(platform, tier, category, measure)
  local out = ffi.new("uint64_t[1]")
  self:call("kol_cost_history_count", platform, tier, category,
            code_of(M.MEASURES, measure, "measure"), out)
  return tonumber(out[0])
end
function CostHistory:percentile(platform, tier, category, measure, value)
  local out = ffi.new("double[1]")
  self:call("kol_cost_history_percentile", platform, tier, category,
            code_of(M.MEASURES, measure, "measure"), value, out)
  return out[0]
end
--- The serialized bytes, as a Lua string.
function CostHistory:serialize()
  local needed = ffi.new("size_t[1]")
  self:call("kol_cost_history_serialize", nil, 0, needed)
  local buf = new_array("uint8_t", needed[0])
  self:call("kol_cost_history_serialize", buf, needed[0], needed)
  return ffi.string(buf, needed[0])
end
function Context:cost_history_from(bytes)
  if type(bytes) ~= "string" then fail("kol: bytes: string expected, got " .. kind_of(bytes)) end
  local out = ffi.new("kol_cost_history*[1]")
  self:call("kol_cost_history_deserialize", self:p(), ffi.cast("const uint8_t*", bytes), #bytes, out)
  return CostHistory.adopt(self, out[0])
end

-- roi
function Delivery:clear(field)
  roi_tables()
  self:call("kol_delivery_clear", code_of(delivery_fields, field, "delivery field"))
end
function Delivery:reset() lib().kol_delivery_reset(self:p()) end
--- Fill (pull) from an array of delivery tables (false skips one). Without
--- on_reject, all or nothing: the first delivery the library refuses fails
--- the fill. With on_reject(index, status, message) (index 0-based: the
--- read call, as for Roster:fill, so list[index + 1] is the item), each
--- refused delivery (a value out of its domain, no kol_id or cost, a
--- restored count above its reported one: kol_delivery_check) is skipped
--- and reported; its return follows the rule of every callback
--- (callback_result: nil, false and 0 go on, an integer stops the fill with
--- itself as the code, any other truthy value with 1), and a stopped fill
--- changes nothing. Returns the number added.
function Roi:fill(list, on_reject)
  local p = self:p() -- before the callback is made (it would leak)
  if type(list) ~= "table" or is_object(list) then
    fail("kol: items: a table of deliveries expected, got " .. kind_of(list))
  end
  fill_items(list, "items", "delivery fields")
  func_arg(on_reject, "on_reject", true)
  local ctx, i = self.ctx, 0
  local added = ffi.new("uint64_t[1]")
  local read = ctx:callback("kol_roi_read_fn", function(_, d, what)
    i = i + 1
    local spec = list[i]
    if spec == nil then what[0] = 2; return 0 end
    if spec == false then what[0] = 1; return 0 end
    local view = setmetatable({ ctx = ctx, ptr = d, borrowed = true }, Delivery)
    if not on_reject then view:update(spec); return 0 end
    local ok, err = pcall(function() view:update(spec); view:check() end)
    if ok then return 0 end
    if type(err) ~= "table" or getmetatable(err) ~= Error then error(err, 0) end
    what[0] = 1
    -- what it returns is the read callback's result: the rule of every
    -- callback (callback_result), as for Roster:fill's on_reject
    return on_reject(i - 1, err.status, err.message)
  end)
  ctx:with_callbacks({ read }, "kol_roi_fill", p, read, nil, added)
  return tonumber(added[0])
end
--- Incremental outcome of a campaign: baseline and during are tables, or
--- cdata arrays of n_baseline and n_during doubles.
function Roi:incrementality(baseline, during, cost, n_baseline, n_during)
  local bp, nb = carray("double", baseline, n_baseline, "baseline")
  local dp, nd = carray("double", during, n_during, "during")
  local out, defined = ffi.new("double[6]"), ffi.new("int32_t[1]")
  self:call("kol_roi_incrementality", bp, nb, dp, nd, cost, out, defined)
  return { incremental = out[0], low = out[1], high = out[2], roi = out[3], roi_low = out[4],
           roi_high = out[5], roi_defined = defined[0] ~= 0 }
end
function Roi:feed_cost(history)
  local added = ffi.new("uint64_t[1]")
  self:call("kol_roi_feed_cost", handle_p(history, CostHistory, "history"), added)
  return tonumber(added[0])
end
--- Key accounts: rows (1-based) by outcome, their shares, key-set size.
function RoiReport:rank(metric_name, basis)
  roi_tables()
  local n = self:size()
  local order, share = new_array("uint32_t", n), new_array("double", n)
  local key = ffi.new("size_t[1]")
  self:call("kol_roi_report_rank", code_of(roi_metrics, metric_name, "metric"),
            basis_of(basis), order, share, n, key)
  local rows = totable(order, n)
  for i = 1, n do rows[i] = rows[i] + 1 end
  return rows, totable(share, n), tonumber(key[0])
end
function RoiReport:outliers(metric_name, basis)
  roi_tables()
  local n = self:size()
  local score, flag = new_array("double", n), new_array("int32_t", n)
  local count = ffi.new("size_t[1]")
  self:call("kol_roi_report_outliers", code_of(roi_metrics, metric_name, "metric"),
            basis_of(basis), score, flag, n, count)
  return totable(score, n), totable(flag, n), tonumber(count[0])
end

--- Coverage (unique reach) of every row: sketches is { kol_id = sketch }.
--- Returns three tables in row order: coverage, matched, kols.
function RoiReport:coverage(sketches)
  local ids, sks = {}, {}
  if type(sketches) ~= "table" or is_object(sketches) then
    fail("kol: sketches: a table { kol_id = sketch } expected, got " .. kind_of(sketches))
  end
  for id, sk in pairs(sketches) do
    ids[#ids + 1] = text_arg(id, "RoiReport:coverage() kol id"); sks[#sks + 1] = sk
    handle_p(sk, Sketch, string.format("sketches[%q]", tostring(id)))
  end
  local n, rows = #ids, self:size()
  local ip = new_array("const char*", n)
  for i = 1, n do ip[i - 1] = ids[i] end
  local sp, _, keep = handle_array("const kol_sketch*", sks, "sketches", Sketch)
  local cap = rows > 0 and rows or 1
  local cov, matched, kols = new_array("double", cap), new_array("uint32_t", cap), new_array("uint32_t", cap)
  self:call("kol_roi_report_coverage", n > 0 and ip or nil, n > 0 and sp or nil, n, cov, matched, kols, cap)
  local _ = { ids, keep } -- the ids and sketches live until the call returns
  return totable(cov, rows), totable(matched, rows), totable(kols, rows)
end

-- sketch
function Sketch:precision() return lib().kol_sketch_precision(self:p()) end
function Sketch:seed() return lib().kol_sketch_seed(self:p()) end
function Sketch:clear() self:call("kol_sketch_clear") end
function Sketch:clone()
  local out = ffi.new("kol_sketch*[1]")
  self:call("kol_sketch_clone", out)
  return Sketch.adopt(self.ctx, out[0])
end
--- Add many strings in one call (a table of strings, each checked before
--- anything is added).
function Sketch:add_strings(list)
  local n = list_len(list, "items", "strings",
                     type(list) == "string" and " (add() adds one item)" or nil)
  local data = new_array("const void*", n)
  local lens = new_array("size_t", n)
  for i = 1, n do
    local v = list[i]
    if type(v) ~= "string" then fail("kol: items[" .. i .. "]: string expected, got " .. kind_of(v)) end
    data[i - 1] = v; lens[i - 1] = #v
  end
  self:call("kol_sketch_add_strings", data, lens, n)
  local _ = list
end
function Sketch:serialize()
  local size = ffi.new("size_t[1]")
  self:call("kol_sketch_serialized_size", size)
  local buf = new_array("uint8_t", size[0])
  local written = ffi.new("size_t[1]")
  self:call("kol_sketch_serialize", buf, size[0], written)
  return ffi.string(buf, written[0])
end
function Context:sketch_from(bytes)
  if type(bytes) ~= "string" then fail("kol: bytes: string expected, got " .. kind_of(bytes)) end
  local out = ffi.new("kol_sketch*[1]")
  self:call("kol_sketch_deserialize", self:p(), ffi.cast("const uint8_t*", bytes), #bytes, out)
  return Sketch.adopt(self, out[0])
end
--- Unique reach of several sketches.
function M.union_estimate(sketches)
  local arr, n, keep = handle_array("const kol_sketch*", sketches, "sketches", Sketch)
  if n == 0 then return 0 end
  local out = ffi.new("double[1]")
  keep[1].ctx:call("kol_sketch_union_estimate", arr, n, out)
  local _ = keep -- the sketches live until the call returns
  return out[0]
end
--- Overlaps of every pair of audiences: two tables of rows, overlap and
--- jaccard, where ov[i][j] and jac[i][j] are what
--- sketches[i]:overlap(cols[j]) gives (overlap, jaccard), bit for bit.
--- cols nil (or sketches itself): the pairs of sketches with each other,
--- each pair computed once; the matrices are symmetric and the diagonal
--- holds each audience's estimate and a Jaccard index of 1 (0 for an
--- empty sketch). An empty table gives empty matrices. Errors and
--- progress go to the context of sketches[1]; a precision or seed that
--- differs from its sketch's raises a conflict whose message names the
--- sketch by the library's list and 0-based index (rows[3], cols[1]).
function M.overlap_matrix(sketches, cols)
  local arr, n, keep = handle_array("const kol_sketch*", sketches, "sketches", Sketch)
  local carr, m, ckeep = arr, n, keep
  if cols ~= nil and cols ~= sketches then
    carr, m, ckeep = handle_array("const kol_sketch*", cols, "cols", Sketch)
  end
  local ov, jac = {}, {}
  if n == 0 or m == 0 then
    for i = 1, n do ov[i], jac[i] = {}, {} end
    return ov, jac
  end
  local o = new_array("double", n * m)
  local j = new_array("double", n * m)
  keep[1].ctx:call("kol_sketch_overlap_matrix", arr, n, carr, m, o, j)
  local _ = { keep, ckeep } -- the sketches live until the call returns
  for r = 1, n do
    local orow, jrow, base = {}, {}, (r - 1) * m
    for c = 1, m do orow[c] = o[base + c - 1]; jrow[c] = j[base + c - 1] end
    ov[r], jac[r] = orow, jrow
  end
  return ov, jac
end

-- planner
M.CHOICES = enum_table("kol_planner_choice", "KOL_PLAN_CHOICE_")
function Planner:set_choice(index, choice)
  self:call("kol_planner_set_choice", index0(index, "candidate"), code_of(M.CHOICES, choice, "choice"))
end
function Planner:set_tier_limit(tier, min, max)
  self:call("kol_planner_set_tier_limit", tier, min or 0, max or 0xFFFFFFFF)
end
function Planner:set_platform_share(platform, lo, hi)
  self:call("kol_planner_set_platform_share", platform,
            num_arg(lo or 0, "Planner:set_platform_share()", "min"),
            num_arg(hi or 1, "Planner:set_platform_share()", "max"))
end
function Planner:set_category_max(category, max) self:call("kol_planner_set_category_max", category, max) end
function Planner:clear_constraints() self:call("kol_planner_clear_constraints") end
local methods = {}
for k, v in pairs(enum_table("kol_planner_method", "KOL_PLAN_METHOD_")) do methods[v] = k end
local objectives = {}
for k, v in pairs(M.OBJECTIVES) do objectives[v] = k end
do
  local summary = Plan.summary
  --- { spend=, objective=, guarantee=, method=, depth=, objective_name=,
  ---   picks = { {candidate=, gain=} }, rejected = { {candidate=, reason=, gain=} } }
  function Plan:summary()
    local L = lib()
    local t = summary(self)
    t.method = methods[L.kol_plan_method(self:p())]
    t.depth = L.kol_plan_depth(self:p())
    t.objective_name = objectives[L.kol_plan_objective_code(self:p())]
    t.rejected = {}
    local c, r, g = ffi.new("size_t[1]"), ffi.new("int32_t[1]"), ffi.new("double[1]")
    for i = 0, tonumber(L.kol_plan_rejected_count(self:p())) - 1 do
      self:call("kol_plan_rejected", i, c, r, g)
      t.rejected[i + 1] = { candidate = tonumber(c[0]) + 1, reason = str(L.kol_plan_reason_name(r[0])),
                            gain = g[0] }
    end
    return t
  end
end

return M
