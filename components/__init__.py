"""Pulumi ComponentResources. Each loops over a pure plan and declares resources."""
