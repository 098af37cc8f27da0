"""The management stack's parts: the organization, its policies, delegated security services, the org trail."""
