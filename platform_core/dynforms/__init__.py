"""Dynamic forms ("one item, one form"): field types, form class builder, file sniffing, regions,
definition checks and JSON import/export. Models are in `platform_core.models.dynforms`, writes in
`platform_core.services.dynforms`, reads in `platform_core.selectors.dynforms`."""
