"""Storage room: the file (atomic swap), the writer lock, the history log, the schema and the integrity check."""
