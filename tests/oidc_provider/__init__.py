"""A real OpenID Connect provider (django-oauth-toolkit) that the sign-in tests start on 127.0.0.1."""
