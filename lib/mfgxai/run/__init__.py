"""Running a process notebook with papermill in a private kernel, with progress."""
