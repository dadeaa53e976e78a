-- Score a roster: read a CSV of KOLs, tier them, score them with the value
-- model and print the best ones.
--   KOL_LIBRARY=build/lib/libkol.so luajit score_roster.lua [roster.csv] [goal]
local dir = (arg[0]:match("^(.*)[/\\]") or ".")
package.path = dir .. "/../?.lua;" .. package.path
local kol = require("kol")

local path = arg[1] or (dir .. "/../../../examples/data/roster.csv")
local goal = arg[2] or "balanced"
local TEXT = { id = true, name = true, platform = true, category = true }

-- One CSV line (RFC 4180 quoting, no newline inside a field).
local function split(line)
  local t, i, n = {}, 1, #line
  while i <= n + 1 do
    if line:sub(i, i) == '"' then
      local buf, j = {}, i + 1
      while j <= n do
        local ch = line:sub(j, j)
        if ch == '"' then
          if line:sub(j + 1, j + 1) == '"' then buf[#buf + 1] = '"'; j = j + 2
          else j = j + 1; break end
        else buf[#buf + 1] = ch; j = j + 1 end
      end
      t[#t + 1] = table.concat(buf)
      i = j + 1 -- skip the comma
    else
      local j = line:find(",", i, true) or (n + 1)
      t[#t + 1] = line:sub(i, j - 1)
      i = j + 1
    end
  end
  return t
end

local rows = {}
do
  local f = assert(io.open(path, "r"))
  local header = split(f:read("*l"))
  for line in f:lines() do
    local cells, spec = split(line), {}
    for i, name in ipairs(header) do
      local v = cells[i]
      if v and v ~= "" then
        local dim = name:match("^portrait_(.+)$")
        if dim then
          -- "female:0.62;male:0.38" -> { female = 0.62, male = 0.38 }
          local shares = {}
          for label, share in v:gmatch("([^;]+):([^:;]+)") do shares[label] = tonumber(share) end
          spec.portrait = spec.portrait or {}
          spec.portrait[dim] = shares
        else
          spec[name] = TEXT[name] and v or tonumber(v)
        end
      end
    end
    rows[#rows + 1] = spec
  end
  f:close()
end

local ctx = kol.context()
local roster = ctx:roster()
local refused = 0
local added = roster:fill(rows, function() refused = refused + 1 end)
print(string.format("read %d records from %s (%d refused)", added, path, refused))

local model = ctx:value_model(goal)
-- The campaign's target audience: its match with each portrait counts in
-- the fan value.
model:set_target("gender", { female = 0.7, male = 0.3 })
model:set_target("age", { ["18-24"] = 0.5, ["25-30"] = 0.3, ["31-40"] = 0.2 })
ctx:set_progress(function(done, total) print(string.format("  scored %d of %d", done, total)) end)
local result = model:score_roster(roster)
ctx:set_progress(nil)

local tiers = ctx:tiers("cn")
print("model " .. model:id() .. ", goal " .. goal)
print(string.format("%-4s %-24s %-12s %-9s %-10s %7s", "rank", "id", "platform", "tier", "stage", "total"))
for rank, r in ipairs(result:ranking()) do
  if rank > 15 then break end
  local rec = roster:at(r.index)
  local ok, _, tier = pcall(tiers.classify, tiers, rec)
  print(string.format("%-4d %-24s %-12s %-9s %-10s %7.2f", rank, r.id, rec:text("platform") or "",
                      ok and tier or "?", tiers:stage(rec), r.total))
end
local kocs = 0
for i = 1, roster:size() do
  if tiers:koc(roster:at(i)) == "yes" then kocs = kocs + 1 end
end
print(kocs .. " accounts pass the KOC rule")
ctx:close()
