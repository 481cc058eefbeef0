"""Calculator views, one module per page or endpoint."""
