"""docgen: client documents for Customer Success Managers and vCIOs."""

__version__ = "0.1.0"
