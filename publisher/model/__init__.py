"""The typed models of what a user writes: guide, brand and layout, and their schema."""
