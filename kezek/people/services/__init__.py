"""Writes of staff records; the only code that saves the people app's models."""
