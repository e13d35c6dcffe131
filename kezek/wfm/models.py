"""Models of the wfm app."""
