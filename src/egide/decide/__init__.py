"""Tactical decision support: the decision file, from mission analysis to the commander's
recorded decision."""
