-- Evaluate a campaign's ROI: deliveries across tiers and platforms, metrics
-- reported and net of false traffic, by tier, and a new quote judged
-- against the cost history.
--   KOL_LIBRARY=build/lib/libkol.so luajit campaign_roi.lua
local dir = (arg[0]:match("^(.*)[/\\]") or ".")
package.path = dir .. "/../?.lua;" .. package.path
local kol = require("kol")

local DELIVERIES = {
  { kol_id = "head-a", tier = "head", platform = "douyin", cost = 120000, views = 5200000,
    likes = 210000, clicks = 52000, orders = 2600, revenue = 390000, restored_views = 4100000 },
  { kol_id = "head-b", tier = "head", platform = "xiaohongshu", cost = 90000, views = 1800000,
    likes = 95000, clicks = 21000, orders = 1500, revenue = 210000 },
  { kol_id = "waist-a", tier = "waist", platform = "douyin", cost = 15000, views = 600000,
    likes = 31000, clicks = 9000, orders = 610, revenue = 61000 },
  { kol_id = "waist-b", tier = "waist", platform = "douyin", cost = 14000, views = 250000,
    likes = 9000, clicks = 2100, orders = 90, revenue = 8100, restored_views = 140000 },
  { kol_id = "tail-a", tier = "tail", platform = "xiaohongshu", cost = 2000, views = 90000,
    likes = 6100, clicks = 1900, orders = 150, revenue = 13500 },
  { kol_id = "koc-a", tier = "koc", platform = "xiaohongshu", cost = 300, views = 15000,
    likes = 1900, clicks = 600, orders = 55, revenue = 4400 },
}

local ctx = kol.context()
local roi = ctx:roi()
for _, d in ipairs(DELIVERIES) do
  d.campaign = "spring-launch"
  roi:add(d)
end
print(roi:size() .. " deliveries")

local function fmt(v, p) return v and string.format(p or "%.3f", v) or "-" end
local all = roi:report("all")
for _, basis in ipairs({ "reported", "net" }) do
  print(string.format("%-8s cost %.0f revenue %.0f ROI %s CPM %s CTR %s", basis,
                      all:get(1, "cost", basis), all:get(1, "revenue", basis),
                      fmt(all:get(1, "roi", basis)), fmt(all:get(1, "cpm", basis), "%.2f"),
                      fmt(all:get(1, "ctr", basis), "%.4f")))
end
local lo, hi = all:interval(1, "roi")
print(string.format("ROI interval: [%.3f, %.3f]", lo, hi))

local by_tier = roi:report("tier")
for i = 1, by_tier:size() do
  print(string.format("  %-6s ROI %8s CPM %8s", by_tier:key(i), fmt(by_tier:get(i, "roi")),
                      fmt(by_tier:get(i, "cpm"), "%.2f")))
end

local history = ctx:cost_history()
for _, d in ipairs(DELIVERIES) do
  history:add(d.platform, d.tier, nil, d.cost, d.views, d.likes, d.orders)
end
local q = history:quote("douyin", "waist", nil, 20000, 400000)
print(string.format("quote 20000 for 400k views (douyin waist): percentile %.2f, fair %.0f-%.0f (%s)",
                    q.percentile, q.low, q.high, q.basis))
ctx:close()
