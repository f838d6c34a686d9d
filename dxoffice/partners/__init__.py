"""Partnership: the agreement's commitments, enterprise support and schools."""
