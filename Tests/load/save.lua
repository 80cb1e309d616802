-- Judgement saves through the JSON API, as the assessment form's script sends them:
-- PUT /api/v1/inspections/{id}/cases/{case}/judgements/{question} with the version being edited.
--
-- Every save must be valid and unrefused, so the script never has two saves of one judgement in flight: each wrk
-- thread owns every Nth judgement (N = YJI_LOAD_THREADS), sends a save only for a judgement with none in flight,
-- and learns the new version from the response (which names the case and question). A 409 (someone else's save)
-- would be counted as a conflict and its stored version taken; with disjoint judgements there are none.
dofile("Tests/load/common.lua")
dofile("Tests/load/session.lua")

local session = read_session()
local mine, by_key = {}, {}
local cursor, sequence = 0, 0
conflicts, every_pair_busy = 0, 0

function init(args)
    local threads = tonumber(os.getenv("YJI_LOAD_THREADS") or "1")
    for i, pair in ipairs(session.pairs) do
        if (i - 1) % threads == thread_index then
            table.insert(mine, pair)
            by_key[pair.case .. "/" .. pair.question] = pair
        end
    end
    if #mine == 0 then error("no judgements for thread " .. thread_index) end
    wrk.headers["Cookie"] = "yji_session=" .. session.cookie
    wrk.headers["X-CSRF-Token"] = session.csrf
    wrk.headers["Content-Type"] = "application/json"
    wrk.headers["Accept"] = "application/json"
end

function request()
    for _ = 1, #mine do
        cursor = cursor % #mine + 1
        local pair = mine[cursor]
        if not pair.busy then
            pair.busy = true
            sequence = sequence + 1
            local answer = (sequence % 2 == 0) and "yes" or "no"
            local version = pair.version > 0 and tostring(pair.version) or "null"
            local body = string.format('{"answer":"%s","note":"load test save %d","version":%s}', answer, sequence, version)
            return wrk.format("PUT", string.format("/api/v1/inspections/%s/cases/%s/judgements/%s",
                session.inspection, pair.case, pair.question), nil, body)
        end
    end
    -- More connections than judgements on this thread: cannot happen with the counts run.sh uses; counted if it does.
    every_pair_busy = every_pair_busy + 1
    return wrk.format("GET", "/ping")
end

function response(status, headers, body)
    local case = body:match('"caseId":"([^"]*)"')
    local question = body:match('"questionId":"([^"]*)"')
    if status == 409 then conflicts = conflicts + 1 end
    local pair = case and question and by_key[case .. "/" .. question]
    if pair then
        pair.busy = false
        pair.version = tonumber(body:match('"version":(%d+)') or "0")
    end
end
