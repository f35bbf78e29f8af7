-- Many learners answering at once: each request is the next line of the file whose
-- path the harness passes after `--`, a tab-separated question path, session cookie
-- and url-encoded answer form (with its CSRF token). Headers given with -H (the
-- User-Agent) go with every request.
local requests = {}
local next_index = 1

function init(args)
  for line in io.lines(args[1]) do
    local path, cookie, body = line:match("^([^\t]+)\t([^\t]+)\t(.+)$")
    local headers = {}
    for name, value in pairs(wrk.headers) do
      headers[name] = value
    end
    headers["Cookie"] = cookie
    headers["Content-Type"] = "application/x-www-form-urlencoded"
    requests[#requests + 1] = wrk.format("POST", path, headers, body)
  end
  -- Each thread starts at its own place, so the connections spread over the learners.
  next_index = math.random(#requests)
end

function request()
  local chosen = requests[next_index]
  next_index = next_index % #requests + 1
  return chosen
end
