"""Mail in and out: local and IMAP sources, MIME parsing, ingest into the store."""
