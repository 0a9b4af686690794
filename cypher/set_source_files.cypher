// Purpose: keep on a source the files its last completed loads read (mapping file name, the digest of
//   the extract with its mapping, rows read and quarantined, as JSON texts), so that the next load
//   skips a file that has not changed. Written after every other write of the load.
// Parameters: uid (the source's uid), files (list of JSON texts)
// Returns: nothing
MATCH (s:Source {uid: $uid})
SET s.loaded_files = $files
