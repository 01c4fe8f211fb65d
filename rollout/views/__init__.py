"""Pages of the rollout app, one module per noun."""
