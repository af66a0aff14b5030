"""The pure core: Query -> Reply. Imports no telegram, sqlalchemy, httpx or web code."""
