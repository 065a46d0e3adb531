"""Real-time triage of message streams: sources with checkpoints, per-message triage
(lexicon, watchlists, geofences, rules), explained alerts and window summaries. An alert is
a notification to an analyst; nothing here ever acts on a message."""
