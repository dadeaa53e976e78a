-- Tests of the LuaJIT binding. Run: KOL_LIBRARY=.../libkol.so luajit test_kol.lua
-- Ends with a line "N passed, N failed"; exits non-zero on a failure.

local dir = (arg and arg[0] or ""):match("^(.*)[/\\]") or "."
package.path = dir .. "/?.lua;" .. package.path
local kol = require("kol")
local ffi = require("ffi")

-- A C array of n elements of ctype (optionally initialized from table
-- init), made interpreted: LuaJIT 2.1 can sink ffi.new("T[?]", n) with a
-- constant n out of a compiled trace and rebuild it too small on a trace
-- exit (see new_array() in kol.lua), so the tests make their arrays as
-- the binding does.
local function carr(ctype, n, init)
  if init then return ffi.new(ctype .. "[?]", n, init) end
  return ffi.new(ctype .. "[?]", n)
end
jit.off(carr)

local passed, failed = 0, 0
local function test(name, fn)
  collectgarbage()
  local ok, err = pcall(fn)
  if ok then
    passed = passed + 1
  else
    failed = failed + 1
    io.write("FAIL ", name, ": ", tostring(err), "\n")
  end
end

local function eq(a, b, what)
  if a ~= b then error((what or "value") .. ": expected " .. tostring(b) .. ", got " .. tostring(a), 2) end
end
local function near(a, b, tol, what)
  if math.abs(a - b) > (tol or 1e-9) then
    error((what or "value") .. ": expected " .. tostring(b) .. ", got " .. tostring(a), 2)
  end
end
local function truthy(v, what) if not v then error((what or "condition") .. " failed", 2) end end
--- Call fn, which must raise a kol error of this family; returns it.
local function raises(family, fn, ...)
  local ok, err = pcall(fn, ...)
  if ok then error("expected an error of family " .. family, 2) end
  if type(err) ~= "table" or getmetatable(err) ~= kol.Error then
    error("expected a kol error, got " .. tostring(err), 2)
  end
  if err.family ~= family then
    error("expected family " .. family .. ", got " .. err.family .. ": " .. tostring(err), 2)
  end
  return err
end

local SAMPLE = {
  { id = "nano-1", platform = "douyin", followers = 1500, avg_views = 900, avg_likes = 120, avg_comments = 15 },
  { id = "micro-1", platform = "douyin", followers = 18000, avg_views = 6000, avg_likes = 700, avg_comments = 60 },
  { id = "mid-1", platform = "weibo", followers = 90000, avg_views = 30000, avg_likes = 2500, avg_comments = 200 },
  { id = "mega-1", platform = "douyin", followers = 3000000, avg_views = 400000, avg_likes = 20000, avg_comments = 900 },
}

-- ------------------------------------------------------------------ core
test("version", function()
  local s = kol.version_string()
  truthy(s:match("^%d+%.%d+%.%d+$"), "version format")
  local a, b, c = s:match("^(%d+)%.(%d+)%.(%d+)$")
  eq(kol.version(), tonumber(a) * 1000000 + tonumber(b) * 1000 + tonumber(c))
end)

test("constants from the declaration file", function()
  eq(kol.C.KOL_STATUS_INFEASIBLE, 19)
  eq(kol.C.KOL_TEXT_MAX_BYTES, 1024)
  near(kol.constants.KOL_COST_ALPHA_DEFAULT, 0.01)
  eq(kol.constants.KOL_SKETCH_DEFAULT_SEED, 0x6b6f6c686c6c3031ULL)
end)

test("errors carry the library's message", function()
  local ctx = kol.context()
  local rec = ctx:record{ id = "acct-9" }
  local err = raises("domain", rec.set_metric, rec, "followers", -5)
  eq(err.status, 4)
  eq(err.name, kol.status_str(4))
  truthy(err.message:find("acct-9", 1, true), "message names the record")
  eq(err.message, ctx:last_error())
  truthy(tostring(err):find("followers", 1, true), "tostring")
  raises("not_found", rec.get_metric, rec, "price")
  ctx:close()
end)

test("close and finalizers", function()
  local ctx = kol.context()
  local rec = ctx:record{ id = "x" }
  rec:close()
  rec:close()
  local ok = pcall(rec.id, rec)
  eq(ok, false, "closed object refuses calls")
  for i = 1, 200 do ctx:record{ id = "r" .. i } end
  collectgarbage(); collectgarbage()
  local rec2 = ctx:record{ id = "y" }
  ctx:close()
  eq(rec2.ptr, nil, "closing the context closes its objects")
end)

test("context outlives its objects under gc", function()
  local rec
  do
    local ctx = kol.context()
    rec = ctx:record{ id = "keep", followers = 10 }
  end
  collectgarbage(); collectgarbage()
  eq(rec:get_metric("followers"), 10)
  rec = nil
  collectgarbage(); collectgarbage()
end)

-- ------------------------------------------------------------ record/roster
test("record fields, metrics and portrait", function()
  local ctx = kol.context()
  local rec = ctx:record{ id = "k1", name = "Alice", platform = "douyin",
                          metrics = { followers = 12000, avg_likes = 800 },
                          portrait = { gender = { female = 3, male = 1 } } }
  eq(rec:text("name"), "Alice")
  eq(rec:get_metric("followers"), 12000)
  truthy(rec:has_metric("avg_likes") and not rec:has_metric("price"), "has_metric")
  local m = rec:metrics()
  eq(m.followers, 12000); eq(m.avg_likes, 800); eq(m.price, nil)
  near(rec:portrait("gender").female, 0.75)
  raises("argument", rec.set_text, rec, "id", "")
  raises("domain", rec.set_portrait, rec, "age", { a = -1, b = 2 })
  local copy = rec:clone()
  copy:set_metric("followers", 5)
  eq(rec:get_metric("followers"), 12000)
  ctx:close()
end)

test("roster push, find, remove, stale views", function()
  local ctx = kol.context()
  local roster = ctx:roster{ ctx:record{ id = "a" }, ctx:record{ id = "b" } }
  eq(roster:size(), 2)
  eq(roster:find("b"):id(), "b")
  eq(roster:find("zzz"), nil)
  raises("conflict", roster.add, roster, ctx:record{ id = "a" })
  local view = roster:at(1)
  roster:remove("a")
  local ok, err = pcall(view.id, view)
  eq(ok, false); truthy(tostring(err):find("no longer valid", 1, true), "stale view")
  eq(table.concat(roster:ids(), ","), "b")
  ctx:close()
end)

