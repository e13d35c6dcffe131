"""The surveys pages, one module per area (AGENTS.md: when views become a package)."""
