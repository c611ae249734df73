-- wrk script: concurrent readers on the demo article (three languages) and search.
-- The paths come from the environment (LOAD_PATHS, separated by "|"). Every search
-- request ends its query with a unique run of punctuation: the search reads only
-- the query's words (it finds the same articles), but the page cache keeps each
-- query apart, so search is never answered from it: it runs PostgreSQL's
-- full-text search and renders each time. (An unknown extra parameter would not
-- do: the page cache drops it and answers from the query's cached page.)
local paths = {}
for path in string.gmatch(os.getenv("LOAD_PATHS") or "/ar/", "[^|]+") do
  paths[#paths + 1] = path
end
local marks = {"-", ".", "~", "!", "*", "'", "(", ")"}
local function unique(n)
  local tail = ""
  repeat
    tail = tail .. marks[(n % #marks) + 1]
    n = math.floor(n / #marks)
  until n == 0
  return tail
end
local n = 0
request = function()
  n = n + 1
  local path = paths[(n % #paths) + 1]
  if string.find(path, "/search/", 1, true) then
    path = path .. "+" .. unique(n)
  end
  return wrk.format("GET", path)
end
