"""The client managers' Voilà app: the server, its tabs, and what they read from a finished run."""
