"""The site: the layer on top of every app.

It holds the URL wiring, the home pages, reminders, demo loading and the commands that set up
an install, and later the dashboards, reports and notifications that read several apps. The
base of ``portal`` and the apps never import it.
"""
