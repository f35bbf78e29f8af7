"""Question-bank files: their format, safe loading, import, export and the `flask bank` CLI."""
