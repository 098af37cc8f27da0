"""Lambda@Edge handlers of the sample services. Standard library only: Lambda@Edge takes no layers and no
environment variables, so nothing here may import Powertools or read configuration from the environment."""
