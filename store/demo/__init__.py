"""The sample county as data, and the loader that reads it into a database."""
