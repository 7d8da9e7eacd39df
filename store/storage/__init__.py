"""Storage room: the file (atomic swap), the writer lock, the history log, the schema and the integrity check.

files: bytes on disk (format, atomic swap keeping mode and owner, OS errors in Chinese) · lock: one writer at a
time, waited for · history: the append-only log · database: an open file, its write protocol and reload ·
backups / restore: copies, and roll-forward of the log from one · schema / validate / integrity: shape and checks.

Every write follows one protocol (Database.writing + ensure_current, then RepositoryBase._write):
  take the lock (waiting up to SUPERVISOR_LOCK_WAIT) → check the file is the one this process read (signature,
  and the log's last number) → append the log line → swap the file in → remember its new signature → release.
A second file joining the database later (a per-year archive) follows the same protocol under the same lock: its own
signature and `meta.history_seq`, its changes in the same log lines (`table` names say which file), backed up and
restored beside the working file.
"""
