-- wrk script for the Luoshi side of bench/peer-redmine.mjs (the Redmine comparison); not meant to be run by hand.
-- peer-redmine.mjs writes the ids and API tokens into a Lua data file and runs
--   PEER_DATA=<file> PEER_SCENARIO=A|B|C|D wrk -t 2 -c 16 --timeout 10s -s bench/peer-redmine.lua -d 20s --latency <base>
--   A  GET  /api/v1/tasks?todo=true&page=1&pageSize=25                     a random unit clerk's to-do list
--   B  GET  /api/v1/tasks?unitId=<u>&state=<open states>&deadlineTo=<today>&page=1&pageSize=25
--                                                                          a random unit's open tasks due by today (office)
--   C  POST /api/v1/tasks  (issue=true: created and issued at once)        the supervision office creates a task
--   D  POST /api/v1/tasks/<id>/reports  (If-Match: version)                that unit's clerk reports progress
-- D walks through (task, period, version) tuples (D_TEXT) prepared from the database just before the run: each thread owns
-- whole tasks, and a task's next tuple (next period, version + 1) comes only after every other task of the thread
-- had its turn, so its previous report has long been answered. The summary line has the same format as load.sh's.
dofile(os.getenv("PEER_DATA"))
SCENARIO = os.getenv("PEER_SCENARIO")

local threads = {}
local counter = 0
local mine = {}
local pos = 0

function setup(thread)
  table.insert(threads, thread)
  thread:set("tid", #threads)
end

function init(args)
  math.randomseed(os.time() * 1000 + (tid or 0) * 7919)
  for _ = 1, 10 do math.random() end
  if SCENARIO == "D" then
    -- lines "thread id version period clerk-token-index"
    for th, id, version, period, tok in D_TEXT:gmatch("(%d+) (%S+) (%d+) (%S+) (%d+)\n") do
      if tonumber(th) == tid then mine[#mine + 1] = { th, id, version, period, tonumber(tok) } end
    end
  end
end

local function pick(t) return t[math.random(#t)] end

local function headers(token, version)
  local h = { ["Authorization"] = "Bearer " .. token, ["Accept"] = "application/json" }
  if version then h["If-Match"] = '"' .. version .. '"' end
  return h
end

local function jsonHeaders(token, version)
  local h = headers(token, version)
  h["Content-Type"] = "application/json"
  return h
end

local scenarios = {}
scenarios.A = function()
  return wrk.format("GET", "/api/v1/tasks?todo=true&page=1&pageSize=25", headers(pick(CLERK_TOKENS)))
end
scenarios.B = function()
  return wrk.format("GET", "/api/v1/tasks?unitId=" .. pick(UNITS) .. "&state=" .. OPEN_STATES ..
    "&deadlineTo=" .. TODAY .. "&page=1&pageSize=25", headers(OFFICE_TOKEN))
end
scenarios.C = function()
  counter = counter + 1
  local body = string.format('{"title":"压测新建任务 t%d-%d","content":"由 peer-redmine.mjs 场景 C 新建：推进重点工作，确保按期完成。",' ..
    '"standard":"按期完成并通过验收","accountability":"未按期完成的，按规定问责","category":"项目建设","level":"general",' ..
    '"leadUnitId":"%s","deadline":"%s","cadence":"monthly","issue":true}',
    tid or 0, counter, pick(UNITS), pick(DEADLINES))
  return wrk.format("POST", "/api/v1/tasks", jsonHeaders(OFFICE_TOKEN), body)
end
scenarios.D = function()
  pos = pos + 1
  if pos > #mine then pos = 1 end -- out of tuples: repeats fail (412/409) and are counted as errors
  local t = mine[pos]
  counter = counter + 1
  local body = string.format('{"period":"%s","progress":%d,"text":"进展报告 t%d-%d：按计划推进，本期完成阶段任务。"}',
    t[4], 10 * math.random(0, 9), tid or 0, counter)
  return wrk.format("POST", "/api/v1/tasks/" .. t[2] .. "/reports", jsonHeaders(CLERK_TOKENS[t[5]], t[3]), body)
end
request = scenarios[SCENARIO]

function done(summary, latency, requests)
  local s = summary.duration / 1e6
  local e = summary.errors
  io.write(string.format('RESULT {"scenario":"%s","requests":%d,"duration_s":%.2f,"rps":%.1f,' ..
    '"p50_ms":%.1f,"p90_ms":%.1f,"p99_ms":%.1f,"max_ms":%.1f,"mean_ms":%.1f,' ..
    '"non_2xx_3xx":%d,"socket_errors":%d,"timeouts":%d}\n',
    SCENARIO, summary.requests, s, summary.requests / s,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, latency.mean / 1000,
    e.status, e.connect + e.read + e.write, e.timeout))
end
