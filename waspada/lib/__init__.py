"""Plain helpers shared by the apps (no models)."""
