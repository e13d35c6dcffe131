"""Models of the servicedesk app."""
