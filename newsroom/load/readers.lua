-- wrk script: concurrent readers on the demo article (three languages) and search.
-- The paths come from the environment (LOAD_PATHS, separated by "|").
local paths = {}
for path in string.gmatch(os.getenv("LOAD_PATHS") or "/ar/", "[^|]+") do
  paths[#paths + 1] = path
end
local n = 0
request = function()
  n = n + 1
  return wrk.format("GET", paths[(n % #paths) + 1])
end
