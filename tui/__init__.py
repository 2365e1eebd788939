"""The terminal UI: a chat with the indexed articles where every claim can be checked."""
