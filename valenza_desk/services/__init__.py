"""Use cases over the store, Qt-free: they take an Actor and return plain rows."""
