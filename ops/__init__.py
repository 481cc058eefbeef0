"""Running the site in production: health checks, page cache, request limits, headers."""
