"""The centre's hub: JupyterHub serving each client company its engagement's app, and nothing else."""
