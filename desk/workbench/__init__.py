"""What the agent's window does, headless: the calls its workers make."""
