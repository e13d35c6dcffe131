"""Writes and computations of workforce planning; views, the API and tasks call these."""
