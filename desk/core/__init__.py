"""What every room of Desk shares: error codes, clock, progress, i18n markers."""
