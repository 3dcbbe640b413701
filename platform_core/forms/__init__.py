"""Forms of the support platform, one module per area."""