test("roster remove_if", function()
  local ctx = kol.context()
  local roster = ctx:roster()
  eq(roster:fill(SAMPLE), 4)
  local before = roster:ids()
  local seen, small = {}, {}
  for i = 1, roster:size() do
    local r = roster:at(i)
    if r:get_metric("followers") < 100000 then small[#small + 1] = r:id() end
  end
  truthy(#small > 0 and #small < #before, "a mixed sample")
  eq(roster:remove_if(function(rec)
    seen[#seen + 1] = rec:id()
    return rec:get_metric("followers") < 100000
  end), #small)
  eq(table.concat(seen, ","), table.concat(before, ","))
  eq(roster:size(), #before - #small)
  for _, id in ipairs(small) do eq(roster:find(id), nil) end
  local kept = table.concat(roster:ids(), ",")
  local ok, err = pcall(roster.remove_if, roster, function() error("boom") end)
  eq(ok, false); truthy(tostring(err):find("boom", 1, true), "the predicate's error")
  eq(table.concat(roster:ids(), ","), kept)
  raises("state", roster.remove_if, roster, function(rec) roster:remove(rec:id()) end)
  eq(table.concat(roster:ids(), ","), kept)
  -- Lua's truth: nil and false keep a record, anything else removes it
  eq(roster:remove_if(function() return nil end), 0)
  eq(roster:remove_if(function() return false end), 0)
  eq(roster:remove_if(function() return true end), #before - #small)
  eq(roster:size(), 0)
  eq(roster:fill(SAMPLE), 4)
  eq(roster:remove_if(function() return 0 end), 4)
  ctx:close()
end)

test("roster fill from tables and functions", function()
  local ctx = kol.context()
  local roster = ctx:roster()
  eq(roster:fill(SAMPLE), 4)
  eq(roster:find("mega-1"):get_metric("followers"), 3000000)
  local i = 0
  eq(roster:fill(function(rec)
    i = i + 1
    if i > 3 then return "end" end
    if i == 2 then return "skip" end
    rec:set_text("id", "f" .. i)
  end), 2)
  eq(roster:size(), 6)
  local rejected = {}
  eq(roster:fill({ { id = "new" }, { id = "nano-1" }, { followers = 1 }, { id = "new" } },
                 function(idx, st, msg) rejected[#rejected + 1] = st end), 1)
  eq(#rejected, 3)
  raises("conflict", roster.fill, roster, { { id = "x1" }, { id = "nano-1" } })
  eq(roster:find("x1"), nil, "all or nothing")
  ctx:close()
end)

test("roster fill callback that raises", function()
  local ctx = kol.context()
  local roster = ctx:roster{ ctx:record{ id = "a" } }
  local ok, err = pcall(roster.fill, roster, function(rec)
    rec:set_text("id", "b")
    error("source broke")
  end)
  eq(ok, false)
  truthy(tostring(err):find("source broke", 1, true), "error reaches the caller: " .. tostring(err))
  eq(roster:size(), 1)
  -- the roster and context are still usable
  eq(roster:fill{ { id = "c" } }, 1)
  ctx:close()
end)

test("callbacks from hot (JIT-compiled) loops", function()
  local ctx = kol.context()
  local total = 0
  for k = 1, 300 do
    local roster = ctx:roster()
    total = total + roster:fill({ { id = "a" .. k }, { id = "b" .. k } })
    roster:close()
  end
  eq(total, 600)
  ctx:close()
end)

-- ------------------------------------------------------------------ value
test("value: score roster and columns agree", function()
  local ctx = kol.context()
  local roster = ctx:roster()
  roster:fill(SAMPLE)
  local model = ctx:value_model("balanced")
  truthy(model:id():find("^kol%-value/5:"), "model id")
  local res = model:score_roster(roster)
  eq(res:size(), 4)
  local rk = res:ranking()
  for k = 2, #rk do truthy(rk[k - 1].total >= rk[k].total, "ranking order") end
  local cols = {}
  for _, name in ipairs{ "followers", "avg_views", "avg_likes", "avg_comments" } do
    cols[name] = {}
    for i, s in ipairs(SAMPLE) do cols[name][i] = s[name] end
  end
  local rows = model:score_columns(cols)
  eq(#rows, 4)
  for i = 1, 4 do near(rows[i].total, res:get(i, "total"), 1e-9, "total " .. i) end
  -- cdata columns, raw output
  local n = 4
  local f = ffi.new("double[4]", { 1500, 18000, 90000, 3000000 })
  local out = model:score_columns({ followers = f }, n, true)
  truthy(out[0] >= 0 and out[0] <= 100, "raw output")
  raises("domain", model.score_columns, model, { followers = { 1, -1 } })
  ctx:close()
end)

test("value: custom metric callback, gc while registered", function()
  local ctx = kol.context()
  local roster = ctx:roster()
  roster:fill(SAMPLE)
  local model = ctx:value_model()
  local calls = 0
  local code = model:add_metric("safety", function(rec)
    calls = calls + 1
    if rec:id() == "nano-1" then return nil end
    return 0.5
  end, "fan", 2, "absolute")
  eq(code, 18)
  collectgarbage(); collectgarbage()
  local res = model:score_roster(roster)
  eq(calls, 4)
  eq(res:contribution(1, "safety"), 0)
  truthy(res:contribution(4, "safety") > 0, "custom contribution")
  model:close()
  ctx:close()
end)

test("value: callback and progress that raise or cancel", function()
  local ctx = kol.context()
  local roster = ctx:roster()
  roster:fill(SAMPLE)
  local model = ctx:value_model()
  model:add_metric("broken", function(rec) error("bad metric") end)
  local ok, err = pcall(model.score_roster, model, roster)
  eq(ok, false); truthy(tostring(err):find("bad metric", 1, true), "custom error: " .. tostring(err))
  local m2 = ctx:value_model()
  local seen = {}
  ctx:set_progress(function(done, total) seen[#seen + 1] = done end)
  m2:score_roster(roster)
  eq(seen[#seen], 4)
  ctx:set_progress(function() return 5 end)
  local e = raises("cancelled", m2.score_roster, m2, roster)
  eq(e.callback_code, 5)
  ctx:set_progress(function() error("progress broke") end)
  ok, err = pcall(m2.score_roster, m2, roster)
  eq(ok, false); truthy(tostring(err):find("progress broke", 1, true), "progress error")
  ctx:set_progress(nil)
  eq(m2:score_roster(roster):size(), 4)
  ctx:close()
end)

test("value: gc inside callbacks", function()
  local ctx = kol.context()
  local roster = ctx:roster()
  roster:fill(SAMPLE)
  local model = ctx:value_model()
  model:add_metric("churn", function(rec)
    for i = 1, 20 do ctx:record{ id = "tmp" .. i } end
    collectgarbage()
    return 0.5
  end, "fan", 1, "absolute")
  ctx:set_progress(function() collectgarbage() end)
  eq(model:score_roster(roster):size(), 4)
  ctx:set_progress(nil)
  local r2 = ctx:roster()
  local k = 0
  eq(r2:fill(function(rec)
    collectgarbage()
    k = k + 1
    if k > 3 then return "end" end
    rec:set_text("id", "g" .. k)
  end), 3)
  ctx:close()
end)

test("callbacks of collected objects are freed (no slot leak)", function()
  local ctx = kol.context()
  for i = 1, 3000 do
    local m = ctx:value_model()
    m:add_metric("m", function() return 0.5 end)
    if i % 100 == 0 then collectgarbage() end
  end
  collectgarbage(); collectgarbage()
  for i = 1, 3000 do
    local c = kol.context()
    c:set_progress(function() end)
    if i % 100 == 0 then collectgarbage() end
  end
  collectgarbage(); collectgarbage()
  ctx:close()
end)

-- ------------------------------------------------------------------ tier
test("tiers", function()
  local ctx = kol.context()
  local tiers = ctx:tiers("cn")
  eq(table.concat(tiers:levels(), ","), "koc,tail,waist,shoulder,head")
  local lv = tiers:classify_followers({ 500, 5e6, 0/0 }, "douyin")
  eq(lv[1], 0); eq(lv[2], 4); eq(lv[3], -1)
  local _, name = tiers:classify(ctx:record{ id = "h", followers = 5e6 })
  eq(name, "head")
  eq(tiers:koc(ctx:record{ id = "k", followers = 3000, avg_likes = 300, avg_comments = 30,
                           real_follower_ratio = 0.95 }), "yes")
  eq(tiers:stage(ctx:record{ id = "g", followers = 3000, follower_growth_30d = 1000 }), "growing")
  local q = ctx:tier_by_quantiles({ 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 }, { 0.5, 0.8 })
  eq(table.concat(q, ""), "0000011122")
  raises("state", ctx.tier_by_quantiles, ctx, {}, { 0.5 })
  ctx:close()
end)

-- ------------------------------------------------------------------ traffic
local function series()
  -- deterministic: a steady series with one bought burst at slot 60
  local ts, rows = {}, {}
  for i = 0, 119 do
    ts[i + 1] = i * 60
    local v = 100 + ((i * 37) % 21) - 10
    local l = 10 + ((i * 13) % 7) - 3
    if i == 60 then v = v + 3000 end
    rows[i + 1] = { v, l }
  end
  return ts, rows
end

test("traffic: burst found, results as tables", function()
  local ctx = kol.context()
  local t = ctx:traffic({ "views", "likes" })
  local out = {}
  local ts, rows = series()
  t:feed(ts, rows, function(r) out[#out + 1] = r end)
  t:finish(function(r) out[#out + 1] = r end)
  eq(#out, 120)
  eq(out[61].timestamp, 3600)
  truthy(bit.band(out[61].reasons, 1) ~= 0, "burst bit")
  truthy(out[61].restored[1] < out[61].observed[1], "restored below observed")
  local tot = t:totals(1)
  truthy(tot.low <= tot.restored and tot.restored <= tot.high, "band")
  eq(t:counts().slots, 120)
  truthy(#t:intervals() >= 1, "intervals")
  truthy(#kol.reason_names(3) == 2, "reason names")
  -- every bit the library names, and "bitK" for one it does not
  local names = kol.reason_names(0x8000003f)
  eq(#names, 7)
  eq(names[6], "missing")
  eq(names[7], "bit31")
  raises("state", t.feed, t, { 99999 }, { { 1, 1 } })
  ctx:close()
end)

test("traffic: emit callback that raises stops the series", function()
  local ctx = kol.context()
  local t = ctx:traffic({ "views", "likes" })
  local n = 0
  local ts, rows = series()
  local ok, err = pcall(t.feed, t, ts, rows, function(r)
    n = n + 1
    if n == 3 then error("emit broke") end
  end)
  eq(ok, false); truthy(tostring(err):find("emit broke", 1, true), "emit error")
  eq(n, 3)
  raises("state", t.finish, t)
  t:reset()
  t:feed({ 0 }, { { 1, 1 } })
  raises("state", t.feed, t, { -600 }, { { 1, 1 } })
  ctx:close()
end)

-- ------------------------------------------------------------ sanity/audience
test("sanity", function()
  local ctx = kol.context()
  local s = ctx:sanity()
  local f = s:check(ctx:record{ id = "x", followers = 100000, avg_views = 500,
                                avg_likes = 9000, avg_comments = 1 })
  truthy(#f >= 1 and f[1].reason, "findings")
  raises("not_found", s.check, s, ctx:record{ id = "empty" })
  local series_f = {}
  for i = 1, 30 do series_f[i] = 1000 + 10 * i end
  series_f[21] = series_f[21] + 5000
  local v, z, count = s:follower_spikes(series_f)
  eq(count, 2); eq(v[21], 8); eq(v[22], 9)
  ctx:close()
end)

test("audience quality", function()
  local ctx = kol.context()
  local a = ctx:audience()
  local p, v = a:score({ "followers", "following", "posts", "has_avatar" },
                       { { 10, 2000, 0, 0 }, { 500, 300, 80, 1 }, { 0/0, 0/0, 0/0, 0/0 } })
  truthy(p[1] > 0.5 and p[2] < 0.5, "probabilities")
  eq(v[1], 2); eq(v[2], 1); eq(v[3], 0)
  local rr = a:real_ratio(p, v)
  eq(rr.used, 2)
  truthy(rr.low <= rr.ratio and rr.ratio <= rr.high, "interval")
  raises("argument", a.score, a, { "has_avatar" }, { { 2 } })
  ctx:close()
end)

-- ------------------------------------------------------------------ cost/roi
test("cost history and ROI", function()
  local ctx = kol.context()
  local h = ctx:cost_history()
  for i = 0, 49 do h:add("douyin", "waist", "beauty", 1000 + 20 * i, 100000 + 1000 * i, 3000, 20) end
  near(h:quantile("douyin", "waist", "beauty", "price", 0.5), 1490, 30)
  local q = h:quote("douyin", "waist", "beauty", 5000, 120000)
  eq(q.basis, "cpm"); truthy(q.percentile > 0.9, "expensive quote")
  raises("state", h.quantile, h, "weibo", "head", nil, "price", 0.5)
  local roi = ctx:roi()
  roi:add{ kol_id = "a", cost = 10000, views = 500000, revenue = 30000, restored_views = 400000 }
  roi:add{ kol_id = "b", cost = 2000, views = 80000, revenue = 7000 }
  raises("not_found", roi.add, roi, { kol_id = "c" })
  eq(roi:size(), 2)
  local rep = roi:report("all")
  eq(rep:get(1, "cost"), 12000)
  near(rep:get(1, "roi"), (37000 - 12000) / 12000)
  eq(rep:get(1, "views", "net"), 480000)
  eq(rep:get(1, "cpc"), nil, "undefined metric is nil")
  local by = roi:report("kol")
  eq(by:size(), 2); eq(by:key(1), "a")
  ctx:close()
end)

-- ------------------------------------------------------------ sketch/planner
test("sketches and planner", function()
  local ctx = kol.context()
  local ids = carr("uint64_t", 10000)
  for i = 0, 9999 do ids[i] = i end
  local a = ctx:sketch()
  a:add_ids(ids, 10000)
  near(a:estimate(), 10000, 300)
  local b = ctx:sketch()
  local t = {}
  for i = 1, 10000 do t[i] = 5000 + i end
  b:add_ids(t)
  near(a:overlap(b).overlap, 5000, 500)
  raises("conflict", a.merge, a, ctx:sketch(10))
  local p = ctx:planner()
  p:set_param("budget", 100)
  p:set_candidates{ cost = { 60, 50, 50, 10 }, value = { 10, 8, 8, 1 } }
  local s = p:run():summary()
  eq(s.spend, 100); eq(s.objective, 16); eq(#s.picks, 2)
  p:set_param("budget", 0)
  raises("state", p.run, p)
  ctx:close()
end)

-- ------------------------------------------------------------ the rest
test("every C function of the declaration file is wrapped", function()
  local f = assert(io.open(kol.cdef_path, "rb"))
  local cdef = f:read("*a"); f:close()
  f = assert(io.open(dir .. "/kol.lua", "rb"))
  local src = f:read("*a"); f:close()
  local missing = {}
  for name in cdef:gmatch("[%s%*](kol_[%w_]+)%(") do
    if name ~= "kol_ctx_new_with_allocator" and not src:find('"' .. name .. '"', 1, true)
       and not src:find("." .. name .. "(", 1, true) and not src:find("%." .. name .. "[%(%s,]") then
      missing[#missing + 1] = name
    end
  end
  eq(table.concat(missing, " "), "")
end)

test("parameters, names and bounds", function()
  local ctx = kol.context()
  local lo, hi, def = kol.traffic_param_bounds("step")
  truthy(lo <= def and def <= hi, "bounds")
  local t = ctx:traffic({ "views" }, { step = 30 })
  eq(t:get_param("step"), 30)
  truthy(t:delay() > 0, "delay")
  local a = ctx:audience()
  a:set_param("threshold", 0.9); eq(a:get_param("threshold"), 0.9)
  local s = ctx:sanity()
  s:set_param("spike_z", 6); eq(s:get_param("spike_z"), 6)
  s:set_benchmark("micro", 0.05); eq(s:benchmark("micro"), 0.05)
  local tiers = ctx:tiers()
  tiers:set_param("koc_max_followers", 500); eq(tiers:get_param("koc_max_followers"), 500)
  eq(table.concat(tiers:platforms(), ","), "douyin,kuaishou,xiaohongshu,bilibili,weibo")
  tiers:set_ladder("douyin", { 10, 20, 30, 40 })
  eq(table.concat(tiers:ladder("douyin"), ","), "10,20,30,40")
  tiers:set_ladder("YouTube", { 10, 20, 30, 40 })
  eq(tiers:platforms()[6], "youtube")
  eq(#ctx:tiers("intl"):platforms(), 0)
  local m = ctx:value_model()
  m:set_param("post_log_sd", 2); eq(m:get_param("post_log_sd"), 2)
  local w = m:get_metric(0)
  truthy(w >= 0, "metric weight")
  raises("domain", m.set_param, m, "post_log_sd", 1e9)
  eq(kol.channel_name(kol.channel_code("likes")), "likes")
  eq(kol.feature_name(kol.feature_code("posts")), "posts")
  -- an unknown name raises as every other unknown name does
  local okc, errc = pcall(kol.channel_code, "nope")
  eq(okc, false, "channel_code of an unknown name")
  truthy(type(errc) == "string" and errc:find("kol: unknown channel 'nope'", 1, true),
         "channel_code error: " .. tostring(errc))
  eq(kol.text_name(0), "id"); eq(kol.dimension_name(0), "gender"); eq(kol.dimension_count(), 4)
  eq(kol.cost_measure_name(0), "cpm"); eq(kol.delivery_key_name(1), "kol_id")
  eq(kol.value_metric_name(0), "reach"); truthy(kol.plan_reason_name(1), "reason name")
  eq(kol.size_band_of(2e6), 5)
  local l2, h2 = kol.metric_bounds("real_follower_ratio"); eq(l2, 0); eq(h2, 1)
  local sl, sh, sd = kol.sketch_param_bounds(0); eq(sd, 14)
  near(kol.sketch_standard_error(14), 1.04 / 128, 1e-6)
  raises("domain", t.set_param, t, "step", -1)
  eq(ctx:last_status(), 4); ctx:clear_error(); eq(ctx:last_status(), 0)
  ctx:close()
end)

test("records, value targets and references", function()
  local ctx = kol.context()
  local rec = ctx:record{ id = "x", followers = 10, portrait = { gender = { female = 1, male = 3 } } }
  local v = rec:get_metrics({ "followers", "price" })
  eq(v[1], 10); eq(v[2], nil)
  near(rec:portrait_share("gender", "male"), 0.75)
  local m = ctx:value_model()
  m:set_target("gender", { female = 0.25, male = 0.75 })
  near(m:portrait_match(rec), 1)
  eq(m:has_reference(), false)
  m:set_reference_columns({ followers = { 10, 100, 1000 }, avg_likes = { 1, 5, 20 } })
  eq(m:has_reference(), true)
  local r = m:score_record(ctx:record{ id = "y", followers = 100, avg_likes = 5 })
  truthy(r.total >= 0 and r.total <= 100, "score_record")
  ctx:close()
end)

test("traffic run (pull) equals feed (push)", function()
  local ctx = kol.context()
  local ts, rows = {}, {}
  for i = 0, 99 do ts[i + 1] = i * 60; rows[i + 1] = { 50 + (i * 7) % 11 } end
  rows[50][1] = 4000
  local a, b = {}, {}
  local t1 = ctx:traffic({ "views" })
  t1:feed(ts, rows, function(r) a[#a + 1] = r.restored[1] end)
  t1:finish(function(r) a[#a + 1] = r.restored[1] end)
  local chunks = {}
  for i = 1, 100, 13 do
    local cts, crows = {}, {}
    for k = i, math.min(i + 12, 100) do cts[#cts + 1] = ts[k]; crows[#crows + 1] = rows[k] end
    chunks[#chunks + 1] = { cts, crows }
  end
  local t2 = ctx:traffic({ "views" })
  t2:run(chunks, function(r) b[#b + 1] = r.restored[1] end)
  eq(#a, 100); eq(#b, 100)
  for i = 1, 100 do eq(a[i], b[i], "slot " .. i) end
  local ok, err = pcall(t2.run, ctx:traffic({ "views" }), function() error("reader broke") end)
  eq(ok, false); truthy(tostring(err):find("reader broke", 1, true), "reader error")
  -- a nil among the chunks is refused before anything is read (it used to
  -- end the series there), and so is a chunk list of the wrong type
  local holed = { chunks[1], nil, chunks[3] }
  local t3 = ctx:traffic({ "views" })
  ok, err = pcall(t3.run, t3, holed)
  eq(ok, false)
  truthy(tostring(err):find("the chunks: chunk 2 is nil, a hole among them", 1, true),
         tostring(err))
  eq(t3:counts().slots, 0)
  ok, err = pcall(t3.run_blocks, t3, holed, function() end)
  eq(ok, false); truthy(tostring(err):find("chunk 2 is nil", 1, true), tostring(err))
  ok, err = pcall(t3.run, t3, 42)
  eq(ok, false)
  truthy(tostring(err):find("the chunks: a table of chunks or a function returning the next "
                            .. "expected, got number", 1, true), tostring(err))
  t3:run(chunks)
  eq(t3:counts().slots, 100)
  ctx:close()
end)

-- traffic, block path
local function long_series(n)
  local ts, rows = {}, {}
  for i = 0, n - 1 do
    ts[i + 1] = i * 60
    rows[i + 1] = { 100 + ((i * 37) % 21) - 10, 10 + ((i * 13) % 7) - 3 }
  end
  rows[301][1] = rows[301][1] + 3000
  rows[501][2] = 0 / 0               -- a channel not reported
  for i = 701, 705 do rows[i][1] = rows[i][1] * 6 end
  return ts, rows
end

local function per_slot(ctx, ts, rows)
  local t = ctx:traffic({ "views", "likes" })
  local out = {}
  local function add(r) out[#out + 1] = r end
  t:feed(ts, rows, add)
  t:finish(add)
  return out, t
end

--- Slot tables equal field by field (exact, NaN never occurs in results).
local function same_slots(got, want)
  eq(#got, #want, "slots")
  for i = 1, #want do
    local a, b = got[i], want[i]
    local w = "slot " .. i
    eq(a.timestamp, b.timestamp, w .. " timestamp"); eq(a.n_samples, b.n_samples, w .. " n_samples")
    eq(a.score, b.score, w .. " score"); eq(a.reasons, b.reasons, w .. " reasons")
    eq(#a.observed, #b.observed, w .. " channels")
    for j = 1, #b.observed do
      eq(a.observed[j], b.observed[j], w .. " observed")
      eq(a.restored[j], b.restored[j], w .. " restored")
      eq(a.channel_reasons[j], b.channel_reasons[j], w .. " channel reasons")
    end
  end
end

local function all_results(blocks)
  local out = {}
  for _, b in ipairs(blocks) do
    for _, r in ipairs(kol.block_results(b)) do out[#out + 1] = r end
  end
  return out
end

test("traffic blocks give the per-slot results", function()
  local ctx = kol.context()
  local ts, rows = long_series(1000)
  local want, t0 = per_slot(ctx, ts, rows)
  local flagged = 0
  for _, r in ipairs(want) do if r.reasons ~= 0 then flagged = flagged + 1 end end
  truthy(flagged > 0, "some slots flagged")
  -- one call, collected
  local t = ctx:traffic({ "views", "likes" })
  local fed, done = t:feed_blocks(ts, rows), t:finish_blocks()
  eq(fed.n + done.n, 1000); eq(done.n, t:delay() + 1)
  eq(#fed.timestamps, fed.n); eq(#fed.observed[1], 2)
  same_slots(all_results({ fed, done }), want)
  local a, b = t:totals(1), t0:totals(1)
  eq(a.observed, b.observed); eq(a.restored, b.restored); eq(a.dropped, b.dropped)
  eq(t:counts().flagged, t0:counts().flagged)
  eq(#t:intervals(), #t0:intervals())
  -- odd chunks, one callback per block of at most 128 slots
  local t2 = ctx:traffic({ "views", "likes" })
  local blocks = {}
  local function keep(blk) blocks[#blocks + 1] = blk end
  for i = 1, 1000, 77 do
    local cts, crs = {}, {}
    for k = i, math.min(i + 76, 1000) do cts[#cts + 1] = ts[k]; crs[#crs + 1] = rows[k] end
    eq(t2:feed_blocks(cts, crs, keep), nil)
  end
  t2:finish_blocks(keep)
  for _, blk in ipairs(blocks) do truthy(blk.n >= 1 and blk.n <= 128, "block size") end
  same_slots(all_results(blocks), want)
  -- pulled, collected and per block
  local chunks = {}
  for i = 1, 1000, 50 do
    local cts, crs = {}, {}
    for k = i, i + 49 do cts[#cts + 1] = ts[k]; crs[#crs + 1] = rows[k] end
    chunks[#chunks + 1] = { cts, crs }
  end
  local t3 = ctx:traffic({ "views", "likes" })
  same_slots(kol.block_results(t3:run_blocks(chunks)), want)
  local pulled = {}
  ctx:traffic({ "views", "likes" }):run_blocks(chunks, function(blk) pulled[#pulled + 1] = blk end)
  same_slots(all_results(pulled), want)
  -- a run whose source fails after 600 samples: the results of those
  -- samples still reach on_block (or, collected, the error's partial
  -- block), the same as a feed of them gives
  local function failing_source()
    local k = 0
    return function()
      k = k + 1
      if k > 12 then error({ message = "the feed went away" }) end
      return chunks[k]
    end
  end
  local ref600 = ctx:traffic({ "views", "likes" })
  local cts6, crs6 = {}, {}
  for k = 1, 600 do cts6[k] = ts[k]; crs6[k] = rows[k] end
  local want600 = kol.block_results(ref600:feed_blocks(cts6, crs6))
  truthy(#want600 > 0, "results before the failure")
  local got, t5 = {}, ctx:traffic({ "views", "likes" })
  local ok, e = pcall(t5.run_blocks, t5, failing_source(), function(blk) got[#got + 1] = blk end)
  eq(ok, false); eq(e.message, "the feed went away")
  same_slots(all_results(got), want600)
  local t6 = ctx:traffic({ "views", "likes" })
  ok, e = pcall(t6.run_blocks, t6, failing_source())
  eq(ok, false); eq(e.message, "the feed went away")
  same_slots(kol.block_results(e.partial), want600)
  -- counters with a gap and a drop
  local cts = { 0, 10, 20, 50, 60, 70, 80, 90 }
  local crs = { { 5 }, { 9 }, { 15 }, { 45 }, { 40 }, { 900 }, { 905 }, { 910 } }
  local ref = {}
  local tc = ctx:traffic({ "views" }, { step = 10, cumulative = 1 })
  tc:feed(cts, crs, function(r) ref[#ref + 1] = r end)
  tc:finish(function(r) ref[#ref + 1] = r end)
  local tb = ctx:traffic({ "views" }, { step = 10, cumulative = 1 })
  local b1 = tb:feed_blocks({ 0, 10, 20 }, { { 5 }, { 9 }, { 15 } })
  local b2 = tb:feed_blocks({ 50, 60, 70, 80, 90 }, { { 45 }, { 40 }, { 900 }, { 905 }, { 910 } })
  same_slots(all_results({ b1, b2, tb:finish_blocks() }), ref)
  eq(tb:totals(1).dropped, tc:totals(1).dropped)
  eq(ctx:traffic({ "views" }):finish_blocks().n, 0)
  ctx:close()
end)

test("traffic blocks: a callback stop is reported", function()
  local ctx = kol.context()
  local ts, rows = long_series(1000)
  local want = per_slot(ctx, ts, rows)
  local t = ctx:traffic({ "views", "likes" })
  local seen = {}
  local err = raises("callback", t.feed_blocks, t, ts, rows, function(blk)
    seen[#seen + 1] = blk
    if #seen == 2 then return 7 end
  end)
  eq(err.status, 8); eq(err.callback_code, 7); eq(tonumber(ctx:callback_code()), 7)
  eq(#seen, 2)
  local handed = all_results(seen)
  local prefix = {}
  for i = 1, #handed do prefix[i] = want[i] end
  same_slots(handed, prefix)
  -- the getters cover every result handed over, the stopping block included
  eq(t:counts().slots, #handed)
  local sum = 0
  for _, r in ipairs(handed) do sum = sum + r.observed[1] end
  eq(t:totals(1).observed, sum)
  raises("state", t.feed_blocks, t, { 10 ^ 6 }, { { 1, 1 } })
  raises("state", t.finish_blocks, t)
  t:reset()
  same_slots(all_results({ t:feed_blocks(ts, rows), t:finish_blocks() }), want)
  -- a stop in finish_blocks, and an error raised by the callback
  local t2 = ctx:traffic({ "views", "likes" })
  t2:feed_blocks(ts, rows)
  eq(raises("callback", t2.finish_blocks, t2, function() return true end).callback_code, 1)
  raises("state", t2.finish_blocks, t2)
  local t3 = ctx:traffic({ "views", "likes" })
  local ok, e = pcall(t3.feed_blocks, t3, ts, rows, function() error("block broke") end)
  eq(ok, false); truthy(tostring(e):find("block broke", 1, true), "block error")
  raises("state", t3.finish_blocks, t3)
  local t4 = ctx:traffic({ "views", "likes" })
  ok, e = pcall(t4.run_blocks, t4, { { ts, rows } }, function() error("block broke") end)
  eq(ok, false); truthy(tostring(e):find("block broke", 1, true), "run block error")
  ctx:close()
end)

test("traffic blocks: errors", function()
  local ctx = kol.context()
  local t = ctx:traffic({ "views" }, { step = 10 })
  t:feed_blocks({ 0, 10, 20 }, { { 5 }, { 9 }, { 15 } })
  local e = raises("state", t.feed_blocks, t, { 30, 5 }, { { 1 }, { 1 } })
  eq(e.status, 18); eq(e.func, "kol_traffic_feed_blocks")
  eq(raises("domain", t.feed_blocks, t, { 30 }, { { 1 / 0 } }).status, 3)
  eq(raises("domain", t.feed_blocks, t, { 30 }, { { 1e300 } }).status, 4)
  local ok, err = pcall(t.feed_blocks, t, { 30, 40 }, { { 1 } })
  eq(ok, false); truthy(tostring(err):find("1 rows for 2 timestamps", 1, true), "row count")
  eq(t:counts().slots + t:finish_blocks().n, 3)
  raises("state", t.feed_blocks, t, { 100 }, { { 1 } })
  raises("state", t.run_blocks, t, {})
  -- a refused chunk: the chunks before stay applied and are handed over
  local t2 = ctx:traffic({ "views" })
  local good_ts, good_rows = {}, {}
  for i = 1, 600 do good_ts[i] = (i - 1) * 60; good_rows[i] = { 1 } end
  local got = 0
  raises("state", t2.run_blocks, t2, { { good_ts, good_rows }, { { 0 }, { { 1 } } } },
         function(blk) got = got + blk.n end)
  truthy(got > 0, "blocks before the error"); eq(got, t2:counts().slots)
  -- the read callback raises
  local t3 = ctx:traffic({ "views" })
  ok, err = pcall(t3.run_blocks, t3, function() error("reader broke") end)
  eq(ok, false); truthy(tostring(err):find("reader broke", 1, true), "reader error")
  -- progress cancels
  local t4 = ctx:traffic({ "views" })
  local big_ts, big_rows = {}, {}
  for i = 1, 70000 do big_ts[i] = (i - 1) * 60; big_rows[i] = { 1 } end
  ctx:set_progress(function() return true end)
  raises("cancelled", t4.run_blocks, t4, { { big_ts, big_rows } })
  ctx:set_progress(nil)
  t4:close()
  ok = pcall(t4.finish_blocks, t4)
  eq(ok, false)
  ctx:close()
end)

test("cost bytes, ROI fill, rank, outliers, incrementality", function()
  local ctx = kol.context()
  local h = ctx:cost_history()
  for i = 0, 9 do h:add("douyin", "waist", nil, 1000 + i, 100000, 3000, 20) end
  eq(h:cells(), 1); near(h:alpha(), 0.01)
  eq(h:count("douyin", "waist", nil, "price"), 10)
  truthy(h:percentile("douyin", "waist", nil, "price", 2000) > 0.9, "percentile")
  local bytes = h:serialize()
  local h2 = ctx:cost_history_from(bytes)
  eq(h2:serialize(), bytes)
  raises("data", ctx.cost_history_from, ctx, bytes:sub(1, #bytes - 1))
  h2:merge(h); eq(h2:count("douyin", "waist", nil, "price"), 20)
  local roi = ctx:roi()
  eq(roi:fill({ { kol_id = "a", cost = 100, revenue = 300, views = 1000 }, false,
                { kol_id = "b", cost = 100, revenue = 100, views = 5000 } }), 2)
  raises("not_found", roi.fill, roi, { { kol_id = "c" } })
  eq(roi:size(), 2)
  roi:set_param("seed", 7); eq(roi:get_param("seed"), 7)
  local rows, shares, key = roi:report("kol"):rank("revenue")
  eq(rows[1], 1); near(shares[1], 0.75); eq(key, 2) -- 80% needs both
  local sc, fl = roi:report("kol"):outliers("cpm")
  eq(#sc, 2); eq(fl[1], 0)
  local inc = roi:incrementality({ 100, 110, 90, 100 }, { 200, 210 }, 50)
  near(inc.incremental, 210); eq(inc.roi_defined, true)
  eq(roi:feed_cost(ctx:cost_history()), 0) -- no platform or tier: skipped
  -- a fill that skips and reports what the library refuses
  local items = { { kol_id = "a", cost = 10, views = 100 },
                  { kol_id = "b", cost = 1, views = 5, restored_views = 9 },
                  false, { kol_id = "c", cost = -5 }, { kol_id = "d" },
                  { kol_id = "e", cost = 20, views = 300 } }
  local r2 = ctx:roi()
  raises("domain", r2.fill, r2, items)
  eq(r2:size(), 0)
  local seen = {}
  eq(r2:fill(items, function(i, st, msg) seen[#seen + 1] = { i, st, msg } end), 2)
  eq(r2:size(), 2); eq(#seen, 3)
  -- 0-based read calls, as Roster:fill reports them
  eq(seen[1][1], 1); eq(seen[2][1], 3); eq(seen[3][1], 4)
  truthy(seen[1][3]:find("restored_views 9 above views 5", 1, true), "restored message")
  truthy(seen[3][3]:find("no cost", 1, true), "no cost message")
  raises("callback", r2.fill, r2, items, function() return true end)
  eq(r2:size(), 2)
  local d = ctx:delivery{ kol_id = "z", cost = 1, views = 5 }
  d:check()
  d:update{ restored_views = 9 }
  local e = raises("domain", d.check, d)
  truthy(tostring(e):find("restored_views 9 above views 5", 1, true), "check message")
  d:clear("views"); d:check(); d:reset()
  raises("not_found", d.check, d)
  ctx:close()
end)

test("ROI coverage with audience sketches", function()
  local ctx = kol.context()
  local roi = ctx:roi()
  roi:add{ kol_id = "a", platform = "douyin", cost = 10 }
  roi:add{ kol_id = "b", platform = "douyin", cost = 10 }
  roi:add{ kol_id = "c", platform = "weibo", cost = 10 }
  local function sketch(from, to)
    local s = ctx:sketch()
    local ids = {}
    for i = from, to do ids[#ids + 1] = i end
    s:add_ids(ids)
    return s
  end
  local rep = roi:report("platform")
  local cov, matched, kols = rep:coverage({ a = sketch(1, 2000), b = sketch(1001, 3000) })
  near(cov[1], 3000, 150); eq(matched[1], 2); eq(kols[1], 2)
  eq(cov[2], 0); eq(matched[2], 0); eq(kols[2], 1)
  raises("conflict", rep.coverage, rep, { a = sketch(1, 10), b = ctx:sketch(10) })
  ctx:close()
end)

test("sketch bytes, union, planner constraints", function()
  local ctx = kol.context()
  local a = ctx:sketch(12)
  a:add_strings({ "u1", "u2", "u3", "" })
  eq(a:precision(), 12); eq(a:seed(), kol.constants.KOL_SKETCH_DEFAULT_SEED)
  local c = a:clone()
  local b = ctx:sketch_from(a:serialize())
  near(b:estimate(), a:estimate())
  raises("data", ctx.sketch_from, ctx, "garbage")
  c:add("u9")
  truthy(kol.union_estimate({ a, c }) >= a:estimate(), "union")
  c:clear(); eq(c:estimate(), 0)
  local p = ctx:planner()
  p:set_param("budget", 100)
  p:set_candidates{ cost = { 60, 50, 50, 10 }, value = { 10, 8, 8, 1 }, tier = { 0, 1, 1, 1 } }
  p:set_tier_limit(1, 0, 1)
  local s = p:run():summary()
  eq(s.objective_name, "value"); truthy(#s.rejected >= 1, "rejections")
  p:clear_constraints()
  p:set_choice(1, "require")
  eq(p:run():summary().picks[1].candidate, 1)
  p:set_platform_share(0, 0, 1); p:set_category_max(0, 5)
  eq(p:get_param("budget"), 100)
  ctx:close()
end)

-- ------------------------------------------------ ownership and lifetimes
--- pcall(fn, ...) must fail with a message holding every string of finds.
local function fails_with(finds, fn, ...)
  local ok, err = pcall(fn, ...)
  if ok then error("expected an error", 2) end
  for _, f in ipairs(finds) do
    if not tostring(err):find(f, 1, true) then
      error("expected '" .. f .. "' in the error, got: " .. tostring(err), 2)
    end
  end
  return err
end

test("records read back from a roster are read-only views", function()
  local ctx = kol.context()
  local roster = ctx:roster()
  roster:fill({ { id = "a", followers = 10 }, { id = "b" }, { id = "c" } })
  local a = roster:at(1)
  fails_with({ "set_text", "read-only", "Roster:at", "belongs to the roster", "clone()" },
             a.set_text, a, "id", "zzz")
  fails_with({ "set_text", "read-only" }, a.set_text, a, "id", nil)
  fails_with({ "set_metric", "read-only" }, a.set_metric, a, "followers", 99)
  fails_with({ "set_metrics", "read-only" }, a.set_metrics, a, { followers = 99 })
  fails_with({ "clear_metric", "read-only" }, a.clear_metric, a, "followers")
  fails_with({ "set_portrait", "read-only" }, a.set_portrait, a, "gender", { female = 1 })
  fails_with({ "update", "read-only" }, a.update, a, { name = "x" })
  local b = roster:find("b")
  fails_with({ "set_text", "Roster:find" }, b.set_text, b, "id", nil)
  -- the roster and its id index are untouched
  eq(a:id(), "a"); eq(a:get_metric("followers"), 10)
  eq(roster:find("a"):id(), "a"); eq(roster:find("zzz"), nil)
  eq(table.concat(roster:ids(), ","), "a,b,c")
  roster:remove("c")
  eq(table.concat(roster:ids(), ","), "a,b")
  -- clone() gives a writable copy that leaves the roster as it was
  local copy = roster:at(1):clone()
  copy:set_text("id", "a2"); copy:set_metric("followers", 5)
  eq(roster:find("a"):get_metric("followers"), 10); eq(roster:find("a2"), nil)
  -- the records handed to a predicate or a custom metric are read-only too
  fails_with({ "read-only", "remove_if" }, roster.remove_if, roster, function(rec)
    rec:set_text("id", "q")
  end)
  eq(table.concat(roster:ids(), ","), "a,b")
  local model = ctx:value_model()
  model:add_metric("writer", function(rec) rec:set_metric("followers", 1); return 0.5 end)
  fails_with({ "read-only", "custom metric" }, model.score_roster, model, roster)
  eq(roster:find("a"):get_metric("followers"), 10)
  -- the record a fill hands over stays writable
  local k = 0
  eq(roster:fill(function(rec)
    k = k + 1
    if k > 1 then return "end" end
    rec:set_text("id", "filled"); rec:set_metric("followers", 3)
  end), 1)
  eq(roster:find("filled"):get_metric("followers"), 3)
  ctx:close()
end)

test("a fill source that raises leaves no valid view", function()
  local ctx = kol.context()
  local roster = ctx:roster()
  local saved
  local boom = { reason = "source fails" }
  local ok, err = pcall(roster.fill, roster, function(rec)
    saved = rec
    rec:set_text("id", "x")
    error(boom)
  end)
  eq(ok, false); truthy(rawequal(err, boom), "the source's own error, unchanged")
  for i = 1, 5 do ctx:record{ id = string.rep("z", 40) .. i } end
  fails_with({ "no longer valid" }, saved.id, saved)
  fails_with({ "no longer valid" }, saved.set_text, saved, "id", "write-after-free")
  -- a view kept by a source that returned normally dies with its read too
  local kept
  eq(roster:fill(function(rec)
    if kept then return "end" end
    kept = rec; rec:set_text("id", "y")
  end), 1)
  fails_with({ "no longer valid" }, kept.id, kept)
  -- a table source whose update fails: the library's error comes through
  local e = raises("domain", roster.fill, roster, { { id = "bad", followers = -1 } })
  eq(e.func, "kol_record_set_metric")
  eq(table.concat(roster:ids(), ","), "y")
  ctx:close()
end)

test("a view keeps its roster alive", function()
  local ctx = kol.context()
  local weak = setmetatable({}, { __mode = "v" })
  local function first_record()
    local roster = ctx:roster()
    roster:fill({ { id = "alpha", followers = 1000 } })
    weak.roster = roster
    return roster:at(1)
  end
  local rec = first_record()
  collectgarbage(); collectgarbage()
  truthy(weak.roster ~= nil, "the roster lives while its view does")
  local junk = {}
  for i = 1, 50 do junk[i] = ctx:record{ id = "junk-" .. i } end
  eq(rec:id(), "alpha"); eq(rec:get_metric("followers"), 1000)
  -- views still raise once the roster is closed explicitly
  weak.roster:close()
  fails_with({ "no longer valid" }, rec.id, rec)
  rec = nil
  collectgarbage(); collectgarbage()
  eq(weak.roster, nil, "the roster is collected with its last view")
  -- and once its context is closed
  local roster = ctx:roster()
  roster:fill({ { id = "beta" } })
  local v = roster:find("beta")
  roster = nil
  collectgarbage(); collectgarbage()
  eq(v:id(), "beta")
  ctx:close()
  fails_with({ "no longer valid" }, v.id, v)
end)

test("closing a context waits for objects awaiting their finalizer", function()
  local ctx = kol.context()
  do local r = ctx:record{ id = "x" } end -- dropped, not closed
  do local t = ctx:traffic({ "views" }) end
  collectgarbage("stop")
  -- step the collector until the weak children entries are gone, before
  -- the objects' finalizers have run
  local steps = 0
  while next(ctx.children) ~= nil and steps < 100000 do
    collectgarbage("step", 0); steps = steps + 1
  end
  ctx:close() -- must not free the kol_ctx the finalizers still free into
  ctx:close()
  eq(ctx.ptr, nil)
  eq(pcall(ctx.record, ctx, { id = "y" }), false, "a closed context refuses new objects")
  collectgarbage("restart"); collectgarbage(); collectgarbage()
  -- closed with nothing pending, and an object closed after its context
  local c2 = kol.context()
  local rec = c2:record{ id = "z" }
  local kept = c2:sketch()
  c2:close()
  eq(rec.ptr, nil); eq(kept.ptr, nil)
  kept:close()
  collectgarbage(); collectgarbage()
end)

test("closing an object or its context from its own callback raises", function()
  local ctx = kol.context()
  local t = ctx:traffic({ "views", "likes" })
  local ts, rows = {}, {}
  for i = 1, 600 do ts[i] = (i - 1) * 60; rows[i] = { 100, 5 } end
  fails_with({ "close() of a kol_traffic", "inside a callback of kol_traffic_feed" },
             t.feed, t, ts, rows, function() t:close() end)
  truthy(t.ptr ~= nil, "the monitor is still open")
  t:reset()
  fails_with({ "Context:close()", "kol_traffic_feed_blocks" },
             t.feed_blocks, t, ts, rows, function() ctx:close() end)
  truthy(ctx.ptr ~= nil, "the context is still open")
  t:close()
  -- progress callback of a scoring call
  local roster = ctx:roster()
  roster:fill(SAMPLE)
  local model = ctx:value_model()
  ctx:set_progress(function() ctx:close() end)
  fails_with({ "Context:close()", "kol_value_score_roster" }, model.score_roster, model, roster)
  ctx:set_progress(function() roster:close() end)
  fails_with({ "close() of a kol_roster", "kol_value_score_roster" }, model.score_roster, model, roster)
  ctx:set_progress(nil)
  eq(model:score_roster(roster):size(), 4)
  -- a fill source and a predicate closing their roster
  fails_with({ "kol_roster_fill" }, roster.fill, roster, function() roster:close() end)
  fails_with({ "kol_roster_remove_if" }, roster.remove_if, roster, function() roster:close() end)
  eq(roster:size(), 4)
  -- objects made inside the callback may be closed there (Roi:add closes
  -- the delivery it makes)
  local roi = ctx:roi()
  eq(roster:fill(function(rec)
    local tmp = ctx:record{ id = "tmp" }
    tmp:close()
    roi:add{ kol_id = "k", cost = 1 }
    if roi:size() > 1 then return "end" end
    rec:set_text("id", "from-cb")
  end), 1)
  eq(roi:size(), 2)
  -- after the calls, closing works
  roster:close(); model:close()
  ctx:close()
  eq(ctx.ptr, nil)
end)

test("a getter in a block callback keeps the first error", function()
  local ctx = kol.context()
  local function chunks()
    local k = 0
    return function()
      k = k + 1
      if k > 3 then error("source broke") end
      local ts, rows = {}, {}
      for i = 1, 10 do ts[i] = (k - 1) * 600 + (i - 1) * 60; rows[i] = { 100, 5 } end
      return { ts, rows }
    end
  end
  local t = ctx:traffic({ "views", "likes" })
  local calls = 0
  fails_with({ "source broke" }, t.run_blocks, t, chunks(), function(b)
    calls = calls + 1
    eq(t:counts().slots >= 0, true)
    t:totals(1)
  end)
  truthy(calls > 0, "the block callback ran")
  -- collected: the error still carries its partial block
  local t2 = ctx:traffic({ "views", "likes" })
  local ok, err = pcall(t2.run_blocks, t2, function()
    error({ message = "feed went away" })
  end)
  eq(ok, false); eq(err.message, "feed went away")
  -- a nested call that fails inside the callback, its error caught there,
  -- does not stand in for the outer call's error either
  local t3 = ctx:traffic({ "views", "likes" })
  fails_with({ "source broke" }, t3.run_blocks, t3, chunks(), function()
    local e = raises("not_found", t3.totals, t3, 9)
    eq(e.func, "kol_traffic_totals")
  end)
  ctx:close()
end)

test("rows must hold one value per channel or column", function()
  local ctx = kol.context()
  local t = ctx:traffic({ "views", "likes" })
  fails_with({ "row 1 has 3 values, expected 2 (one per channel)" },
             t.feed, t, { 0, 60 }, { { 100, 1, 12345 }, { 200, 2, 777 } })
  fails_with({ "row 2 has 1 values, expected 2" }, t.feed, t, { 0, 60 }, { { 100, 1 }, { 200 } })
  fails_with({ "row 1 has 3 values" }, t.feed_blocks, t, { 0 }, { { 1, 2, 3 } })
  eq(t:counts().slots, 0)
  fails_with({ "row 2 has 3 values, expected 2" }, t.run, t, { { { 0, 60 }, { { 1, 1 }, { 2, 2, 2 } } } })
  local t2 = ctx:traffic({ "views", "likes" })
  fails_with({ "has 1 rows for 2 timestamps" }, t2.run_blocks, t2, { { { 0, 60 }, { { 1, 1 } } } })
  local a = ctx:audience()
  fails_with({ "row 1 has 3 values, expected 2 (one per column)" },
             a.score, a, { "followers", "posts" }, { { 10, 20, 30 } })
  -- rows of the right width are taken
  t:feed({ 0, 60 }, { { 100, 1 }, { 200, 2 } })
  t:finish()
  eq(t:totals(1).observed, 300); eq(t:totals(2).observed, 3)
  ctx:close()
end)

test("tables of tables, flat rows and holes are refused by name", function()
  local ctx = kol.context()
  local t = ctx:traffic({ "views", "likes" })
  -- a row in place of a number: named by argument and position, not the
  -- FFI's "cannot convert 'table' to 'double'"
  local m = ctx:value_model()
  fails_with({ "kol: columns.followers[2]: number expected, got table" },
             m.score_columns, m, { followers = { 1000, { 2000 } } })
  fails_with({ "kol: columns[0][1]: number expected, got table" },
             m.score_columns, m, { [0] = { { 1000, 2000 } } })
  fails_with({ "kol: followers[1]: number expected, got table" },
             ctx:tiers("cn").classify_followers, ctx:tiers("cn"), { { 500 }, { 5e6 } }, "douyin")
  local a = ctx:audience()
  fails_with({ "kol: probs[1]: number expected, got table" }, a.real_ratio, a, { { 0.1, 0.2 }, { 0.3 } })
  fails_with({ "kol: baseline[2]: number expected, got table" },
             ctx:roi().incrementality, ctx:roi(), { 10, { 11, 12 } }, { 20 }, 5)
  fails_with({ "kol: ids[1]: integer expected, got table" }, ctx:sketch().add_ids, ctx:sketch(),
             { { 1, 2 }, { 3 } })
  -- rows: a flat table, a value that is a table, rows that are not a table
  fails_with({ "kol: rows: row 1 is a number, expected a table of 2 values (one per channel)" },
             t.feed, t, { 0, 60 }, { 100, 1, 200, 2 })
  fails_with({ "kol: rows: row 2, value 1: number expected, got table" },
             t.feed_blocks, t, { 0, 60 }, { { 100, 1 }, { { 200 }, 2 } })
  fails_with({ "kol: rows: a table of rows or a cdata array expected, got number" },
             t.feed, t, { 0 }, 5)
  fails_with({ "kol: rows: 1 rows for 2 timestamps" }, t.feed, t, { 0, 60 }, { { 100, 1 } })
  fails_with({ "kol: a chunk's row 1 is a number, expected a table of 2 values" },
             t.run, t, { { { 0, 60, 120, 180 }, { 100, 1, 200, 2 } } })
  fails_with({ "kol: a chunk's row 2, value 2: number expected, got table" },
             t.run_blocks, t, { { { 0, 60 }, { { 100, 1 }, { 200, { 2 } } } } })
  -- a hole (nil) would end the table early at # and drop what follows it
  fails_with({ "kol: columns.followers: a hole (nil) among its values: 1 before it, index 3" },
             m.score_columns, m, { followers = { 1000, nil, 3000 } })
  fails_with({ "kol: rows: row 1: a hole (nil) among its values" },
             a.score, a, { "followers" }, { { 10, nil, 30 }, { 20 } })
  fails_with({ "kol: rows: row 2 is a nil, expected a table of 2 values" },
             t.feed, t, { 0, 60, 120 }, { { 1, 1 }, nil, { 3, 3 } })
  local holed = {}
  holed[1], holed[3] = { 1, 1 }, { 3, 3 }
  fails_with({ "kol: rows: a hole (nil) among its values: 1 before it, index 3 after it" },
             t.feed, t, { 0, 60, 120 }, holed)
  fails_with({ "kol: a chunk's timestamps: a hole (nil)" },
             t.run, t, { { { 0, nil, 120 }, { { 1, 1 }, { 2, 2 }, { 3, 3 } } } })
  -- no column: rows of no value, one result each
  fails_with({ "kol: rows: row 1 has 1 values, expected 0 (one per column)" },
             a.score, a, {}, { { 10 } })
  local p = a:score({}, { {}, {}, {} })
  eq(#p, 3)
  -- nothing reached the monitor
  eq(t:counts().slots, 0); eq(t:counts().skipped, 0)
  eq(t:interval_count().total, 0)
  t:feed({ 0, 60 }, { { 100, 1 }, { 200, 2 } })
  t:finish()
  eq(t:totals(1).observed, 300)
  ctx:close()
end)

--- pcall(fn, ...) must fail with a kol: string error holding every string
--- of finds (not a raw Lua or FFI error).
local function kol_error(finds, fn, ...)
  local ok, err = pcall(fn, ...)
  if ok then error("expected an error", 2) end
  if type(err) ~= "string" or not err:find("kol: ", 1, true) then
    error("expected a kol: error, got: " .. tostring(err), 2)
  end
  for _, f in ipairs(finds) do
    if not err:find(f, 1, true) then
      error("expected '" .. f .. "' in the error, got: " .. err, 2)
    end
  end
  return err
end

--- As kol_error, for a list built by a constructor with a nil in it ({ a,
--- nil, c }): # may stop before the nil or after it, so the error names
--- either the hole or the nil item (<what>[<i>]: ... got nil).
local function hole_error(what, i, fn, ...)
  local err = kol_error({ "kol: " .. what }, fn, ...)
  if not err:find("kol: " .. what .. ": a hole (nil) among its values", 1, true)
     and not (err:find("kol: " .. what .. "[" .. i .. "]: ", 1, true)
              and err:find("expected, got nil", 1, true)) then
    error("expected a hole or a nil at " .. what .. "[" .. i .. "], got: " .. err, 2)
  end
  return err
end

test("a list with a hole (nil) is refused by name, not cut short", function()
  local ctx = kol.context()
  local a, b, c = ctx:sketch(10), ctx:sketch(10), ctx:sketch(10)
  a:add_ids({ 1, 2, 3 }); b:add_ids({ 4, 5, 6 }); c:add_ids({ 7, 8, 9 })
  -- built by assignment: # is 1, the hole before index 3
  local gap = {}
  gap[1], gap[3] = b, c
  kol_error({ "kol: sketches: a hole (nil) among its values: 1 before it, index 3 after it" },
            kol.union_estimate, gap)
  -- built by a constructor: # is 3, the hole is the nil at 2
  hole_error("sketches", 2, kol.union_estimate, { a, nil, c })
  hole_error("sketches", 1, kol.union_estimate, { nil, b })
  near(kol.union_estimate({ b, c }), b:overlap(c).union, 1e-9)
  -- strings: nothing added
  local s = ctx:sketch(10)
  hole_error("items", 2, s.add_strings, s, { "a", nil, "b" })
  local words = {}
  words[1], words[3] = "a", "b"
  kol_error({ "kol: items: a hole (nil) among its values: 1 before it, index 3 after it" },
            s.add_strings, s, words)
  eq(s:estimate(), 0)
  -- planner audiences: named, not the library's count message
  local pl = ctx:planner()
  pl:set_param("budget", 100)
  pl:set_candidates({ cost = { 1, 1, 1 }, value = { 1, 1, 1 } })
  hole_error("sketches", 2, pl.set_audiences, pl, { a, nil, c })
  kol_error({ "kol: sketches: a hole (nil)" }, pl.set_audiences, pl, gap)
  -- planner columns: the hole, not a wrong count
  hole_error("value", 2, pl.set_candidates, pl, { cost = { 1, 2, 3 }, value = { 1, nil, 3 } })
  local holed = {}
  holed[1], holed[3] = 1, 3
  kol_error({ "kol: value: a hole (nil) among its values: 1 before it, index 3 after it" },
            pl.set_candidates, pl, { cost = { 1, 2, 3 }, value = holed })
  kol_error({ "kol: tier: a hole (nil)" }, pl.set_candidates, pl,
            { cost = { 1, 2, 3 }, value = { 1, 2, 3 }, tier = holed })
  -- the other list arguments of the binding
  local r1, r2 = ctx:record{ id = "r1" }, ctx:record{ id = "r2" }
  hole_error("records", 2, ctx.roster, ctx, { r1, nil, r2 })
  local roster = ctx:roster()
  kol_error({ "kol: source[2]: nil, a hole among the items (false skips one)" },
            roster.fill, roster, { { id = "a" }, nil, { id = "b" } })
  eq(roster:size(), 0)
  local roi = ctx:roi()
  kol_error({ "kol: items[2]: nil, a hole among the items (false skips one)" }, roi.fill, roi,
            { { kol_id = "a", cost = 1 }, nil, { kol_id = "b", cost = 1 } })
  eq(roi:size(), 0)
  local rec = ctx:record{ id = "m", followers = 10, posts = 3 }
  hole_error("metrics", 2, rec.get_metrics, rec, { "followers", nil, "posts" })
  hole_error("channels", 2, ctx.traffic, ctx, { "views", nil, "likes" })
  local au = ctx:audience()
  hole_error("columns", 2, au.score, au, { "followers", nil, "posts" }, { { 1, 2, 3 } })
  -- an item of the wrong kind is named as well
  kol_error({ "kol: metrics[2]: metric name or code expected, got table" }, rec.get_metrics, rec,
            { "followers", {} })
  kol_error({ "kol: channels[1]: channel name or code expected, got boolean" }, ctx.traffic, ctx,
            { true })
  kol_error({ "kol: columns[1]: feature name or code expected, got table" }, au.score, au,
            { { "followers" } }, { { 1 } })
  kol_error({ "kol: verdicts: a hole (nil)" }, au.real_ratio, au, { 0.1, 0.2, 0.3 }, holed)
  -- NaN is offered only where it is an accepted missing value: not for a
  -- missing integer, nor in the planner, which refuses NaN
  local e = kol_error({ "kol: ids: a hole (nil) among its values: 1 before it, index 3 after it" },
                      s.add_ids, s, holed)
  truthy(not e:find("NaN", 1, true), "no NaN hint for integer ids: " .. e)
  e = kol_error({ "kol: tier: a hole (nil)" }, pl.set_candidates, pl, { cost = { 1, 2, 3 }, tier = holed })
  truthy(not e:find("NaN", 1, true), "no NaN hint for tier codes: " .. e)
  ctx:close()
end)

--- Five overlapping audiences of precision p, an empty one and the second
--- again.
local function audiences(ctx, p)
  local sk = {}
  for i = 1, 5 do
    local ids = {}
    for k = 1, 2000 do ids[k] = (i - 1) * 700 + k end
    sk[i] = ctx:sketch(p or 12)
    sk[i]:add_ids(ids)
  end
  sk[6] = ctx:sketch(p or 12)
  sk[7] = sk[2]
  return sk
end

test("overlap_matrix: the overlap of every pair, bit for bit", function()
  local ctx = kol.context()
  local sk = audiences(ctx)
  local n = #sk
  local ov, jac = kol.overlap_matrix(sk)
  eq(#ov, n, "rows"); eq(#jac, n, "rows")
  for i = 1, n do
    eq(#ov[i], n, "columns"); eq(#jac[i], n, "columns")
    for j = 1, n do
      local want = sk[i]:overlap(sk[j])
      eq(type(ov[i][j]), "number")
      eq(ov[i][j], want.overlap, "overlap " .. i .. "," .. j)
      eq(jac[i][j], want.jaccard, "jaccard " .. i .. "," .. j)
      eq(ov[i][j], ov[j][i], "symmetric overlap " .. i .. "," .. j)
      eq(jac[i][j], jac[j][i], "symmetric jaccard " .. i .. "," .. j)
    end
    -- the diagonal: the estimate, Jaccard 1 (0 for the empty audience)
    eq(ov[i][i], sk[i]:estimate(), "estimate " .. i)
    eq(jac[i][i], i == 6 and 0 or 1, "jaccard " .. i)
  end
  eq(ov[2][7], sk[2]:estimate()); eq(jac[2][7], 1)
  truthy(jac[1][2] > 0 and jac[1][2] < 1 and ov[1][5] < ov[1][2], "overlaps")
  -- sketches as the columns too: the same matrices
  local ov2, jac2 = kol.overlap_matrix(sk, sk)
  for i = 1, n do
    for j = 1, n do eq(ov2[i][j], ov[i][j]); eq(jac2[i][j], jac[i][j]) end
  end
  -- rows by columns, of another context too
  local other = kol.context()
  local far = other:sketch(12)
  far:add_ids({ 1, 2, 3, 1000, 3000, 5000 })
  local rows, cols = { sk[1], far }, { sk[2], sk[3], sk[6], far, sk[1] }
  ov, jac = kol.overlap_matrix(rows, cols)
  eq(#ov, 2); eq(#jac, 2)
  for i = 1, 2 do
    eq(#ov[i], 5); eq(#jac[i], 5)
    for j = 1, 5 do
      local want = rows[i]:overlap(cols[j])
      eq(ov[i][j], want.overlap, "overlap " .. i .. "," .. j)
      eq(jac[i][j], want.jaccard, "jaccard " .. i .. "," .. j)
    end
  end
  other:close()
  ctx:close()
end)

test("overlap_matrix: no sketch, a differing precision or seed, other objects", function()
  local ctx = kol.context()
  local sk = audiences(ctx)
  local ov, jac = kol.overlap_matrix({})
  eq(next(ov), nil); eq(next(jac), nil)
  ov, jac = kol.overlap_matrix({ sk[1], sk[2] }, {})
  eq(#ov, 2); eq(#jac, 2); eq(next(ov[1]), nil); eq(next(jac[2]), nil)
  ov, jac = kol.overlap_matrix({}, sk)
  eq(next(ov), nil); eq(next(jac), nil)
  -- the library names the first sketch that differs (its C index, from 0)
  local p10, seed7 = ctx:sketch(10), ctx:sketch(12, 7)
  p10:add_ids({ 1, 2 }); seed7:add_ids({ 1, 2 })
  for _, bad in ipairs({ p10, seed7 }) do
    local e = raises("conflict", kol.overlap_matrix, { sk[1], sk[2], sk[3], bad })
    truthy(e.message:find("kol_sketch_overlap_matrix: rows[3] (precision", 1, true), e.message)
    eq(e.func, "kol_sketch_overlap_matrix")
    e = raises("conflict", kol.overlap_matrix, { sk[1] }, { sk[2], bad })
    truthy(e.message:find("cols[1] (precision", 1, true), e.message)
    e = raises("conflict", kol.overlap_matrix, { bad }, sk)
    truthy(e.message:find("cols[0] (precision 12, ", 1, true)
           and e.message:find("differs from rows[0]", 1, true), e.message)
  end
  -- other objects, holes: named by the binding before any call
  local pl = ctx:planner()
  kol_error({ "kol: sketches: a table of sketches expected, got number" }, kol.overlap_matrix, 5)
  kol_error({ "kol: sketches: a table of sketches expected, got nil" }, kol.overlap_matrix)
  kol_error({ "kol: sketches[2]: kol.Sketch expected, got string" }, kol.overlap_matrix,
            { sk[1], "x" })
  kol_error({ "kol: sketches[3]: kol.Sketch expected, got kol.Planner" }, kol.overlap_matrix,
            { sk[1], sk[2], pl })
  kol_error({ "kol: cols: a table of cols expected, got string" }, kol.overlap_matrix, sk, "x")
  kol_error({ "kol: cols[1]: kol.Sketch expected, got kol.Planner" }, kol.overlap_matrix,
            {}, { pl })
  kol_error({ "kol: sketches[1]: kol.Sketch expected, got number" }, kol.overlap_matrix,
            { 5 }, {})
  local gap = {}
  gap[1], gap[3] = sk[1], sk[2]
  kol_error({ "kol: sketches: a hole (nil) among its values: 1 before it, index 3 after it" },
            kol.overlap_matrix, gap)
  kol_error({ "kol: cols: a hole (nil) among its values: 1 before it, index 3 after it" },
            kol.overlap_matrix, sk, gap)
  hole_error("sketches", 2, kol.overlap_matrix, { sk[1], nil, sk[3] })
  hole_error("cols", 1, kol.overlap_matrix, sk, { nil, sk[2] })
  local closed = ctx:sketch(12)
  closed:close()
  kol_error({ "is closed" }, kol.overlap_matrix, { sk[1], closed })
  ctx:close()
end)

test("overlap_matrix: the progress callback of the first sketch's context cancels it", function()
  local ctx = kol.context()
  -- precision 18: a progress call every few pairs, not only at the end
  local sk = {}
  for i = 1, 8 do
    local ids = carr("uint64_t", 3000)
    for k = 0, 2999 do ids[k] = (i - 1) * 500 + k end
    sk[i] = ctx:sketch(18)
    sk[i]:add_ids(ids, 3000)
  end
  local seen = {}
  ctx:set_progress(function(done, total) seen[#seen + 1] = { done, total } end)
  local want_ov, want_jac = kol.overlap_matrix(sk)
  truthy(#seen >= 2, "progress calls: " .. #seen)
  eq(seen[#seen][1], 28); eq(seen[#seen][2], 28)
  for k = 1, #seen - 1 do
    truthy(seen[k][1] > 0 and seen[k][1] < 28 and seen[k][2] == 28, "progress " .. k)
  end
  ctx:set_progress(function(done, total) if done < total then return 7 end end)
  local e = raises("cancelled", kol.overlap_matrix, sk)
  eq(e.callback_code, 7); eq(e.func, "kol_sketch_overlap_matrix")
  truthy(e.message:find("cancelled by the progress callback", 1, true), e.message)
  -- rows by columns: n_rows n_cols pairs
  seen = {}
  ctx:set_progress(function(done, total) seen[#seen + 1] = { done, total } end)
  kol.overlap_matrix({ sk[1], sk[2] }, sk)
  eq(seen[#seen][1], 16); eq(seen[#seen][2], 16)
  -- a stop at the last call (a small matrix) cancels too
  local small = audiences(ctx)
  ctx:set_progress(function() return true end)
  eq(raises("cancelled", kol.overlap_matrix, small).callback_code, 1)
  ctx:set_progress(function() error("progress broke") end)
  local ok, err = pcall(kol.overlap_matrix, small)
  eq(ok, false); truthy(tostring(err):find("progress broke", 1, true), tostring(err))
  -- the sketches live until the call returns, whatever the callback drops
  local refused = 0
  ctx:set_progress(function()
    for k = 1, #sk do
      if not pcall(sk[k].close, sk[k]) then refused = refused + 1 end
      sk[k] = nil
    end
    collectgarbage(); collectgarbage()
  end)
  local ov, jac = kol.overlap_matrix(sk)
  truthy(refused > 0, "closes refused")
  eq(next(sk), nil)
  for i = 1, 8 do
    for j = 1, 8 do eq(ov[i][j], want_ov[i][j]); eq(jac[i][j], want_jac[i][j]) end
  end
  ctx:set_progress(nil)
  ctx:close()
end)

test("the NaN hint of a hole only where NaN is a missing value", function()
  local ctx = kol.context()
  local holed = {}
  holed[1], holed[3] = 1, 3
  local no_nan = "kol: %s: a hole (nil) among its values: 1 before it, index 3 after it"
  local with_nan = no_nan .. " (use 0/0, NaN, for a missing number)"
  local function hint(want, what, fn, ...)
    local e = kol_error({ string.format(want, what) }, fn, ...)
    if want == no_nan then truthy(not e:find("NaN", 1, true), "no NaN hint for " .. what .. ": " .. e) end
  end
  -- the planner refuses NaN in every column: no hint (it had one)
  local pl = ctx:planner()
  pl:set_param("budget", 10)
  hint(no_nan, "cost", pl.set_candidates, pl, { cost = holed })
  hint(no_nan, "value", pl.set_candidates, pl, { cost = { 1, 2, 3 }, value = holed })
  hint(no_nan, "conversions", pl.set_candidates, pl, { cost = { 1, 2, 3 }, conversions = holed })
  local nan = 0 / 0
  raises("domain", pl.set_candidates, pl, { cost = { 1, nan, 3 } })
  raises("domain", pl.set_candidates, pl, { cost = { 1, 2, 3 }, value = { 1, nan, 3 } })
  -- nor the other calls that refuse NaN
  hint(no_nan, "scores", ctx.tier_by_quantiles, ctx, holed, { 0.5 })
  hint(no_nan, "probs", ctx.tier_by_quantiles, ctx, { 1, 2, 3 }, holed)
  local m = ctx:value_model()
  hint(no_nan, "edges", m.set_bands, m, holed)
  local tiers = ctx:tiers("cn")
  hint(no_nan, "thresholds", tiers.set_ladder, tiers, "douyin", holed)
  local roi = ctx:roi()
  hint(no_nan, "baseline", roi.incrementality, roi, holed, { 1 }, 1)
  local au = ctx:audience()
  hint(no_nan, "probs", au.real_ratio, au, holed)
  -- where NaN means missing, the hint stays
  hint(with_nan, "followers", tiers.classify_followers, tiers, holed)
  local san = ctx:sanity()
  hint(with_nan, "followers", san.follower_spikes, san, holed)
  hint(with_nan, "columns.followers", m.score_columns, m, { followers = holed })
  local t = ctx:traffic({ "views", "likes", "comments" })
  local row = {}
  row[1], row[3] = 1, 3
  hint(with_nan, "rows: row 1", t.feed, t, { 0 }, { row })
  hint(with_nan, "rows: row 1", au.score, au, { "followers", "following", "posts" }, { row })
  local e
  -- a nil first value: # and table.maxn both see the whole table, so it
  -- is found value by value, with the hint where NaN is a value
  local lead = "kol: %s: nil, a hole among its values (use 0/0, NaN, for a missing number)"
  hint(lead, "rows: row 1, value 1", au.score, au, { "followers", "following" }, { { nil, 3 } })
  hint(lead, "rows: row 1, value 1", t.feed, t, { 0 }, { { nil, 2, 3 } })
  hint(lead, "followers[1]", san.follower_spikes, san, { nil, 2, 3 })
  hint(lead, "followers[1]", tiers.classify_followers, tiers, { nil, 5 })
  e = kol_error({ "kol: cost[1]: number expected, got nil" }, pl.set_candidates, pl,
                { cost = { nil, 2, 3 } })
  truthy(not e:find("NaN", 1, true), "no NaN hint for a leading nil cost: " .. e)
  -- a missing row or timestamp is no missing number
  local rows = {}
  rows[1], rows[3] = { 1, 2, 3 }, { 1, 2, 3 }
  hint(no_nan, "rows", t.feed, t, { 0, 60, 120 }, rows)
  hint(no_nan, "timestamps", t.feed, t, holed, { { 1, 2, 3 }, { 1, 2, 3 }, { 1, 2, 3 } })
  e = kol_error({ "kol: a chunk's timestamps: a hole (nil)" }, t.run, t, { { holed, rows } })
  truthy(not e:find("NaN", 1, true), "no NaN hint for chunk timestamps: " .. e)
  eq(t:counts().slots, 0)
  ctx:close()
end)

test("Planner:set_param takes a name for the objective only", function()
  local ctx = kol.context()
  local p = ctx:planner()
  p:set_param("budget", 5)
  -- any text was taken as an objective name: "reach" set the budget to 2
  kol_error({ "kol: Planner:set_param(): budget: number expected, got string \"reach\" (a name is "
              .. "taken for the objective only)" }, p.set_param, p, "budget", "reach")
  kol_error({ "kol: Planner:set_param(): enum_depth: number expected, got string" },
            p.set_param, p, "enum_depth", "conversions")
  kol_error({ "kol: Planner:set_param(): budget: number expected, got string" },
            p.set_param, p, kol.PLAN_PARAMS.budget, "value")
  kol_error({ "kol: Planner:set_param(): budget: number expected, got boolean" },
            p.set_param, p, "budget", true)
  kol_error({ "kol: Planner:set_param(): exact_limit: number expected, got nil" },
            p.set_param, p, "exact_limit", nil)
  eq(p:get_param("budget"), 5); eq(p:get_param("enum_depth"), 3)
  -- the objective by name or code, its parameter by name or code
  p:set_param("objective", "reach"); eq(p:get_param("objective"), 2)
  p:set_param(kol.PLAN_PARAMS.objective, "conversions"); eq(p:get_param("objective"), 1)
  p:set_param("objective", 0); eq(p:get_param("objective"), 0)
  kol_error({ "kol: unknown objective 'nosuch'" }, p.set_param, p, "objective", "nosuch")
  p:set_param("budget", ffi.new("double", 7.5)); eq(p:get_param("budget"), 7.5)
  ctx:close()
end)

test("sketch and planner arguments of the wrong type raise kol: errors", function()
  local ctx = kol.context()
  local a = ctx:sketch(10)
  local pl = ctx:planner()
  kol_error({ "kol: item: string expected, got number (integer ids go through add_ids())" },
            a.add, a, 5)
  kol_error({ "kol: item: string expected, got nil" }, a.add, a)
  kol_error({ "kol: item: string expected, got table" }, a.add, a, { "x" })
  kol_error({ "kol: items[2]: string expected, got number" }, a.add_strings, a, { "a", 5 })
  kol_error({ "kol: items: a table of strings expected, got string (add() adds one item)" },
            a.add_strings, a, "abc")
  kol_error({ "kol: items: a table of strings expected, got nil" }, a.add_strings, a)
  kol_error({ "kol: other: kol.Sketch expected, got number" }, a.merge, a, 5)
  kol_error({ "kol: other: kol.Sketch expected, got kol.Planner" }, a.merge, a, pl)
  kol_error({ "kol: other: kol.Sketch expected, got string" }, a.overlap, a, "x")
  kol_error({ "kol: sketches: a table of sketches expected, got number" }, kol.union_estimate, 5)
  kol_error({ "kol: sketches[2]: kol.Sketch expected, got string" }, kol.union_estimate, { a, "x" })
  kol_error({ "kol: bytes: string expected, got number" }, ctx.sketch_from, ctx, 5)
  kol_error({ "kol: bytes: string expected, got nil" }, ctx.cost_history_from, ctx)
  eq(a:estimate(), 0) -- nothing was added
  pl:set_candidates({ cost = { 1, 1, 1 }, value = { 1, 1, 1 } })
  kol_error({ "kol: sketches[2]: kol.Sketch expected, got kol.Planner" }, pl.set_audiences, pl,
            { a, pl, a })
  kol_error({ "kol: sketches: a table of sketches expected, got nil" }, pl.set_audiences, pl)
  kol_error({ "kol: candidates: a table of columns expected, got number" }, pl.set_candidates, pl, 5)
  kol_error({ "kol: value: a table or a cdata array expected, got number" }, pl.set_candidates, pl,
            { cost = { 1, 2, 3 }, value = 5 })
  kol_error({ "kol: value has 2 values for 3 candidates" }, pl.set_candidates, pl,
            { cost = { 1, 2, 3 }, value = { 1, 2 } })
  kol_error({ "kol: Planner:set_platform_share(): min: number expected, got string" },
            pl.set_platform_share, pl, 0, "0.1", 1)
  kol_error({ "kol: Planner:set_platform_share(): max: number expected, got table" },
            pl.set_platform_share, pl, 0, 0, {})
  local rep = ctx:roi()
  rep:add{ kol_id = "k1", cost = 10 }
  rep = rep:report("kol")
  kol_error({ 'kol: sketches["k1"]: kol.Sketch expected, got number' }, rep.coverage, rep, { k1 = 5 })
  ctx:close()
end)

test("interval_count: intervals kept and in all", function()
  local ctx = kol.context()
  local ts, rows = series()
  rows[91][1] = rows[91][1] + 3000
  rows[111][1] = rows[111][1] + 3000
  local every = ctx:traffic({ "views", "likes" })
  local c = every:interval_count()
  eq(c.kept, 0); eq(c.total, 0)
  every:feed(ts, rows); every:finish()
  local all = every:interval_count()
  eq(all.kept, all.total); eq(all.kept, #every:intervals())
  truthy(all.total >= 3, "three bursts, three intervals")
  local one = ctx:traffic({ "views", "likes" }, { max_intervals = 1 })
  one:feed(ts, rows); one:finish()
  c = one:interval_count()
  eq(c.kept, 1); eq(c.total, all.total)
  eq(#one:intervals(), 1)
  eq(one:intervals()[1].start, every:intervals()[1].start)
  one:reset()
  eq(one:interval_count().total, 0)
  one:close()
  fails_with({ "closed" }, one.interval_count, one)
  ctx:close()
end)

test("every batch call takes cdata arrays with their length", function()
  local ctx = kol.context()
  local function darr(t) return carr("double", #t, t) end
  -- tiers
  local tiers = ctx:tiers("cn")
  eq(table.concat(tiers:classify_followers(darr({ 500, 5e6, 0 / 0 }), "douyin", 3), ","),
     table.concat(tiers:classify_followers({ 500, 5e6, 0 / 0 }, "douyin"), ","))
  fails_with({ "followers is a cdata array: pass its length" },
             tiers.classify_followers, tiers, darr({ 1 }), "douyin")
  tiers:set_ladder("douyin", darr({ 10, 20, 30, 40 }), 4)
  eq(table.concat(tiers:ladder("douyin"), ","), "10,20,30,40")
  local sc = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 }
  eq(table.concat(ctx:tier_by_quantiles(darr(sc), darr({ 0.5, 0.8 }), 10, 2), ""), "0000011122")
  eq(table.concat(ctx:tier_by_quantiles(sc, darr({ 0.5, 0.8 }), nil, 2), ""), "0000011122")
  fails_with({ "probs is a cdata array" }, ctx.tier_by_quantiles, ctx, sc, darr({ 0.5 }))
  -- value bands
  local m = ctx:value_model()
  m:set_bands(darr({ 1e3, 1e4, 1e5 }), 3)
  -- traffic: push, blocks and pull, against the same series from tables
  local ts, rows = series()
  local n = #ts
  local cts, crows = carr("int64_t", n), carr("double", 2 * n)
  for i = 1, n do cts[i - 1] = ts[i]; crows[2 * i - 2] = rows[i][1]; crows[2 * i - 1] = rows[i][2] end
  local want = {}
  local t0 = ctx:traffic({ "views", "likes" })
  t0:feed(ts, rows, function(r) want[#want + 1] = r end)
  t0:finish(function(r) want[#want + 1] = r end)
  local got = {}
  local t1 = ctx:traffic({ "views", "likes" })
  t1:feed(cts, crows, function(r) got[#got + 1] = r end, n)
  t1:finish(function(r) got[#got + 1] = r end)
  same_slots(got, want)
  local t2 = ctx:traffic({ "views", "likes" })
  same_slots(all_results({ t2:feed_blocks(cts, crows, nil, n), t2:finish_blocks() }), want)
  local t3 = ctx:traffic({ "views", "likes" })
  same_slots(all_results({ t3:feed_blocks(ts, crows), t3:finish_blocks() }), want)
  local t4 = ctx:traffic({ "views", "likes" })
  same_slots(kol.block_results(t4:run_blocks({ { cts, crows, n } })), want)
  fails_with({ "timestamps is a cdata array: pass its length" }, t4.feed, t4, cts, crows)
  -- sanity and audience
  local s = ctx:sanity()
  local f = {}
  for i = 1, 30 do f[i] = 1000 + 10 * i end
  f[21] = f[21] + 5000
  local v1, _, c1 = s:follower_spikes(f)
  local v2, _, c2 = s:follower_spikes(darr(f), 30)
  eq(c2, c1); eq(table.concat(v2, ","), table.concat(v1, ","))
  local a = ctx:audience()
  local cols = { "followers", "following", "posts", "has_avatar" }
  local p1, vd1 = a:score(cols, { { 10, 2000, 0, 0 }, { 500, 300, 80, 1 } })
  local p2, vd2 = a:score(cols, darr({ 10, 2000, 0, 0, 500, 300, 80, 1 }), 2)
  eq(#p2, 2); eq(p2[1], p1[1]); eq(p2[2], p1[2]); eq(vd2[1], vd1[1])
  fails_with({ "pass the row count" }, a.score, a, cols, darr({ 1, 2, 3, 4 }))
  local r1 = a:real_ratio(p1, vd1)
  local r2 = a:real_ratio(darr(p1), ffi.new("int32_t[2]", vd1), 2)
  eq(r2.ratio, r1.ratio); eq(r2.used, r1.used)
  -- ROI and planner
  local roi = ctx:roi()
  roi:add{ kol_id = "a", cost = 100, revenue = 300, views = 1000 }
  local i1 = roi:incrementality({ 100, 110, 90, 100 }, { 200, 210 }, 50)
  local i2 = roi:incrementality(darr({ 100, 110, 90, 100 }), darr({ 200, 210 }), 50, 4, 2)
  eq(i2.incremental, i1.incremental); eq(i2.roi, i1.roi)
  local p = ctx:planner()
  p:set_param("budget", 100)
  p:set_candidates({ cost = darr({ 60, 50, 50, 10 }), value = darr({ 10, 8, 8, 1 }),
                     tier = ffi.new("int32_t[4]", { 0, 1, 1, 1 }) }, 4)
  local sm = p:run():summary()
  eq(sm.spend, 100); eq(sm.objective, 16)
  fails_with({ "cost is a cdata array" }, p.set_candidates, p, { cost = darr({ 1, 2 }) })
  fails_with({ "value has 3 values for 4 candidates" }, p.set_candidates, p,
             { cost = { 60, 50, 50, 10 }, value = { 1, 2, 3 } })
  ctx:close()
end)

-- ------------------------------------------------ call safety
--- Run Lua code in a child luajit with this tree's kol.lua (a use-after-free
--- then fails one test instead of killing the run); returns its exit
--- status and output.
local function run_child(code)
  local path = os.tmpname()
  local f = assert(io.open(path, "w"))
  f:write("package.path = ", string.format("%q", dir .. "/?.lua;"), " .. package.path\n",
          "local kol = require('kol')\n", code)
  f:close()
  local p = io.popen(string.format("%q %q 2>&1; echo \"rc=$?\"", arg[-1] or "luajit", path))
  local out = p:read("*a")
  p:close()
  os.remove(path)
  return tonumber(out:match("rc=(%d+)%s*$")), out
end

test("objects of another context cannot be closed from a callback", function()
  local rc, out = run_child([[
    local a, b = kol.context(), kol.context()
    local roster = b:roster()
    local src = {}
    for i = 1, 50 do src[i] = { id = "k" .. i, followers = 1000 + i, avg_likes = 10 + i } end
    roster:fill(src)
    local model = a:value_model("balanced")
    local seen = {}
    model:add_metric("m", function()
      if #seen == 0 then
        seen[1] = select(2, pcall(roster.close, roster)) or "roster closed"
        seen[2] = select(2, pcall(b.close, b)) or "context b closed"
        local scratch = b:roster() -- made inside the callback: its own to close
        scratch:close()
        seen[3] = scratch.ptr == nil
      end
      return 1.0
    end)
    local res = model:score_roster(roster)
    assert(roster.ptr ~= nil and b.ptr ~= nil, "nothing closed")
    assert(tostring(seen[1]):find("close() of a kol_roster inside a callback of kol_value_score_roster", 1, true), tostring(seen[1]))
    assert(tostring(seen[2]):find("Context:close()", 1, true), tostring(seen[2]))
    assert(seen[3] == true)
    assert(res:size() == 50)
    -- sketches of another context during a report's coverage
    local roi = a:roi()
    local items = {}
    for i = 1, 4 do items[i] = { kol_id = "k" .. i, cost = 10, campaign = "c" .. i } end
    roi:fill(items)
    local rep = roi:report("campaign")
    local sk = {}
    for i = 1, 4 do
      sk["k" .. i] = b:sketch()
      local ids = {}
      for j = 1, 500 do ids[j] = i * 100 + j end
      sk["k" .. i]:add_ids(ids)
    end
    local want = rep:coverage(sk)
    local refused = 0
    a:set_progress(function()
      for _, s in pairs(sk) do if not pcall(s.close, s) then refused = refused + 1 end end
    end)
    local got = rep:coverage(sk)
    assert(refused > 0)
    for _, s in pairs(sk) do assert(s.ptr ~= nil) end
    for i = 1, #want do assert(got[i] == want[i]) end
    -- dropped and collected from inside the call: kept until it returns
    a:set_progress(function() for k in pairs(sk) do sk[k] = nil end; collectgarbage(); collectgarbage() end)
    got = rep:coverage(sk)
    assert(next(sk) == nil)
    for i = 1, #want do assert(got[i] == want[i]) end
    print("ok")
  ]])
  eq(rc, 0, "child exit status (output: " .. out .. ")")
  truthy(out:find("ok", 1, true), "child output: " .. out)
end)

test("integer arguments are checked, never wrapped or truncated", function()
  local ctx = kol.context()
  local p = ctx:planner()
  p:set_param("budget", 100)
  p:set_candidates({ cost = { 10, 20 }, value = { 5, 7 }, tier = { 0, 0 } })
  p:set_tier_limit(0, 0, 2 ^ 32 - 1)
  eq(#p:run():summary().picks, 2)
  fails_with({ "kol: kol_planner_set_tier_limit: max: 4294967296 does not fit an unsigned 32-bit" },
             p.set_tier_limit, p, 0, 0, 2 ^ 32)
  fails_with({ "min: -1 does not fit" }, p.set_tier_limit, p, 0, -1)
  fails_with({ "tier[1]: integer expected, got 0.5" }, p.set_candidates, p,
             { cost = { 10 }, tier = { 0.5 } })
  fails_with({ "tier[2]: 2147483648 does not fit a signed 32-bit" }, p.set_candidates, p,
             { cost = { 10, 20 }, tier = { 0, 2 ^ 31 } })
  fails_with({ "candidate: integer position expected, got 1.5" }, p.set_choice, p, 1.5, "require")
  local rec = ctx:record{ id = "a" }
  fails_with({ "kol_record_set_metric: metric: integer expected, got 5.9" }, rec.set_metric, rec, 5.9, 1)
  fails_with({ "metric: 4294967301 does not fit" }, rec.set_metric, rec, 2 ^ 32 + 5, 1234)
  eq(next(rec:metrics()), nil)
  fails_with({ "integer expected, got nan" }, rec.text, rec, 0 / 0)
  fails_with({ "kol_metric_name: metric: 2147483648 does not fit" }, kol.metric_name, 2 ^ 31)
  fails_with({ "kol_sketch_new: seed: -1 does not fit an unsigned 64-bit" }, ctx.sketch, ctx, 14, -1)
  fails_with({ "seed: -1LL does not fit" }, ctx.sketch, ctx, 14, -1LL)
  eq(ctx:sketch(14, 0xffffffffffffffffULL):seed(), 0xffffffffffffffffULL)
  local t = ctx:traffic({ "views" })
  fails_with({ "timestamps[1]: integer expected, got 60.5" }, t.feed_blocks, t, { 60.5 }, { { 1 } })
  fails_with({ "timestamps[2]: 9223372036854775808 does not fit a signed 64-bit" },
             t.feed_blocks, t, { 0, 2 ^ 63 }, { { 1 }, { 1 } })
  fails_with({ "a chunk's timestamps[1]: 18446744073709551616 does not fit" },
             t.run_blocks, t, { { { 2 ^ 64 + 60 }, { { 1 } } } })
  t = ctx:traffic({ "views" })
  fails_with({ "a chunk's timestamps[1]: integer expected, got 60.5" }, t.run, t,
             { { { 60.5 }, { { 1 } } } })
  t = ctx:traffic({ "views" })
  eq(t:feed_blocks({ 60LL, 120 }, { { 1 }, { 2 } }).n >= 0, true) -- 64-bit cdata integers pass
  local r = ctx:roster()
  fails_with({ "fill source result: integer expected, got 1.5" }, r.fill, r, function() return 1.5 end)
  ctx:close()
end)

test("text with an embedded NUL byte is refused", function()
  local ctx = kol.context()
  fails_with({ "kol: kol_record_set_text: value: embedded NUL byte", "(C text ends at the first NUL)" },
             ctx.record, ctx, { id = "kol\0-evil" })
  local ro = ctx:roster()
  fails_with({ "embedded NUL byte" }, ro.fill, ro, { { id = "a\0x", followers = 1 }, { id = "a\0y", followers = 2 } })
  eq(ro:size(), 0)
  ro:fill({ { id = "a", followers = 1 } })
  fails_with({ "kol_roster_find: id: embedded NUL" }, ro.find, ro, "a\0")
  fails_with({ "kol_roster_remove: id: embedded NUL" }, ro.remove, ro, "a\0")
  local rec = ctx:record{ id = "b" }
  fails_with({ "Record:set_portrait() label: embedded NUL" }, rec.set_portrait, rec, "gender", { ["fe\0male"] = 1 })
  fails_with({ "kol_record_portrait_share: label: embedded NUL" }, rec.portrait_share, rec, "gender", "fe\0male")
  fails_with({ "kol_metric_from_name: name: embedded NUL" }, rec.set_metric, rec, "followers\0", 1)
  local ch = ctx:cost_history()
  fails_with({ "kol_cost_history_add: platform: embedded NUL" }, ch.add, ch, "dy\0", "head", nil, 1)
  fails_with({ "kol_value_model_add_metric: name: embedded NUL" }, function()
    ctx:value_model():add_metric("m\0", function() return 1 end)
  end)
  local roi = ctx:roi()
  roi:add{ kol_id = "k", cost = 1 }
  local rep = roi:report("kol")
  fails_with({ "RoiReport:coverage() kol id: embedded NUL" }, rep.coverage, rep, { ["k\0"] = ctx:sketch() })
  fails_with({ "kol_tiers_ladder: platform: embedded NUL" }, function() ctx:tiers():ladder("douyin\0") end)
  fails_with({ "kol_record_set_text: value: string expected, got number" }, rec.set_text, rec, "id", 5)
  eq(rec:id(), "b")
  ctx:close()
end)

test("unknown names give a kol error; get_metric takes names", function()
  local ctx = kol.context()
  local r = ctx:roster()
  r:fill({ { id = "a", followers = 10 } })
  local model = ctx:value_model()
  local res = model:score_roster(r)
  fails_with({ "kol: unknown value output 'totl'" }, res.get, res, 1, "totl")
  eq(res:get(1, "total"), res:get(1))
  fails_with({ "kol: unknown value sub-metric 'nope'" }, res.contribution, res, 1, "nope")
  fails_with({ "kol: unknown value sub-metric 'nope'" }, model.set_metric, model, "nope", 1)
  fails_with({ "kol: unknown value sub-metric 'nope'" }, model.get_metric, model, "nope")
  local name = model:metric_name(2)
  model:set_metric(name, 0.25)
  local w, norm, comp = model:get_metric(name)
  eq(w, 0.25)
  local w2, norm2, comp2 = model:get_metric(2)
  eq(w2, w); eq(norm2, norm); eq(comp2, comp)
  fails_with({ "kol: unknown fill source result 'recrd'" }, r.fill, r, function() return "recrd" end)
  local roi = ctx:roi()
  roi:add{ kol_id = "k", cost = 10, views = 100 }
  local rep = roi:report("kol")
  fails_with({ "kol: unknown basis 'nett'" }, rep.get, rep, 1, "cpm", "nett")
  eq(rep:get(1, "cpm", "reported"), rep:get(1, "cpm"))
  ctx:close()
end)

test("a truthy callback return stops, fractions included", function()
  local ctx = kol.context()
  local ts, rows = {}, {}
  for i = 1, 1000 do ts[i] = i * 60; rows[i] = { 1, 1 } end
  for _, c in ipairs({ { true, 1 }, { 1, 1 }, { 0.5, 1 }, { -0.5, 1 }, { 2 ^ 32, 2 ^ 31 - 1 },
                       { -7, -7 }, { "yes", 1 }, { 0 / 0, 1 }, { 1 / 0, 1 }, { 3LL, 3 } }) do
    local t = ctx:traffic()
    local err = raises("callback", t.feed_blocks, t, ts, rows, function() return c[1] end)
    eq(err.callback_code, c[2], "code for " .. tostring(c[1]))
  end
  for _, ret in ipairs({ 0, -0.0, false }) do
    local t = ctx:traffic()
    t:feed_blocks(ts, rows, function() return ret end)
    eq(t:counts().slots > 0, true)
  end
  ctx:close()
end)

test("run and run_blocks read chunks in place (linear)", function()
  local ctx = kol.context()
  local n = 20000
  local ts, rows = {}, {}
  for i = 1, n do ts[i] = i * 60; rows[i] = { 1, 1 } end
  local ref = ctx:traffic()
  ref:feed_blocks(ts, rows); ref:finish_blocks()
  local t = ctx:traffic()
  collectgarbage(); collectgarbage()
  collectgarbage("stop")
  local before = collectgarbage("count")
  t:run({ { ts, rows } })
  local kb = collectgarbage("count") - before
  collectgarbage("restart")
  -- no Lua table per row, no copy of the rows left to read: the old reader
  -- made about 8 MB of them here
  truthy(kb < 512, "allocated " .. kb .. " KB reading " .. n .. " rows")
  eq(t:counts().slots, ref:counts().slots)
  eq(t:totals(1).restored, ref:totals(1).restored)
  -- cdata chunks (and chunks of several sizes, empty ones included)
  local tsc, vc = carr("int64_t", n), carr("double", 2 * n)
  for i = 0, n - 1 do tsc[i] = (i + 1) * 60; vc[2 * i] = 1; vc[2 * i + 1] = 1 end
  local t2 = ctx:traffic()
  local k, c = 0, 0
  local sizes = { 0, 1, 255, 256, 257, 5000 }
  t2:run_blocks(function()
    if k >= n then return nil end
    c = c + 1
    local m = math.min(sizes[(c - 1) % #sizes + 1], n - k)
    k = k + m
    return { tsc + (k - m), vc + 2 * (k - m), m }
  end)
  eq(t2:counts().slots, ref:counts().slots)
  eq(t2:totals(2).restored, ref:totals(2).restored)
  ctx:close()
end)

test("a call on a closed object or context leaks no callback", function()
  -- LuaJIT has about a thousand callback slots for the whole process and
  -- never collects one: a callback made before the closed handle is seen,
  -- and not freed, is lost for good (run in a child: a leak there leaves
  -- this run's slots alone)
  local rc, out = run_child([[
    local ctx = kol.context()
    local function closed(o) o:close(); return o end
    local r, t = closed(ctx:roster()), closed(ctx:traffic({ "views" }))
    local roi, m = closed(ctx:roi()), closed(ctx:value_model())
    local open_model = ctx:value_model()
    local dead = kol.context(); dead:close()
    local calls = {
      { "Roster:remove_if", function() r:remove_if(function() return false end) end },
      { "Roster:fill", function() r:fill({ { id = "a" } }) end },
      { "Roster:fill, on_reject", function() r:fill({ { id = "a" } }, function() end) end },
      { "Traffic:feed", function() t:feed({ 60 }, { { 1 } }, function() end) end },
      { "Traffic:finish", function() t:finish(function() end) end },
      { "Traffic:run", function() t:run({ { { 60 }, { { 1 } } } }, function() end) end },
      { "Traffic:feed_blocks", function() t:feed_blocks({ 60 }, { { 1 } }, function() end) end },
      { "Traffic:finish_blocks", function() t:finish_blocks(function() end) end },
      { "Traffic:run_blocks", function() t:run_blocks({ { { 60 }, { { 1 } } } }) end },
      { "Roi:fill", function() roi:fill({ { kol_id = "k", cost = 1 } }, function() end) end },
      { "ValueModel:add_metric", function() m:add_metric("m", function() return 1 end) end },
      { "ValueModel:add_metric, unknown component", function()
          open_model:add_metric("m", function() return 1 end, "nosuch") end },
      { "Context:set_progress", function() dead:set_progress(function() end) end },
    }
    for _, c in ipairs(calls) do
      for i = 1, 1200 do assert(not pcall(c[2]), c[1] .. " succeeded") end
      -- a callback can still be made, anywhere
      local live = ctx:roster()
      live:fill({ { id = "a" }, { id = "b" } })
      local ok, e = pcall(live.remove_if, live, function(rec) return rec:id() == "a" end)
      assert(ok, "after 1200 calls of " .. c[1] .. " on a closed object: " .. tostring(e))
      assert(live:size() == 1)
    end
    -- a call whose second callback cannot be made frees its first: take
    -- every slot but one, then make calls needing two
    local ffi = require("ffi")
    local held = {}
    while true do
      local ok, cb = pcall(ffi.cast, "kol_progress_fn", function() return 0 end)
      if not ok then break end
      held[#held + 1] = cb
    end
    held[#held]:free(); held[#held] = nil
    local r2, t2 = ctx:roster(), ctx:traffic({ "views" })
    for _, c in ipairs({
      { "Roster:fill", function() r2:fill({ { id = "a" } }, function() end) end },
      { "Traffic:run", function() t2:run({ { { 60 }, { { 1 } } } }, function() end) end },
      { "Traffic:run_blocks", function() t2:run_blocks({ { { 60 }, { { 1 } } } }, function() end) end },
    }) do
      local ok, e = pcall(c[2])
      assert(not ok and tostring(e):find("kol: cannot make a ", 1, true), c[1] .. ": " .. tostring(e))
      local cb = ffi.cast("kol_progress_fn", function() return 0 end) -- the slot is free again
      cb:free()
    end
    for _, cb in ipairs(held) do cb:free() end
    assert(r2:size() == 0)
    print("no leak")
  ]])
  eq(rc, 0, "child exit status (output: " .. out .. ")")
  truthy(out:find("no leak", 1, true), "child output: " .. out)
end)

test("score_columns refuses a column key that is not an integer >= 0", function()
  -- a key of -1 wrote before the array of column pointers (run in a
  -- child: a crash there fails this test only)
  local rc, out = run_child([[
    local ctx = kol.context()
    local m = ctx:value_model()
    local function refused(key, want)
      for _, call in ipairs({ "score_columns", "set_reference_columns" }) do
        local cols = { followers = { 1000, 2000, 3000 } }
        cols[key] = { 1, 2, 3 }
        local ok, e = pcall(m[call], m, cols)
        assert(not ok, call .. ": key " .. tostring(key) .. " taken")
        assert(type(e) == "string" and e:find(want, 1, true),
               call .. ": key " .. tostring(key) .. ": " .. tostring(e))
      end
    end
    refused(-1, "kol: columns[-1]: column code -1 is negative")
    refused(-100000, "kol: columns[-100000]: column code -100000 is negative")
    refused(1.5, "kol: columns[1.5]: integer expected, got 1.5")
    refused(-0.5, "kol: columns[-0.5]: integer expected, got -0.5")
    refused(1 / 0, "kol: columns[inf]: integer expected, got inf")
    refused(2 ^ 31, "kol: columns[2147483648]: 2147483648 does not fit")
    assert(not m:has_reference(), "a refused reference was stored")
    collectgarbage(); collectgarbage()
    -- an integer key is the column of that code
    local f = { 1500, 18000, 90000 }
    local a = m:score_columns({ followers = f, avg_likes = { 10, 100, 1000 } })
    local b = m:score_columns({ [kol.C.KOL_METRIC_FOLLOWERS] = f,
                                [kol.C.KOL_METRIC_AVG_LIKES] = { 10, 100, 1000 } })
    for i = 1, 3 do assert(a[i].total == b[i].total, "row " .. i) end
    print("refused")
  ]])
  eq(rc, 0, "child exit status (output: " .. out .. ")")
  truthy(out:find("refused", 1, true), "child output: " .. out)
end)

test("score_columns refuses a column code that is no column of the model", function()
  -- C ignores such a column, and the array of column pointers is as long
  -- as the largest code: 2^31 - 1 asked for 16 GB
  local ctx = kol.context()
  local m = ctx:value_model()
  local f = { 1000, 2000, 3000 }
  local nm = kol.metric_count()
  local base = tonumber(kol.C.KOL_VALUE_COLUMN_CUSTOM_BASE)
  for _, code in ipairs({ 10 ^ 6, 2 ^ 31 - 1, nm, 63, base, base + 40 }) do
    for _, call in ipairs({ "score_columns", "set_reference_columns" }) do
      kol_error({ string.format("kol: columns[%d]: column code %d is no column of this model (",
                                code, code) },
                m[call], m, { [code] = f })
    end
  end
  kol_error({ "from " .. base .. " its custom metrics, none added" },
            m.score_columns, m, { [base] = f })
  assert(not m:has_reference(), "a refused reference was stored")
  -- valid codes: metrics, the portrait match, the custom metrics of the model
  local want = m:score_columns({ followers = f })
  local got = m:score_columns({ [0] = f })
  for i = 1, 3 do eq(got[i].total, want[i].total, "row " .. i) end
  m:score_columns({ [tonumber(kol.C.KOL_VALUE_COLUMN_PORTRAIT_MATCH)] = { 0.5, 0.5, 0.5 } })
  m:add_metric("m", function(rec) return 1.0 end)
  m:score_columns({ [0] = f, [base] = { 1, 2, 3 } })
  kol_error({ "column code " .. (base + 1) .. " is no column",
              base .. " to " .. base .. " its custom metrics" },
            m.score_columns, m, { [0] = f, [base + 1] = { 1, 2, 3 } })
end)

test("every callback's return follows one rule (Roi:fill's on_reject too)", function()
  local ctx = kol.context()
  -- the first delivery and the first duplicate are refused
  local deliveries = { { kol_id = "a", cost = 100, views = -1 }, { kol_id = "b", cost = 50, views = 10 } }
  local records = { { id = "a" }, { id = "a" }, { id = "b" } }
  -- nil, false and 0 go on
  for _, ret in ipairs({ false, 0, -0.0, 0LL, ffi.new("double", 0), "nil" }) do
    if ret == "nil" then ret = nil end
    local roi = ctx:roi()
    eq(roi:fill(deliveries, function() return ret end), 1, "Roi:fill on_reject " .. tostring(ret))
    eq(roi:size(), 1)
    local r = ctx:roster()
    eq(r:fill(records, function() return ret end), 2, "Roster:fill on_reject " .. tostring(ret))
  end
  -- an integer stops with itself (2.0 is the integer 2); anything else truthy with 1
  for _, c in ipairs({ { 7, 7 }, { 2.0, 2 }, { -7, -7 }, { 3LL, 3 }, { ffi.new("double", 2), 2 },
                       { ffi.new("int8_t", -3), -3 }, { 2 ^ 32, 2 ^ 31 - 1 }, { true, 1 },
                       { 0.5, 1 }, { "yes", 1 }, { 0 / 0, 1 } }) do
    local roi = ctx:roi()
    local err = raises("callback", roi.fill, roi, deliveries, function() return c[1] end)
    eq(err.callback_code, c[2], "Roi:fill on_reject code for " .. tostring(c[1]))
    eq(roi:size(), 0, "a stopped fill adds nothing")
    local r = ctx:roster()
    err = raises("callback", r.fill, r, records, function() return c[1] end)
    eq(err.callback_code, c[2], "Roster:fill on_reject code for " .. tostring(c[1]))
    eq(r:size(), 0)
  end
  local r = ctx:roster()
  r:fill({ { id = "x", followers = 1000 }, { id = "y", followers = 2000 } })
  ctx:set_progress(function() return 2.0 end)
  local err = raises("cancelled", ctx:value_model().score_roster, ctx:value_model(), r)
  eq(err.callback_code, 2, "progress returning 2.0")
  ctx:set_progress(nil)
  ctx:close()
end)

test("64-bit timestamps come back exactly", function()
  local ctx = kol.context()
  local step = 60000000000LL -- nanoseconds
  local t0 = 1700000000123456789LL
  local ts, rows = {}, {}
  for i = 0, 119 do
    ts[i + 1] = t0 + i * step
    rows[i + 1] = { 100 + ((i * 37) % 21) - 10 + (i == 60 and 3000 or 0), 10 + ((i * 13) % 7) - 3 }
  end
  local function exact(v, want, what)
    truthy(type(v) == "cdata" and ffi.istype("int64_t", v), what .. ": int64_t cdata, got " .. type(v))
    truthy(v == want, what .. ": expected " .. tostring(want) .. ", got " .. tostring(v))
  end
  -- per slot
  local t = ctx:traffic({ "views", "likes" }, { step = 60e9 })
  local out = {}
  t:feed(ts, rows, function(s) out[#out + 1] = s end)
  t:finish(function(s) out[#out + 1] = s end)
  eq(#out, 120)
  for i = 1, 120 do exact(out[i].timestamp, ts[i], "slot " .. i) end
  eq(out[61].reasons ~= 0, true, "burst flagged")
  local iv = t:intervals()
  eq(#iv, 1)
  exact(iv[1].start, ts[61], "interval start"); exact(iv[1]["end"], ts[61], "interval end")
  -- blocks: feed, finish, run
  t = ctx:traffic({ "views", "likes" }, { step = 60e9 })
  local b1, b2 = t:feed_blocks(ts, rows), t:finish_blocks()
  local got = {}
  for _, b in ipairs({ b1, b2 }) do for i = 1, b.n do got[#got + 1] = b.timestamps[i] end end
  eq(#got, 120)
  for i = 1, 120 do exact(got[i], ts[i], "block slot " .. i) end
  t = ctx:traffic({ "views", "likes" }, { step = 60e9 })
  got = t:run_blocks({ { ts, rows } })
  eq(got.n, 120)
  for i = 1, 120 do exact(got.timestamps[i], ts[i], "run_blocks slot " .. i) end
  -- what a double holds exactly stays a number
  t = ctx:traffic({ "views" })
  t:feed_blocks({ 2 ^ 53 - 121, 2 ^ 53 - 61, 2 ^ 53 - 1 }, { { 1 }, { 1 }, { 1 } })
  local small = t:finish_blocks()
  eq(type(small.timestamps[small.n]), "number")
  eq(small.timestamps[small.n], 2 ^ 53 - 1)
  ctx:close()
end)

test("cdata scalars are checked as integers like numbers", function()
  local ctx = kol.context()
  fails_with({ "kol: kol_sketch_new: precision: integer expected, got 14.5" },
             ctx.sketch, ctx, ffi.new("double", 14.5))
  eq(ctx:sketch(ffi.new("double", 12)):precision(), 12)
  fails_with({ "kol_sketch_new: seed: -1 does not fit an unsigned 64-bit" },
             ctx.sketch, ctx, 14, ffi.new("int8_t", -1))
  fails_with({ "kol_sketch_new: precision: integer expected, got ctype<int *>" },
             ctx.sketch, ctx, ffi.new("int *"))
  local p = ctx:planner()
  p:set_candidates({ cost = { 1, 2 }, tier = { 0, 0 } })
  fails_with({ "kol_planner_set_tier_limit: min: -1 does not fit an unsigned 32-bit" },
             p.set_tier_limit, p, 0, ffi.new("int32_t", -1), 5)
  fails_with({ "max: 4294967296 does not fit" }, p.set_tier_limit, p, 0, 0, ffi.new("double", 2 ^ 32))
  p:set_tier_limit(0, ffi.new("uint8_t", 1), ffi.new("int16_t", 2))
  fails_with({ "tier[2]: integer expected, got 0.5" }, p.set_candidates, p,
             { cost = { 1, 2 }, tier = { 0, ffi.new("float", 0.5) } })
  local s = ctx:sketch()
  fails_with({ "ids[1]: integer expected, got 1.5" }, s.add_ids, s, { ffi.new("double", 1.5) })
  fails_with({ "ids[2]: -1 does not fit" }, s.add_ids, s, { 1, ffi.new("int32_t", -1) })
  eq(s:estimate(), 0, "nothing added")
  local r = ctx:roster()
  r:fill({ { id = "a" } })
  fails_with({ "Roster:at() position: integer position expected, got 1.5" },
             r.at, r, ffi.new("double", 1.5))
  eq(r:at(ffi.new("int32_t", 1)):id(), "a")
  ctx:close()
end)

test("unknown metric, channel and feature names raise as other unknown names", function()
  local ctx = kol.context()
  local function unknown(want, fn, ...)
    local err = fails_with({ want }, fn, ...)
    eq(type(err), "string", "error type for " .. want)
  end
  unknown("kol: unknown metric 'folowers'", ctx.record, ctx, { id = "a", folowers = 1 })
  local rec = ctx:record{ id = "b" }
  unknown("kol: unknown metric 'folowers'", rec.set_metric, rec, "folowers", 1)
  unknown("kol: unknown metric 'folowers'", rec.get_metric, rec, "folowers")
  unknown("kol: unknown metric 'nosuch'", kol.metric_bounds, "nosuch")
  local r = ctx:roster()
  unknown("kol: unknown metric 'folowers'", r.fill, r, { { id = "a", folowers = 1 } })
  eq(r:size(), 0)
  unknown("kol: unknown channel 'nosuch'", kol.channel_code, "nosuch")
  unknown("kol: unknown channel 'nosuch'", ctx.traffic, ctx, { "nosuch" })
  unknown("kol: unknown feature 'nosuch'", kol.feature_code, "nosuch")
  eq(kol.channel_code("views"), kol.C.KOL_CHANNEL_VIEWS)
  ctx:close()
end)

-- ------------------------------------------------ argument types, every class
test("set_param of every class takes a number, named when it is not", function()
  local ctx = kol.context()
  local objs = { Tiers = ctx:tiers("cn"), Sanity = ctx:sanity(), Audience = ctx:audience(),
                 Roi = ctx:roi(), Traffic = ctx:traffic({ "views" }), ValueModel = ctx:value_model(),
                 Planner = ctx:planner() }
  for cls, o in pairs(objs) do
    -- the first parameter by name (the planner's objective also takes a name)
    local names = {}
    for k in pairs(o.PARAMS) do if k ~= "objective" then names[#names + 1] = k end end
    table.sort(names)
    local name = names[1]
    local code = o.PARAMS[name]
    local before = o:get_param(name)
    local head = "kol: " .. cls .. ":set_param(): " .. name .. ": number expected, got "
    kol_error({ head .. 'string "0.9"' }, o.set_param, o, name, "0.9")
    kol_error({ head .. 'string "0.9"' }, o.set_param, o, code, "0.9")
    kol_error({ head .. "boolean" }, o.set_param, o, name, true)
    kol_error({ head .. "nil" }, o.set_param, o, name, nil)
    kol_error({ head .. "table" }, o.set_param, o, name, {})
    kol_error({ head .. "kol.Sketch" }, o.set_param, o, name, ctx:sketch(10))
    eq(o:get_param(name), before, cls .. " " .. name .. " unchanged")
    o:set_param(name, ffi.new("double", before)) -- a cdata number is a number
    eq(o:get_param(name), before)
  end
  ctx:close()
end)

test("number arguments are checked as numbers, named, in every class", function()
  local ctx = kol.context()
  local h = ctx:cost_history()
  kol_error({ "kol: kol_cost_history_add: cost: number expected, got string" },
            h.add, h, "douyin", "waist", "beauty", "1000")
  kol_error({ "kol: kol_cost_history_add: exposure: number expected, got boolean" },
            h.add, h, "douyin", "waist", "beauty", 1000, true)
  kol_error({ "kol: kol_cost_history_add: orders: number expected, got table" },
            h.add, h, "douyin", "waist", "beauty", 1000, 1, 1, {})
  eq(h:cells(), 0)
  h:add("douyin", "waist", "beauty", 1000, 100000)
  kol_error({ "kol: kol_cost_history_quantile: q: number expected, got string" },
            h.quantile, h, "douyin", "waist", "beauty", "cpm", "0.5")
  kol_error({ "kol: kol_cost_history_percentile: value: number expected, got string" },
            h.percentile, h, "douyin", "waist", "beauty", "cpm", "5")
  kol_error({ "kol: kol_cost_history_quote: q_low: number expected, got string" },
            h.quote, h, "douyin", "waist", "beauty", 1000, 0, "0.25")
  kol_error({ "kol: kol_cost_history_new: alpha: number expected, got string" },
            ctx.cost_history, ctx, "0.01")
  kol_error({ "kol: kol_size_band_of: followers: number expected, got string" },
            kol.size_band_of, "1000")
  local s = ctx:sanity()
  kol_error({ "kol: kol_sanity_set_benchmark: median_rate: number expected, got string" },
            s.set_benchmark, s, "micro", "0.05")
  local m = ctx:value_model()
  kol_error({ "kol: kol_value_model_set_metric: weight: number expected, got string" },
            m.set_metric, m, "reach", "2")
  kol_error({ "kol: kol_value_model_add_metric: weight: number expected, got boolean" },
            m.add_metric, m, "custom", function() return 1 end, "fan", true)
  eq(m:metric_count(), 18)
  local roi = ctx:roi()
  kol_error({ "kol: kol_roi_incrementality: cost: number expected, got string" },
            roi.incrementality, roi, { 1, 2 }, { 3 }, "50")
  local rec = ctx:record{ id = "a" }
  kol_error({ "kol: Record:set_metric(): followers: number expected, got string" },
            rec.set_metric, rec, "followers", "12")
  kol_error({ "kol: metrics: followers: number expected, got boolean" },
            rec.set_metrics, rec, { followers = true })
  kol_error({ "kol: shares: female: number expected, got string" },
            rec.set_portrait, rec, "gender", { female = "0.6" })
  kol_error({ "kol: shares: female: number expected, got string" },
            m.set_target, m, "gender", { female = "0.6" })
  truthy(not rec:has_metric("followers"), "nothing set")
  local d = ctx:delivery()
  kol_error({ "kol: delivery: cost: number expected, got string" }, d.update, d, { cost = "10" })
  kol_error({ "kol: delivery: cost: number expected, got string" }, roi.add, roi,
            { kol_id = "a", cost = "10" })
  eq(roi:size(), 0)
  ctx:close()
end)

test("object arguments of every class are checked, named", function()
  local ctx = kol.context()
  local rec = ctx:record{ id = "a", followers = 1000 }
  local roster, sk = ctx:roster(), ctx:sketch(10)
  local tiers, m, s, h, roi = ctx:tiers("cn"), ctx:value_model(), ctx:sanity(), ctx:cost_history(),
                              ctx:roi()
  kol_error({ "kol: rec: kol.Record expected, got number" }, roster.add, roster, 5)
  kol_error({ "kol: rec: kol.Record expected, got kol.Sketch" }, roster.add, roster, sk)
  kol_error({ "kol: rec: kol.Record expected, got nil" }, roster.add, roster)
  eq(roster:size(), 0)
  for _, method in ipairs({ "classify", "koc", "stage" }) do
    kol_error({ "kol: rec: kol.Record expected, got kol.Roster" }, tiers[method], tiers, roster)
  end
  kol_error({ "kol: rec: kol.Record expected, got string" }, s.check, s, "a")
  kol_error({ "kol: rec: kol.Record expected, got table" }, m.score_record, m, {})
  kol_error({ "kol: rec: kol.Record expected, got kol.Sketch" }, m.portrait_match, m, sk)
  kol_error({ "kol: roster: kol.Roster expected, got kol.Record" }, m.score_roster, m, rec)
  kol_error({ "kol: roster: kol.Roster expected, got number" }, m.set_reference, m, 5)
  kol_error({ "kol: other: kol.CostHistory expected, got kol.Sketch" }, h.merge, h, sk)
  kol_error({ "kol: history: kol.CostHistory expected, got table" }, roi.feed_cost, roi, {})
  kol_error({ "kol: delivery: a table of delivery fields (or a kol.Delivery) expected, got number" },
            roi.add, roi, 5)
  kol_error({ "kol: delivery: a table of delivery fields (or a kol.Delivery) expected, got kol.Sketch" },
            roi.add, roi, sk)
  eq(roi:size(), 0)
  -- the right object is taken, a kol.Delivery by Roi:add too
  roster:add(rec)
  eq(tiers:classify(roster:at(1)), tiers:classify(rec))
  roi:add(ctx:delivery{ kol_id = "a", cost = 10 })
  eq(roi:size(), 1)
  m:set_reference(nil)
  ctx:close()
end)

test("tables of fields and callbacks of the wrong type raise kol: errors", function()
  local ctx = kol.context()
  local r = ctx:roster()
  kol_error({ "kol: source[1]: a table of record fields expected, got number (false skips one)" },
            r.fill, r, { 5 })
  kol_error({ "kol: source[2]: a table of record fields expected, got string" },
            r.fill, r, { { id = "a" }, "b" })
  eq(r:size(), 0)
  local roi = ctx:roi()
  kol_error({ "kol: items[1]: a table of delivery fields expected, got number (false skips one)" },
            roi.fill, roi, { 5 })
  eq(roi:size(), 0)
  kol_error({ "kol: spec: a table of record fields expected, got number" }, ctx.record, ctx, 5)
  kol_error({ "kol: spec: a table of delivery fields expected, got string" }, ctx.delivery, ctx, "x")
  local rec = ctx:record()
  kol_error({ "kol: spec: a table of record fields expected, got string" }, rec.update, rec, "x")
  kol_error({ "kol: metrics: a table of metric values expected, got number" }, rec.set_metrics, rec, 5)
  kol_error({ "kol: shares: a table of label weights expected, got string" },
            rec.set_portrait, rec, "gender", "x")
  local m = ctx:value_model()
  kol_error({ "kol: columns: a table of columns expected, got number" }, m.score_columns, m, 5)
  kol_error({ "kol: params: a table of parameter values expected, got number" },
            ctx.traffic, ctx, { "views" }, 5)
  -- callbacks: refused before any is made
  kol_error({ "kol: fn: a function expected, got number" }, ctx.set_progress, ctx, 5)
  kol_error({ "kol: fn: a function expected, got string" }, m.add_metric, m, "custom", "x")
  eq(m:metric_count(), 18)
  kol_error({ "kol: predicate: a function expected, got table" }, r.remove_if, r, {})
  kol_error({ "kol: on_reject: a function expected, got number" }, r.fill, r, { { id = "a" } }, 5)
  eq(r:size(), 0)
  kol_error({ "kol: on_reject: a function expected, got string" }, roi.fill, roi, {}, "x")
  local t = ctx:traffic({ "views" })
  kol_error({ "kol: on_result: a function expected, got number" }, t.feed, t, { 0 }, { { 1 } }, 5)
  kol_error({ "kol: on_block: a function expected, got string" }, t.feed_blocks, t, { 0 }, { { 1 } },
            "x")
  kol_error({ "kol: on_result: a function expected, got boolean" }, t.run, t, {}, true)
  kol_error({ "kol: the chunks: chunk 1: a table { timestamps, rows [, n] } expected, got number" },
            t.run, t, { 5 })
  kol_error({ "kol: the chunks: a chunk: a table { timestamps, rows [, n] } expected, got string" },
            t.run_blocks, t, function() return "x" end)
  eq(t:counts().slots, 0)
  -- a callable table is a function
  local calls = 0
  ctx:set_progress(setmetatable({}, { __call = function() calls = calls + 1 end }))
  ctx:set_progress(nil)
  -- a custom metric that returns no number is named
  m:add_metric("custom", function() return "1" end)
  local roster = ctx:roster()
  roster:fill({ { id = "a", followers = 10 } })
  kol_error({ 'kol: custom metric "custom": the value returned: number expected, got string' },
            m.score_roster, m, roster)
  kol_error({ "kol: bits: integer expected, got string" }, kol.reason_names, "1")
  kol_error({ "kol: block: a table of block fields expected, got nil" }, kol.block_results)
  local tiers = ctx:tiers("cn")
  kol_error({ "kol: followers length: integer expected, got string" },
            tiers.classify_followers, tiers, ffi.new("double[1]"), nil, "1")
  ctx:close()
end)

-- ------------------------------------------------ sweep: every method, every argument
--- The public calls of the binding with valid arguments and the kind of
--- each: { label, object (a key of the fixture, or "kol" for a module
--- function), method, { arguments }, { kinds } }. Kinds: num (a C double;
--- num? when optional), int, index (1-based position), text, name (an
--- enum name or code), array (numbers), ids (integers), rows, obj:<Class>
--- (obj?: nil taken), fields (a table of fields), func (func?: optional),
--- list:<kind> (a table of items), bytes. Every bad value of its kind in
--- one argument must raise the binding's own error: a "kol: ..." string
--- or a kol.Error, never a raw Lua or FFI error ("cannot convert",
--- "attempt to index", "bad argument").
local SWEEP = {
  { "Context:record", "ctx", "record", { { id = "a" } }, { "fields?" } },
  { "Context:roster", "ctx", "roster", { {} }, { "list:obj" } },
  { "Context:value_model", "ctx", "value_model", { "balanced" }, { "name" } },
  { "Context:tiers", "ctx", "tiers", { "cn" }, { "name" } },
  { "Context:tier_by_quantiles", "ctx", "tier_by_quantiles", { { 1, 2, 3 }, { 0.5 } },
    { "array", "array" } },
  { "Context:traffic", "ctx", "traffic", { { "views" }, { step = 60 } }, { "list:name", "fields?" } },
  { "Context:cost_history", "ctx", "cost_history", { 0.01 }, { "num?" } },
  { "Context:delivery", "ctx", "delivery", { { kol_id = "a" } }, { "fields?" } },
  { "Context:sketch", "ctx", "sketch", { 10, 7 }, { "int", "int" } },
  { "Context:sketch_from", "ctx", "sketch_from", { "x" }, { "bytes" } },
  { "Context:cost_history_from", "ctx", "cost_history_from", { "x" }, { "bytes" } },
  { "Context:set_progress", "ctx", "set_progress", { function() end }, { "func?" } },
  { "Record:update", "rec", "update", { { followers = 1 } }, { "fields" } },
  { "Record:set_text", "rec", "set_text", { "name", "x" }, { "name", "text" } },
  { "Record:text", "rec", "text", { "name" }, { "name" } },
  { "Record:set_metric", "rec", "set_metric", { "followers", 1 }, { "name", "num" } },
  { "Record:set_metrics", "rec", "set_metrics", { { followers = 1 } }, { "fields" } },
  { "Record:clear_metric", "rec", "clear_metric", { "followers" }, { "name" } },
  { "Record:has_metric", "rec", "has_metric", { "followers" }, { "name" } },
  { "Record:get_metric", "rec", "get_metric", { "followers" }, { "name" } },
  { "Record:get_metrics", "rec", "get_metrics", { { "followers" } }, { "list:name" } },
  { "Record:set_portrait", "rec", "set_portrait", { "gender", { female = 1 } }, { "name", "fields" } },
  { "Record:portrait", "rec", "portrait", { "gender" }, { "name" } },
  { "Record:portrait_share", "rec", "portrait_share", { "gender", "female" }, { "name", "text" } },
  { "Roster:add", "roster", "add", { "rec" }, { "obj:Record" } },
  { "Roster:at", "roster", "at", { 1 }, { "index" } },
  { "Roster:find", "roster", "find", { "a" }, { "text" } },
  { "Roster:remove", "roster", "remove", { "a" }, { "text" } },
  { "Roster:remove_if", "roster", "remove_if", { function() end }, { "func" } },
  { "Roster:fill", "roster", "fill", { {}, function() end }, { "list:fields", "func?" } },
  { "ValueModel:set_goal", "model", "set_goal", { "balanced" }, { "name" } },
  { "ValueModel:set_param", "model", "set_param", { "band_floor", 1 }, { "name", "num" } },
  { "ValueModel:get_param", "model", "get_param", { "band_floor" }, { "name" } },
  { "ValueModel:metric_name", "model", "metric_name", { 0 }, { "int" } },
  { "ValueModel:set_metric", "model", "set_metric", { "reach", 1, "cohort" },
    { "name", "num", "name" } },
  { "ValueModel:get_metric", "model", "get_metric", { "reach" }, { "name" } },
  { "ValueModel:add_metric", "model", "add_metric", { "c", function() end, "fan", 1, "cohort" },
    { "text", "func", "name", "num?", "name" } },
  { "ValueModel:set_bands", "model", "set_bands", { { 10, 100 } }, { "array" } },
  { "ValueModel:set_reference", "model", "set_reference", { "roster" }, { "obj?:Roster" } },
  { "ValueModel:score_columns", "model", "score_columns", { { followers = { 1 } }, 1 },
    { "fields", "int" } },
  { "ValueModel:set_reference_columns", "model", "set_reference_columns",
    { { followers = { 1 } }, 1 }, { "fields", "int" } },
  { "ValueModel:score_roster", "model", "score_roster", { "roster" }, { "obj:Roster" } },
  { "ValueModel:score_record", "model", "score_record", { "rec" }, { "obj:Record" } },
  { "ValueModel:set_target", "model", "set_target", { "gender", { female = 1 } },
    { "name", "fields" } },
  { "ValueModel:portrait_match", "model", "portrait_match", { "rec" }, { "obj:Record" } },
  { "ValueResult:get", "result", "get", { 1, "total" }, { "index", "name" } },
  { "ValueResult:contribution", "result", "contribution", { 1, "reach" }, { "index", "name" } },
  { "Tiers:set_param", "tiers", "set_param", { "koc_max_followers", 1 }, { "name", "num" } },
  { "Tiers:get_param", "tiers", "get_param", { "koc_max_followers" }, { "name" } },
  { "Tiers:classify", "tiers", "classify", { "rec" }, { "obj:Record" } },
  { "Tiers:koc", "tiers", "koc", { "rec" }, { "obj:Record" } },
  { "Tiers:stage", "tiers", "stage", { "rec" }, { "obj:Record" } },
  { "Tiers:classify_followers", "tiers", "classify_followers", { { 1 }, "douyin" },
    { "array", "text" } },
  { "Tiers:set_ladder", "tiers", "set_ladder", { "douyin", { 1, 2, 3, 4 } }, { "text", "array" } },
  { "Tiers:ladder", "tiers", "ladder", { "douyin" }, { "text" } },
  { "Traffic:set_param", "traffic", "set_param", { "step", 60 }, { "name", "num" } },
  { "Traffic:get_param", "traffic", "get_param", { "step" }, { "name" } },
  { "Traffic:feed", "traffic", "feed", { { 0 }, { { 1 } }, function() end },
    { "ids", "rows", "func?" } },
  { "Traffic:finish", "traffic", "finish", { function() end }, { "func?" } },
  { "Traffic:feed_blocks", "traffic", "feed_blocks", { { 0 }, { { 1 } }, function() end },
    { "ids", "rows", "func?" } },
  { "Traffic:finish_blocks", "traffic", "finish_blocks", { function() end }, { "func?" } },
  { "Traffic:run", "traffic", "run", { {}, function() end }, { "list:fields", "func?" } },
  { "Traffic:run_blocks", "traffic", "run_blocks", { {}, function() end },
    { "list:fields", "func?" } },
  { "Traffic:totals", "traffic", "totals", { 1 }, { "index" } },
  { "Sanity:set_param", "sanity", "set_param", { "tolerance", 1 }, { "name", "num" } },
  { "Sanity:check", "sanity", "check", { "rec" }, { "obj:Record" } },
  { "Sanity:follower_spikes", "sanity", "follower_spikes", { { 1, 2, 3 } }, { "array" } },
  { "Sanity:set_benchmark", "sanity", "set_benchmark", { "micro", 0.05 }, { "name", "num" } },
  { "Sanity:benchmark", "sanity", "benchmark", { "micro" }, { "name" } },
  { "Audience:set_param", "audience", "set_param", { "prior", 0.5 }, { "name", "num" } },
  { "Audience:score", "audience", "score", { { "followers" }, { { 1 } } }, { "list:name", "rows" } },
  { "Audience:real_ratio", "audience", "real_ratio", { { 0.5 }, { 1 } }, { "array", "ids" } },
  { "CostHistory:add", "hist", "add", { "douyin", "waist", "beauty", 1, 1, 1, 1 },
    { "text", "text", "text", "num", "num?", "num?", "num?" } },
  { "CostHistory:merge", "hist", "merge", { "hist2" }, { "obj:CostHistory" } },
  { "CostHistory:count", "hist", "count", { "douyin", "waist", "beauty", "cpm" },
    { "text", "text", "text", "name" } },
  { "CostHistory:quantile", "hist", "quantile", { "douyin", "waist", "beauty", "cpm", 0.5 },
    { "text", "text", "text", "name", "num" } },
  { "CostHistory:percentile", "hist", "percentile", { "douyin", "waist", "beauty", "cpm", 5 },
    { "text", "text", "text", "name", "num" } },
  { "CostHistory:quote", "hist", "quote", { "douyin", "waist", "beauty", 1, 1, 0.25, 0.75 },
    { "text", "text", "text", "num", "num?", "num?", "num?" } },
  { "Delivery:update", "delivery", "update", { { cost = 1 } }, { "fields" } },
  { "Delivery:clear", "delivery", "clear", { "cost" }, { "name" } },
  { "Roi:set_param", "roi", "set_param", { "confidence", 0.9 }, { "name", "num" } },
  { "Roi:add", "roi", "add", { { kol_id = "a", cost = 1 } }, { "fields" } },
  { "Roi:fill", "roi", "fill", { {}, function() end }, { "list:fields", "func?" } },
  { "Roi:report", "roi", "report", { "kol" }, { "name" } },
  { "Roi:incrementality", "roi", "incrementality", { { 1, 2 }, { 3 }, 1 },
    { "array", "array", "num" } },
  { "Roi:feed_cost", "roi", "feed_cost", { "hist" }, { "obj:CostHistory" } },
  { "RoiReport:key", "report", "key", { 1 }, { "index" } },
  { "RoiReport:get", "report", "get", { 1, "cpm", "reported" }, { "index", "name", "name" } },
  { "RoiReport:interval", "report", "interval", { 1, "roi", "reported" },
    { "index", "name", "name" } },
  { "RoiReport:rank", "report", "rank", { "roi", "reported" }, { "name", "name" } },
  { "RoiReport:outliers", "report", "outliers", { "cpm", "reported" }, { "name", "name" } },
  { "RoiReport:coverage", "report", "coverage", { {} }, { "fields" } },
  { "Sketch:add_ids", "sketch", "add_ids", { { 1 } }, { "ids" } },
  { "Sketch:add", "sketch", "add", { "x" }, { "bytes" } },
  { "Sketch:add_strings", "sketch", "add_strings", { { "x" } }, { "list:bytes" } },
  { "Sketch:merge", "sketch", "merge", { "sketch2" }, { "obj:Sketch" } },
  { "Sketch:overlap", "sketch", "overlap", { "sketch2" }, { "obj:Sketch" } },
  { "Planner:set_param", "planner", "set_param", { "budget", 1 }, { "name", "num" } },
  { "Planner:get_param", "planner", "get_param", { "budget" }, { "name" } },
  { "Planner:set_candidates", "planner", "set_candidates", { { cost = { 1 } } }, { "fields" } },
  { "Planner:set_audiences", "planner", "set_audiences", { {} }, { "list:obj" } },
  { "Planner:set_choice", "planner", "set_choice", { 1, "require" }, { "index", "name" } },
  { "Planner:set_tier_limit", "planner", "set_tier_limit", { 0, 0, 1 }, { "int", "int", "int" } },
  { "Planner:set_platform_share", "planner", "set_platform_share", { 0, 0, 1 },
    { "int", "num?", "num?" } },
  { "Planner:set_category_max", "planner", "set_category_max", { 0, 1 }, { "int", "int" } },
  { "kol.union_estimate", "kol", "union_estimate", { {} }, { "list:obj" } },
  { "kol.overlap_matrix", "kol", "overlap_matrix", { {}, {} }, { "list:obj", "list:obj" } },
  { "kol.size_band_of", "kol", "size_band_of", { 1000 }, { "num" } },
  { "kol.metric_bounds", "kol", "metric_bounds", { "followers" }, { "name" } },
  { "kol.metric_name", "kol", "metric_name", { 0 }, { "int" } },
  { "kol.channel_code", "kol", "channel_code", { "views" }, { "text" } },
  { "kol.feature_code", "kol", "feature_code", { "followers" }, { "text" } },
  { "kol.reason_names", "kol", "reason_names", { 1 }, { "int" } },
  { "kol.block_results", "kol", "block_results", { { n = 0 } }, { "fields" } },
  { "kol.status_str", "kol", "status_str", { 0 }, { "int" } },
  { "kol.sketch_standard_error", "kol", "sketch_standard_error", { 10 }, { "int" } },
  { "kol.tier_param_bounds", "kol", "tier_param_bounds", { "koc_max_followers" }, { "name" } },
  { "Audience:get_param", "audience", "get_param", { "prior" }, { "name" } },
  { "Sanity:get_param", "sanity", "get_param", { "tolerance" }, { "name" } },
  { "Roi:get_param", "roi", "get_param", { "confidence" }, { "name" } },
  { "kol.audience_param_bounds", "kol", "audience_param_bounds", { "prior" }, { "name" } },
  { "kol.sanity_param_bounds", "kol", "sanity_param_bounds", { "tolerance" }, { "name" } },
  { "kol.roi_param_bounds", "kol", "roi_param_bounds", { "confidence" }, { "name" } },
  { "kol.plan_param_bounds", "kol", "plan_param_bounds", { "budget" }, { "name" } },
  { "kol.traffic_param_bounds", "kol", "traffic_param_bounds", { "step" }, { "name" } },
  { "kol.value_param_bounds", "kol", "value_param_bounds", { "band_floor" }, { "name" } },
  { "kol.sketch_param_bounds", "kol", "sketch_param_bounds", { 0 }, { "int" } },
  { "kol.channel_name", "kol", "channel_name", { 0 }, { "int" } },
  { "kol.feature_name", "kol", "feature_name", { 0 }, { "int" } },
  { "kol.text_name", "kol", "text_name", { 0 }, { "int" } },
  { "kol.dimension_name", "kol", "dimension_name", { 0 }, { "int" } },
  { "kol.cost_measure_name", "kol", "cost_measure_name", { 0 }, { "int" } },
  { "kol.delivery_key_name", "kol", "delivery_key_name", { 0 }, { "int" } },
  { "kol.value_metric_name", "kol", "value_metric_name", { 0 }, { "int" } },
  { "kol.plan_reason_name", "kol", "plan_reason_name", { 0 }, { "int" } },
}

--- Calls left out of the sweep: the binding's own machinery.
local SWEEP_SKIP = { adopt = true, call = true, view = true, wp = true, callback = true,
                     check = true, with_callbacks = true, load = true, enum_table = true }

--- The calls that take an argument missing from SWEEP.
local function not_swept()
  local swept = {}
  for _, case in ipairs(SWEEP) do swept[case[1]] = true end
  local missing = {}
  for name, cls in pairs(kol) do
    if type(cls) == "table" and rawget(cls, "type_name") then
      for k, f in pairs(cls) do
        if type(f) == "function" and not SWEEP_SKIP[k] and debug.getinfo(f, "u").nparams > 1
           and not swept[name .. ":" .. k] then
          missing[#missing + 1] = name .. ":" .. k
        end
      end
    elseif type(cls) == "function" and not SWEEP_SKIP[name] and debug.getinfo(cls, "u").nparams > 0
           and not swept["kol." .. name] then
      missing[#missing + 1] = "kol." .. name
    end
  end
  table.sort(missing)
  return table.concat(missing, ", ")
end

test("sweep: a bad value in any argument of any call raises the binding's own error", function()
  -- every call that takes an argument is swept (a new one must be added)
  eq(not_swept(), "", "calls missing from the sweep")
  local ctx = kol.context()
  local F = { ctx = ctx, kol = kol }
  F.rec = ctx:record{ id = "a", followers = 1000 }
  F.roster = ctx:roster()
  F.roster:fill({ { id = "r1", followers = 1000 }, { id = "r2", followers = 5000 } })
  F.model = ctx:value_model()
  F.result = F.model:score_roster(F.roster)
  F.tiers, F.traffic, F.sanity, F.audience = ctx:tiers("cn"), ctx:traffic({ "views" }),
                                             ctx:sanity(), ctx:audience()
  F.hist, F.hist2 = ctx:cost_history(), ctx:cost_history()
  F.delivery, F.roi = ctx:delivery(), ctx:roi()
  F.roi:add{ kol_id = "k", cost = 10, views = 100 }
  F.report = F.roi:report("kol")
  F.sketch, F.sketch2, F.planner = ctx:sketch(10), ctx:sketch(10), ctx:planner()
  local other = F.planner -- an object of a class no argument takes
  -- "nil": a nil argument (a required one refuses it)
  local BAD = {
    num = { "0.9", true, {}, other, "nil" }, ["num?"] = { "0.9", true, {}, other },
    int = { 1.5, "1", true, {}, other }, index = { 1.5, "1", true, {}, 0 / 0 },
    text = { 5, true, {}, other }, name = { "nosuch", 1.5, true, {}, other },
    array = { "abc", 5, true, { "x" }, { {} }, { true }, other },
    ids = { "abc", 5, true, { "x" }, { 1.5 }, { {} }, other },
    rows = { "abc", 5, true, { 5 }, { { "x" } }, { { true } }, other },
    fields = { 5, "x", true, other }, ["fields?"] = { 5, "x", true, other },
    func = { 5, "x", {}, other, "nil" }, ["func?"] = { 5, "x", {}, other },
    bytes = { 5, true, {}, other, "nil" },
    ["list:obj"] = { 5, "x", true, other, { 5 }, { "x" }, { other } },
    ["list:name"] = { 5, "x", true, other, { {} }, { true } },
    ["list:fields"] = { 5, "x", true, other, { 5 }, { "x" } },
    ["list:bytes"] = { 5, "x", true, other, { 5 }, { {} } },
  }
  local function bad_values(kind)
    if kind:sub(1, 4) == "obj:" or kind:sub(1, 5) == "obj?:" then
      local t = { 5, "x", true, {}, other }
      if kind:sub(1, 4) == "obj:" then t[#t + 1] = "nil" end
      return t
    end
    return BAD[kind]
  end
  local raw, accepted, checked = {}, {}, 0
  for _, case in ipairs(SWEEP) do
    local label, target, method, args, kinds = case[1], case[2], case[3], case[4], case[5]
    local obj = F[target]
    truthy(obj ~= nil and obj[method] ~= nil, label .. " exists")
    for i, kind in ipairs(kinds) do
      for _, bad in ipairs(bad_values(kind)) do
        if bad == "nil" then bad = nil end
        local call = {}
        for k = 1, #kinds do
          local v = args[k]
          if type(v) == "string" and F[v] and kinds[k]:find("obj") then v = F[v] end
          call[k] = v
        end
        call[i] = bad
        local ok, err
        if target == "kol" then ok, err = pcall(obj[method], unpack(call, 1, #kinds))
        else ok, err = pcall(obj[method], obj, unpack(call, 1, #kinds)) end
        checked = checked + 1
        local what = label .. " argument " .. i .. " (" .. kind .. ") = " .. tostring(bad)
        if ok then
          accepted[#accepted + 1] = what
        elseif not (getmetatable(err) == kol.Error
                    or type(err) == "string" and err:find("kol: ", 1, true)) then
          raw[#raw + 1] = what .. ": " .. tostring(err)
        end
      end
    end
  end
  if #raw > 0 or #accepted > 0 then
    error(#raw .. " raw errors:\n  " .. table.concat(raw, "\n  ") .. "\n" .. #accepted ..
          " accepted:\n  " .. table.concat(accepted, "\n  "))
  end
  truthy(checked > 500, "the sweep made " .. checked .. " calls")
  ctx:close()
end)

-- --------------------------- record contexts, cdata arrays, callback slots
test("a custom metric's view of a record of another context belongs to it", function()
  local A, B = kol.context(), kol.context()
  local m = A:value_model()
  pcall(m.set_param, m, "band_prior_n", -5) -- leaves a message of its own on A
  local mode, kept = "get", {}
  m:add_metric("grab", function(rec)
    if mode == "get" then return rec:get_metric("price") end
    if mode == "clone" then kept[#kept + 1] = rec:clone() end
    return 1
  end)
  local ro = B:roster()
  ro:fill({ { id = "b1", followers = 10 } })
  local rec = B:record{ id = "b2", followers = 20 }
  -- a getter's error is the library's, written to the record's context
  local err = raises("not_found", m.score_roster, m, ro)
  eq(err.message, "record 'b1': metric price is missing")
  err = raises("not_found", m.set_reference, m, ro)
  eq(err.message, "record 'b1': metric price is missing")
  mode = "one"
  local ra = A:roster()
  ra:fill({ { id = "a1", followers = 10 }, { id = "a2", followers = 30 } })
  m:set_reference(ra)
  mode = "get"
  err = raises("not_found", m.score_record, m, rec)
  eq(err.message, "record 'b2': metric price is missing")
  -- clone() makes the copy in the record's context, which closes it
  mode = "clone"
  m:score_roster(ro)
  m:score_record(rec)
  m:set_reference(ro)
  eq(#kept, 3)
  for i = 1, 3 do eq(kept[i].ctx, B, "context of clone " .. i) end
  eq(kept[1]:id(), "b1"); eq(kept[2]:id(), "b2")
  -- the model's own records still get views of its context
  m:score_roster(ra)
  eq(kept[4].ctx, A)
  B:close()
  for i = 1, 3 do eq(kept[i].ptr, nil, "clone " .. i .. " closed with its context") end
  A:close()
end)

test("bad records, text and cdata element types raise kol: errors", function()
  local ctx = kol.context()
  local function count()
    local n = 0
    for _ in pairs(ctx.children) do n = n + 1 end
    return n
  end
  local n0 = count()
  kol_error({ "kol: portrait: a table of dimension shares expected, got number" },
            ctx.record, ctx, { id = "b", portrait = 5 })
  kol_error({ "kol: portrait: gender: a table of label weights expected, got number" },
            ctx.record, ctx, { id = "b", portrait = { gender = 5 } })
  kol_error({ "kol: metrics: a table of metric values expected, got string" },
            ctx.record, ctx, { id = "b", metrics = "followers" })
  raises("domain", ctx.record, ctx, { id = "b", followers = -5 })
  eq(count(), n0, "no record left by a refused spec")
  local rec = ctx:record{ id = "a", followers = 1000 }
  kol_error({ "kol: portrait: a table of dimension shares expected" }, rec.update, rec,
            { name = "changed", portrait = 5 })
  eq(rec:text("name"), nil, "nothing set before the spec is refused")
  -- text: a string, or a cdata char array or pointer
  kol_error({ "kol: kol_record_set_text: value: string expected, got ctype<double>" },
            rec.set_text, rec, "name", ffi.new("double", 1))
  kol_error({ "kol: kol_roster_find: id: string expected, got ctype<int [2]>" },
            function() return ctx:roster():find(ffi.new("int[2]")) end)
  rec:set_text("name", ffi.new("char[4]", "abc"))
  eq(rec:text("name"), "abc")
  rec:set_text("name", ffi.cast("const char *", "xyz"))
  eq(rec:text("name"), "xyz")
  -- arrays: the element type of the C parameter, signedness included
  local sk = ctx:sketch(10)
  kol_error({ "kol: ids: a table or a cdata array of uint64_t expected, got ctype<double [3]>" },
            sk.add_ids, sk, ffi.new("double[3]", 1, 2, 3), 3)
  kol_error({ "kol: ids: a table or a cdata array of uint64_t expected, got ctype<int64_t [3]>" },
            sk.add_ids, sk, ffi.new("int64_t[3]", 1, 2, 3), 3)
  kol_error({ "kol: ids: a table or a cdata array of uint64_t expected, got ctype<void *>" },
            sk.add_ids, sk, ffi.cast("void *", ffi.new("uint64_t[3]")), 3)
  kol_error({ "kol: ids: a table or a cdata array of uint64_t expected, got ctype<uint64_t *>" },
            sk.add_ids, sk, ffi.typeof("uint64_t *"), 3)
  sk:add_ids(ffi.new("uint64_t[3]", 1, 2, 3), 3)
  sk:add_ids(ffi.cast("const uint64_t *", ffi.new("uint64_t[3]", 4, 5, 6)), 3)
  local tiers = ctx:tiers()
  kol_error({ "kol: followers: a table or a cdata array of double expected, got ctype<float [3]>" },
            tiers.classify_followers, tiers, ffi.new("float[3]", 1, 2, 3), nil, 3)
  local t = ctx:traffic({ "views" })
  kol_error({ "kol: timestamps: a table or a cdata array of int64_t expected, got ctype<int [2]>" },
            t.feed, t, ffi.new("int32_t[2]", 0, 60), ffi.new("double[2]", 1, 2), nil, 2)
  kol_error({ "kol: rows: a table of rows or a cdata array of double expected, got ctype<float [2]>" },
            t.feed, t, ffi.new("int64_t[2]", 0, 60), ffi.new("float[2]", 1, 2), nil, 2)
  kol_error({ "kol: a chunk's timestamps: a table or a cdata array of int64_t expected" },
            t.run_blocks, t, { { ffi.new("double[2]", 0, 60), ffi.new("double[2]", 1, 2), 2 } })
  t = ctx:traffic({ "views" })
  kol_error({ "kol: a chunk's rows: a table of rows or a cdata array of double expected" },
            t.run_blocks, t, { { { 0, 60 }, ffi.new("int32_t[2]", 1, 2) } })
  local m = ctx:value_model()
  kol_error({ "kol: columns.followers: a table or a cdata array of double expected, got ctype<float [2]>" },
            m.score_columns, m, { followers = ffi.new("float[2]", 1, 2) }, 2)
  local p = ctx:planner()
  kol_error({ "kol: cost: a table or a cdata array of double expected, got ctype<int [2]>" },
            p.set_candidates, p, { cost = ffi.new("int[2]", 1, 2) }, 2)
  kol_error({ "kol: tier: a table or a cdata array of int32_t expected, got ctype<unsigned int [2]>" },
            p.set_candidates, p, { cost = { 1, 2 }, tier = ffi.new("uint32_t[2]", 1, 2) })
  local a = ctx:audience()
  kol_error({ "kol: rows: a table of rows or a cdata array of double expected, got ctype<float [2]>" },
            a.score, a, { "followers", "posts" }, ffi.new("float[2]", 1, 2), 1)
  kol_error({ "kol: verdicts: a table or a cdata array of int32_t expected, got ctype<double [1]>" },
            a.real_ratio, a, { 0.5 }, ffi.new("double[1]", 1))
  ctx:close()
end)

test("a cdata array is not read past the length ffi.sizeof gives", function()
  local ctx = kol.context()
  local tiers = ctx:tiers()
  local f3 = ffi.new("double[3]", 500, 2000, 2e6)
  kol_error({ "kol: followers: length 6 beyond the cdata array's 3 values" },
            tiers.classify_followers, tiers, f3, nil, 6)
  eq(#tiers:classify_followers(f3, nil, 3), 3)
  eq(#tiers:classify_followers(f3, nil, 2), 2) -- a prefix
  -- a pointer's length is unknown: the n given is trusted
  eq(#tiers:classify_followers(ffi.cast("const double *", f3), nil, 3), 3)
  local v = carr("double", 3, { 1, 2, 3 }) -- a double[?]
  kol_error({ "kol: followers: length 4 beyond the cdata array's 3 values" },
            tiers.classify_followers, tiers, v, nil, 4)
  local sk = ctx:sketch(10)
  kol_error({ "kol: ids: length 4 beyond the cdata array's 3 values" },
            sk.add_ids, sk, ffi.new("uint64_t[3]", 1, 2, 3), 4)
  eq(sk:estimate(), 0)
  local t = ctx:traffic({ "views", "likes" })
  kol_error({ "kol: timestamps: length 3 beyond the cdata array's 2 values" },
            t.feed, t, ffi.new("int64_t[2]", 0, 60), ffi.new("double[6]"), nil, 3)
  kol_error({ "kol: rows: 2 rows of 2 values beyond the cdata array's 3 values" },
            t.feed, t, ffi.new("int64_t[2]", 0, 60), ffi.new("double[3]"), nil, 2)
  kol_error({ "kol: a chunk's timestamps: length 3 beyond the cdata array's 2 values" },
            t.run_blocks, t, { { ffi.new("int64_t[2]", 0, 60), ffi.new("double[6]"), 3 } })
  t = ctx:traffic({ "views", "likes" })
  kol_error({ "kol: a chunk's rows: 2 rows of 2 values beyond the cdata array's 3 values" },
            t.run_blocks, t, { { { 0, 60 }, ffi.new("double[3]") } })
  local m = ctx:value_model()
  kol_error({ "kol: columns.followers: length 3 beyond the cdata array's 2 values" },
            m.score_columns, m, { followers = ffi.new("double[2]", 1, 2) }, 3)
  local p = ctx:planner()
  kol_error({ "kol: value: length 3 beyond the cdata array's 2 values" }, p.set_candidates, p,
            { cost = ffi.new("double[3]", 1, 2, 3), value = ffi.new("double[2]", 1, 2) }, 3)
  local a = ctx:audience()
  kol_error({ "kol: rows: 3 rows of 2 values beyond the cdata array's 4 values" },
            a.score, a, { "followers", "posts" }, ffi.new("double[4]", 1, 2, 3, 4), 3)
  eq(#a:score({ "followers", "posts" }, ffi.new("double[4]", 10, 2, 3000, 4), 2), 2)
  ctx:close()
end)

test("callback slots held by dropped objects are recovered by a collection", function()
  -- with the collector stopped nothing dropped is freed on its own: the
  -- ffi.cast slots (a few thousand for the process) run out unless the
  -- binding collects when a callback cannot be made
  local ctx = kol.context()
  local fn = function() return 1 end
  collectgarbage("stop")
  local ok, err = pcall(function()
    for _ = 1, 5000 do ctx:value_model():add_metric("m", fn) end
    for _ = 1, 5000 do
      local c = kol.context() -- freed in the cycle after its record
      c:set_progress(fn)
      c:record{ id = "r" }
    end
  end)
  collectgarbage("restart")
  truthy(ok, "callbacks made: " .. tostring(err))
  local r = ctx:roster()
  r:fill({ { id = "a" } })
  eq(r:remove_if(function() return false end), 0)
  ctx:close()
end)

io.write(string.format("%d passed, %d failed\n", passed, failed))
os.exit(failed == 0 and 0 or 1)
