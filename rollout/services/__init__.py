"""Every write of the rollout app, one module per noun. Views, API and commands call these."""
