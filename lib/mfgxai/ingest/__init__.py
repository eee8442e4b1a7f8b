"""A client's files in: formats, headers, values and units read as people write them, checked against a process spec."""
