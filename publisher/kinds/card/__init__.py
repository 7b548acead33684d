"""The pocket step card and its office sheet of ten."""
