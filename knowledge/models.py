"""Lessons-learned articles, tags, meetings and search.

The models come with the knowledge-sharing work; the app is registered now so the layout and
the import direction (knowledge builds on rollout) are fixed from the start.
"""
