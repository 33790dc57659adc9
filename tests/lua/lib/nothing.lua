-- A module that returns nothing: require gives true.
set("route_km_scale", 123)
