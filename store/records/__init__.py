"""Records room: the record shapes (glossary names), enumerated words, and checks of values where they enter."""
