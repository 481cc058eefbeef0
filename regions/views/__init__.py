"""Region pages, the comparison and the open data, one module per page group."""
