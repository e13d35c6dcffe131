"""Access rules of the wfm app (registered with kezek.core.policy)."""
