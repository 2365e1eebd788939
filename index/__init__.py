"""Ingestion and the on-disk index: files in, documents, chunks, vectors and keywords out."""
