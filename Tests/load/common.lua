-- Shared by the wrk scripts under Tests/load: each prints one machine-readable result line when wrk is done.
-- wrk runs a script once in its main Lua state (setup, done) and once per thread (init, request, response).

local threads = {}

function setup(thread)
    thread:set("thread_index", #threads)
    table.insert(threads, thread)
end

-- Counters a script's threads may keep (conflicts, every_pair_busy); summed over the threads in done().
function thread_total(name)
    local total = 0
    for _, thread in ipairs(threads) do total = total + (thread:get(name) or 0) end
    return total
end

function done(summary, latency, requests)
    local errors = summary.errors
    io.write(string.format(
        "wrk-result: requests=%d seconds=%.2f rps=%.1f p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f max_ms=%.2f " ..
        "non2xx=%d connect=%d read=%d write=%d timeout=%d conflicts=%d every_pair_busy=%d\n",
        summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
        latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
        latency.max / 1000, errors.status, errors.connect, errors.read, errors.write, errors.timeout,
        thread_total("conflicts"), thread_total("every_pair_busy")))
end
