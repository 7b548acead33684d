"""The build as a library: plan, render, write, freshness, parallel work."""
