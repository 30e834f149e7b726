"""Reading a document: readers → rows with provenance → recognised tables, parsed lines, performance goals, narrative facts, metadata."""
