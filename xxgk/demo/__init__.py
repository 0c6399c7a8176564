"""The deterministic demo: the seed district (西工区) with its agencies, staff and applicants."""
