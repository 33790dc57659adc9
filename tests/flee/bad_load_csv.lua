-- A malformed routes.csv: the message names the CSV file and its line.
-- expect-file: routes.csv
-- expect: 3: unknown location 'Cc'
-- expect-also: bad_route/input_csv/routes.csv:3:
-- expect-also: bad_load_csv.lua:7:
local flee = require "migsim.flee"
flee.load("fixtures/bad_route")
