"""Sending the handouts: the letter, its recipients, SMTP and the campaign."""
