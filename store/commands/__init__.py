"""Commands room: the repository — every change is one transaction, one history entry, one undo step."""
