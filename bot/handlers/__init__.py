"""One module per errand. Each knows the Hub's rules for its errand and nothing of channels."""
