"""The consulting loop: data drops over time, advice as a record, and new data checked against the advice."""
