"""The centre's view across clients: every engagement run in one batch, and the portfolio."""
