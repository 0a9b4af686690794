"""The possible matches page: a data steward reviews the pairs matching could not decide (issue 19)."""
