-- The ceiling: GET /ping, which does no work (no session, no database).
dofile("Tests/load/common.lua")
wrk.method = "GET"
wrk.path = "/ping"
