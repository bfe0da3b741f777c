"""Scenarios in time: failure and return of every component along timed events
(:mod:`.engine`)."""
