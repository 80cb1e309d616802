-- Reads the file Tests/load/prepare.py writes (named by YJI_LOAD_SESSION): "cookie C", "csrf T", "inspection N",
-- then one "pair CASE QUESTION VERSION" line per judgement the save script may change (VERSION 0: unanswered).
function read_session()
    local path = os.getenv("YJI_LOAD_SESSION") or error("YJI_LOAD_SESSION is not set: run Tests/load/run.sh")
    local file = io.open(path, "r") or error("cannot read " .. path)
    local session = { pairs = {} }
    for line in file:lines() do
        local key, rest = line:match("^(%S+) (.*)$")
        if key == "pair" then
            local case, question, version = rest:match("^(%S+) (%S+) (%d+)$")
            table.insert(session.pairs, { case = case, question = question, version = tonumber(version) })
        elseif key then
            session[key] = rest
        end
    end
    file:close()
    return session
end
