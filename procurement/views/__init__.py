"""Pages of the procurement app, one module per noun."""
