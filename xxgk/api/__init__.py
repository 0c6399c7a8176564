"""The REST API (django-ninja): mounts each app's router and serves the OpenAPI schema."""
