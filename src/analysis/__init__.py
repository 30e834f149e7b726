"""Chinese department budget disclosures (部门预算公开) as linked, checked data."""

__version__ = "0.1.0"
