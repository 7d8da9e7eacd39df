"""Exchange room: Excel/CSV/JSON in and out, and drafting items from a meeting's text (speech, minutes,
工作方案, 任务分工方案 tables: documents, task_tables, speech)."""
