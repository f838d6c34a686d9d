"""Assessment: indicator frameworks, data collection, indices, rankings and gaps."""
