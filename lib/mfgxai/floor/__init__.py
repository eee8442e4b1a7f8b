"""For the shop floor: a run's operating windows as a one-page card at the machine and as a control-plan extract."""
