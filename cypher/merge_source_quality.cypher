// Purpose: keep on each Source what only its raw extract can tell the data-quality report: how many
//   dates of birth were read, in which layout most were written and how many used it, and how often a
//   new extract is expected. An older extract loaded after a newer one changes nothing.
// Parameters: $rows: list of {uid, extract_date, props: {dob_values, dob_main_format, dob_in_main_format,
//   refresh_days}}
// Returns: nothing
UNWIND $rows AS r
MATCH (s:Source {uid: r.uid})
WHERE s.extract_date <= r.extract_date
SET s += r.props
