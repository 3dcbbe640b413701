"""Open311 GeoReport v2 (https://wiki.open311.org/GeoReport_v2/): 政民互动 for third-party apps
and city dashboards."""
