"""The booklet: A5 (half-letter) pages folded into a saddle-stitched booklet."""
