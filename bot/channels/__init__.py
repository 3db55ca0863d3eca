"""Transports: each turns its wire format into `Incoming` and renders `Reply`."""
