"""Views room: read-only view-models for boards, screens and documents, computed from records and a Policy.

board (item rows, per-unit and per-meeting boards), monitoring (verdicts, 达标率, data-request states, the data
year), documents (who gets a document by default, bulletin and evaluation figures: the Word documents only lay
these out).
"""
