"""What every page stands on: services, sign-in, routing, the page frame, the gate, messages."""
