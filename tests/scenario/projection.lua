-- projection: the projection world (projworld.lua) with no policy.
require("projworld").build("projection")
