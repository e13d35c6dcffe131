"""Access rules of the servicedesk app (registered with kezek.core.policy)."""
