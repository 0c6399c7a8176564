"""The staff workspace: login, 待办, agencies and roles, audit log."""
