"""Access rules of the surveys app (registered with kezek.core.policy)."""
