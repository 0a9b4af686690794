// Title: Children with several services involved and no recent contact
// Description: Children under 18 with current involvements from at least $min_services different services, where no involvement records contact in the last $days days (or none records contact at all).
// Parameters: $today (date, default today), $days (integer, default 90), $min_services (integer, default 3)
// Returns: child (node), name, dob, services, last_contact
MATCH (child:Person)-[:INVOLVED_IN]->(i:Involvement)-[:WITH_SERVICE]->(s:Service)
WHERE child.dob IS NOT NULL
  AND date(child.dob) > date($today) - duration({years: 18})
  AND i.status = 'current'
WITH child, collect(DISTINCT s.name) AS services, max(i.last_contact) AS last_contact
WHERE size(services) >= $min_services
  AND (last_contact IS NULL OR date(last_contact) < date($today) - duration({days: $days}))
RETURN child, child.given_name + ' ' + child.family_name AS name, child.dob AS dob, services, last_contact
ORDER BY last_contact, name
