"""Rich text shared by every app: the sanitiser (and the editor widget)."""
