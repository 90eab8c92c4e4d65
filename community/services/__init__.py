"""Writes. Each module groups the services of one concept; views, API, admin and tasks call these."""
