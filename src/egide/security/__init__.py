"""Labels, principals, access decisions and the audit record."""
