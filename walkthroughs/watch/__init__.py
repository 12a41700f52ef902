"""Scheduled walks of a live shop: the loop, its history, regressions, incidents, alerts, trends, report links and
retention."""
