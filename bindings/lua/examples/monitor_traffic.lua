-- Monitor a traffic series: minute-by-minute views and likes of a post with
-- bought views injected; find the false traffic and restore the organic
-- figures.
--   KOL_LIBRARY=build/lib/libkol.so luajit monitor_traffic.lua
local dir = (arg[0]:match("^(.*)[/\\]") or ".")
package.path = dir .. "/../?.lua;" .. package.path
local kol = require("kol")

-- A small deterministic generator (LCG), so the example prints the same
-- numbers everywhere.
local state = 12345
local function rand()
  state = (state * 1103515245 + 12345) % 2147483648
  return state / 2147483648
end
local function noisy(rate) -- Poisson(rate), Knuth's method
  local limit, k, p = math.exp(-rate), 0, rand()
  while p > limit do k = k + 1; p = p * rand() end
  return k
end

local t0 = 1700000000
local ts, rows = {}, {}
for m = 0, 359 do
  local rate = 400 * math.exp(-m / 180) + 40
  local views, likes = noisy(rate), noisy(rate * 0.08)
  if m == 120 then views = views + 6000 end       -- a bought burst
  if m >= 200 and m < 260 then likes = 60 end      -- a drip of bot likes
  ts[#ts + 1] = t0 + 60 * m
  rows[#rows + 1] = { views, likes }
end

local ctx = kol.context()
local monitor = ctx:traffic({ "views", "likes" }, { step = 60 })
local flagged = 0
local function on_result(slot)
  if slot.reasons ~= 0 and bit.band(slot.reasons, 32) == 0 then flagged = flagged + 1 end
end
for i = 1, #ts, 50 do   -- in chunks, as data arrives
  local cts, crows = {}, {}
  for k = i, math.min(i + 49, #ts) do cts[#cts + 1] = ts[k]; crows[#crows + 1] = rows[k] end
  monitor:feed(cts, crows, on_result)
end
monitor:finish(on_result)

local c = monitor:counts()
print(string.format("%d slots, %d flagged (%d seen by the callback)", c.slots, c.flagged, flagged))
for _, iv in ipairs(monitor:intervals()) do
  print(string.format("  flagged minute %d-%d: %s, peak score %.2f, inflated %.0f views, %.0f likes",
                      (iv.start - t0) / 60, (iv["end"] - t0) / 60,
                      table.concat(kol.reason_names(iv.reasons), "+"), iv.peak,
                      iv.inflated[1], iv.inflated[2]))
end
for i, name in ipairs({ "views", "likes" }) do
  local t = monitor:totals(i)
  print(string.format("%-6s observed %9.0f  restored %9.0f  [%.0f, %.0f]", name, t.observed,
                      t.restored, t.low, t.high))
end
ctx:close()
