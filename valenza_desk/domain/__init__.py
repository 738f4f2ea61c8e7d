"""Plain domain types: statuses, actors and the rows services hand out. No Qt, no SQL."""
