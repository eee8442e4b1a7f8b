"""Reports and guidebooks as HTML and PDF."""
