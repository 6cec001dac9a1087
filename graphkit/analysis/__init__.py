"""The analyses, one concept per module: coalition opportunities and representation gaps."""
