"""What a document's figures must satisfy: table identities, text against tables, disclosure."""
