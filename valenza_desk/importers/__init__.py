"""Readers that turn files into domain rows; they never touch the database."""
