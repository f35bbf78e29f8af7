"""Move banks in and out of other tools: Moodle GIFT, Anki decks and spreadsheets."""
