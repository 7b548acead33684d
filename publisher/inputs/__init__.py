"""Reading the files a user names: YAML with positions, size limits, plain-language
messages, and finding guides, layouts and brands."""
