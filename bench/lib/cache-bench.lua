-- cache-bench.sh's wrk script: one machine-readable result line at the end of a run, and, when
-- given a Zipf table, the request paths.
--
--   wrk ... -s cache-bench.lua URL                         the URL's path on every request
--   wrk ... -s cache-bench.lua URL -- TABLE FROM TO THREADS the paths /z/N, N read from TABLE (one
--       object number a line, drawn once from a Zipf distribution by cache-bench.sh), lines FROM to
--       TO-1 (0-based): thread i walks its own 1/THREADS of that slice from its start, wrapping.
-- The table is precomputed so that every candidate gets the same sequence of requests: a hit ratio
-- then differs by the cache, not by the draw. Warm-up and measurement take different slices, so
-- the measured run does not replay the objects the warm-up has just fetched in the same order.
-- Latencies are microseconds (wrk's native unit).

local next_id = 0
function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
end

local requests, sequence, position, first, last

function init(args)
  if not args[1] then
    request = nil  -- wrk checks after init: without a request function it sends the URL's path
    return
  end
  local from, to, threads = tonumber(args[2]), tonumber(args[3]), tonumber(args[4])
  local all = {}
  for line in io.lines(args[1]) do
    all[#all + 1] = tonumber(line)
  end
  to = math.min(to, #all)
  local share = math.floor((to - from) / threads)
  first = from + id * share
  last = first + share - 1
  sequence, requests = {}, {}
  for i = first, last do
    local n = all[i + 1]
    sequence[#sequence + 1] = n
    if not requests[n] then
      requests[n] = wrk.format("GET", "/z/" .. n)
    end
  end
  position = 0
end

function request()
  position = position + 1
  if position > #sequence then
    position = 1
  end
  return requests[sequence[position]]
end

done = function(summary, latency, _)
  local e = summary.errors
  io.write(string.format(
    "WRKRESULT requests=%d duration_us=%d bytes=%d p50_us=%d p99_us=%d max_us=%d err_connect=%d err_read=%d err_write=%d err_status=%d err_timeout=%d\n",
    summary.requests, summary.duration, summary.bytes, latency:percentile(50), latency:percentile(99),
    latency.max, e.connect, e.read, e.write, e.status, e.timeout))
end
