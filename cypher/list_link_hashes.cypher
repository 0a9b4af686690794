// Purpose: the hashes of the relationship and past-address rows one source last stated (kept on the
//   links as "<source>:<hex>"), so a re-load can skip those that have not changed.
// Parameters: prefix (the source's uid followed by ':')
// Returns: hash
MATCH ()-[l:PARENT_OF|SIBLING_OF|PARTNER_OF|EX_PARTNER_OF|CARER_OF|LIVES_AT]->()
WHERE l.row_hashes IS NOT NULL
UNWIND l.row_hashes AS h
WITH h
WHERE h STARTS WITH $prefix
RETURN DISTINCT h AS hash
