"""The embedded profile's database backend: Django's SQLite backend with queued writers."""
