"""The demo clients and the generator of their data."""
