-- Submit one answer form over and over, as a learner pressing "Submit answer".
-- The harness passes the url-encoded form body (with its CSRF token) after `--`;
-- the session cookie comes in with -H.
function init(args)
  wrk.method = "POST"
  wrk.body = args[1]
  wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
end
