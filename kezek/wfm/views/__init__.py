"""Pages of workforce planning, one module per step of the cycle."""
