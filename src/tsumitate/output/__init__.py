"""Results to text a lawyer reads, or to one JSON object per line for scripts."""
