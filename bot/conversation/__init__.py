"""The transport-neutral conversation: what comes in, what goes out, and the engine between."""
