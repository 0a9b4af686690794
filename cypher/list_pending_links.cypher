// Purpose: every link still waiting for another source's people (see merge_pending_links).
// Parameters: none
// Returns: uid, source, person_source, waiting, hash, rows
MATCH (pl:PendingLink)
RETURN pl.uid AS uid, pl.source AS source, pl.person_source AS person_source, pl.waiting AS waiting,
       pl.hash AS hash, pl.rows AS rows
ORDER BY pl.uid
