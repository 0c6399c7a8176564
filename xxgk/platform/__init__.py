"""Shared Django plumbing: audit log, permission policy, daily sweeps, base templates."""
