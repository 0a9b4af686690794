"""The admin page: users, the audit trail and data quality."""
