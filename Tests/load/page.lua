-- The case assessment page of one case, signed in (the page an assessor keeps open while judging a case).
-- Reads YJI_LOAD_SESSION (the file Tests/load/prepare.py writes): session cookie, CSRF token, inspection, cases.
dofile("Tests/load/common.lua")
dofile("Tests/load/session.lua")
local session = read_session()
wrk.method = "GET"
wrk.path = string.format("/inspections/%s/cases/%s", session.inspection, session.pairs[1].case)
wrk.headers["Cookie"] = "yji_session=" .. session.cookie
