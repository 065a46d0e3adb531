"""The HTTP API under ``/api/v1``: thin routes over ``egide.ops`` (and the products,
stream and decision packages). Every route that touches content takes ``Acting``."""
