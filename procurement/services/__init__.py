"""Every write of the procurement app, one module per noun."""
