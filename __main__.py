"""landfall's Pulumi program: read the stack config, compose the stack, export its outputs.

Declares no resources itself (they live in components/). A bad config stops the program with every
problem listed, before any resource is registered.
"""

from pathlib import Path

import pulumi

from components.compose import compose
from landfall.config.errors import ConfigError
from landfall.engine import load_from_engine

try:
    config = load_from_engine(Path(__file__).parent)
except ConfigError as err:
    # RunError ends the program with the message alone, no traceback.
    raise pulumi.RunError(err.render()) from None

for key, value in compose(config).items():
    pulumi.export(key, value)
