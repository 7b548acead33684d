"""What every renderer shares: the job and its documents, fonts, styles, markup, tags,
icons, drawings and the clinic band."""
