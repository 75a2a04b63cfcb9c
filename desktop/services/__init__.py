"""Qt-free services: each step of the procedure, checked, audited, and run inside the caller's transaction."""
