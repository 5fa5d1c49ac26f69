"""Where: the gazetteer (GeoNames places, first-level divisions, aliases) and linking mentions to places."""
