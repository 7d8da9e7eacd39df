"""Exchange room: Excel/CSV/JSON in and out, and drafting items from a meeting speech."""
