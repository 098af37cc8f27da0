"""A tiny HTTP service for the Fargate tier: the standard library only, so the image needs nothing but Python."""
