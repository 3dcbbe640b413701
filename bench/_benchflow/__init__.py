"""A bench-only app (bench/_settings2.py installs it, production never does): the bare viewflow
flow bench/workflow.py compares `task_complete()` with. No models, so no migrations: its cases
and tasks live in viewflow's own Process and Task tables."""
