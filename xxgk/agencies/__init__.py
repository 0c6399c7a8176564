"""机关 tree, staff users and roles (memberships), public applicant accounts."""
