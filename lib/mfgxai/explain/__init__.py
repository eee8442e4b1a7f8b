"""What the model says, in tables, windows, charts and sentences; what a run publishes for the app."""
