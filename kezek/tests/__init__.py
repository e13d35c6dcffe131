"""Tests across the apps: the API shell, the admin, jobs and logins. They need people
(accounts) and every app's routes, so they sit above all of them (docs/decisions/0006)."""
