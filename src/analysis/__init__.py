"""Chinese department budget disclosures (部门预算公开) as linked, checked data."""
from .compiled import activate

__version__ = "0.2.0"
# `compiled` when the extraction modules run as C (tools/compile.py), else `interpreted (why)`
EXECUTION = activate()
