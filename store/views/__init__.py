"""Views room: read-only view-models for boards, screens and documents, computed from records and a Policy."""
