"""Calendar room: Chinese date input and printing, working days on the official holiday calendar."""
