-- A module with a mistake on line 3.
local M = {}
route { from = "Hub", to = "Gate", km_ = 5 }
return M
