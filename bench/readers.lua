-- wrk script: concurrent readers on the demo article (three languages) and search.
-- The paths come from the environment (LOAD_PATHS, separated by "|"). Every search
-- request gets a unique extra parameter, so search is never answered from the page
-- cache: it runs PostgreSQL's full-text search and renders each time.
local paths = {}
for path in string.gmatch(os.getenv("LOAD_PATHS") or "/ar/", "[^|]+") do
  paths[#paths + 1] = path
end
local n = 0
request = function()
  n = n + 1
  local path = paths[(n % #paths) + 1]
  if string.find(path, "/search/", 1, true) then
    path = path .. "&n=" .. n
  end
  return wrk.format("GET", path)
end
