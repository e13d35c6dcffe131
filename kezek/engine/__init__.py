"""Kezek's numerical core: queueing, forecasting, scheduling, calendars, sampling.

A library in its own right: it imports no Django and no Kezek app.
"""
