"""What report notebooks show: tables, headlines, annex, and the offline HTML pages."""
