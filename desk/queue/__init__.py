"""What an agent should take next: priority, sender groups, claims."""
