"""A stored document as a whole: show it, reclassify it, retract it (SECURITY.md §3,
"correcting mistakes"). Functions take ``(app, user, …)``: every door calls them."""
