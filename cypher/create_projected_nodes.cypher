// Purpose: write the nodes of an analysts' projection (app/analyst/projection.py), a graph of its own
//   beside the main graph, never the main graph: one CREATE per row, the label chosen by the row's label.
// Parameters: $rows: list of {label (Authority, Source, Service, Household, Person, Practitioner,
//   Involvement or Fact), props (map: the node's properties as the projection keeps them)}
// Returns: nothing
UNWIND $rows AS r
FOREACH (_ IN CASE WHEN r.label = 'Authority' THEN [1] ELSE [] END | CREATE (n:Authority) SET n = r.props)
FOREACH (_ IN CASE WHEN r.label = 'Source' THEN [1] ELSE [] END | CREATE (n:Source) SET n = r.props)
FOREACH (_ IN CASE WHEN r.label = 'Service' THEN [1] ELSE [] END | CREATE (n:Service) SET n = r.props)
FOREACH (_ IN CASE WHEN r.label = 'Household' THEN [1] ELSE [] END | CREATE (n:Household) SET n = r.props)
FOREACH (_ IN CASE WHEN r.label = 'Person' THEN [1] ELSE [] END | CREATE (n:Person) SET n = r.props)
FOREACH (_ IN CASE WHEN r.label = 'Practitioner' THEN [1] ELSE [] END | CREATE (n:Practitioner) SET n = r.props)
FOREACH (_ IN CASE WHEN r.label = 'Involvement' THEN [1] ELSE [] END | CREATE (n:Involvement) SET n = r.props)
FOREACH (_ IN CASE WHEN r.label = 'Fact' THEN [1] ELSE [] END | CREATE (n:Fact) SET n = r.props)
