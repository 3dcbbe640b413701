"""Fixed routes (固定流程) as data: conditions, validation, layout, BPMN/XPDL interchange, SVG.

Pure modules (no database): `selectors.routes.version_spec` turns a stored version into a
`spec.RouteSpec`, and `services.routes` writes one back.
"""
