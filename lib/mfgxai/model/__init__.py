"""The glass-box model: fitting the EBM beside a baseline, scoring from its tables, its quality on held-out parts."""
