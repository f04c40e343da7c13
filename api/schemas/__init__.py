"""Pydantic models of the HTTP contract, one module per area (Create/Update for request
bodies, Public for answers). Answer models name the fields a client may rely on; the services
may add further fields (``extra="allow"``), which the models pass through. Every list answer is
a :class:`api.schemas.common.Page`."""
