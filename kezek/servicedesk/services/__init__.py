"""Writes of the service desk; the only code that saves its models (one module per area)."""
