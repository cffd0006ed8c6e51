"""Waspada: early warning and early response for social conflict."""
