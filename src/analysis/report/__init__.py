"""What a researcher reads: findings and charts of the notebooks, the notebooks executed into HTML, the reconciliation summary of an extraction."""
