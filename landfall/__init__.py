"""landfall: an AWS multi-account landing zone as a Python Pulumi program.

This package holds the pure parts (config models, planners) and the offline tooling
(recording engine, preview, diff). Nothing under ``landfall.config`` or ``landfall.plan``
imports pulumi, so it runs and is tested without the engine.
"""
