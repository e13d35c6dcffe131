"""The service desk's pages, one module per area (AGENTS.md: when views become a package)."""
