"""Pre-publication review: the secrecy and privacy scan (the review workflow lands with the catalogue)."""
