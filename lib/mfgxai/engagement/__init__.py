"""One client's engagement: its settings (engagement.yaml) and the run store that owns its run folders."""
