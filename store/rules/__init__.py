"""Rules room: lights, roll-ups, figures, urgency and indicator verdicts — pure functions of records and today."""
