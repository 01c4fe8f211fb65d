"""Suppliers, procurements, capacity calendar and start-date commitments.

The models come with the suppliers-and-procurement work; the app is registered now so the
layout and the import direction (procurement builds on rollout) are fixed from the start.
"""
