"""Post-passes on finished PDFs: bleed, imposition, stamping a brand, tagging."""
