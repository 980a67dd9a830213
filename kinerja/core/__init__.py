"""Facts every layer shares: quarters and calendars, NIPs, number formats, privacy and pseudonyms."""
