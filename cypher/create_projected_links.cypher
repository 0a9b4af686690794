// Purpose: write the relationships of an analysts' projection (app/analyst/projection.py) between
//   nodes create_projected_nodes wrote: MERGE finds each end by its key (the projection's writer only
//   sends rows whose two ends it wrote), the relationship type chosen by the row's kind.
// Parameters: $rows: list of {kind ("Start-TYPE-End", e.g. "Person-LIVES_AT-Household"), start, end
//   (uid, or code for an Authority), props (map)}
// Returns: nothing
UNWIND $rows AS r
FOREACH (_ IN CASE WHEN r.kind = 'Source-IN_AUTHORITY-Authority' THEN [1] ELSE [] END |
  MERGE (a:Source {uid: r.start}) MERGE (b:Authority {code: r.end}) CREATE (a)-[l:IN_AUTHORITY]->(b) SET l = r.props)
FOREACH (_ IN CASE WHEN r.kind = 'Service-IN_AUTHORITY-Authority' THEN [1] ELSE [] END |
  MERGE (a:Service {uid: r.start}) MERGE (b:Authority {code: r.end}) CREATE (a)-[l:IN_AUTHORITY]->(b) SET l = r.props)
FOREACH (_ IN CASE WHEN r.kind = 'Household-IN_AUTHORITY-Authority' THEN [1] ELSE [] END |
  MERGE (a:Household {uid: r.start}) MERGE (b:Authority {code: r.end}) CREATE (a)-[l:IN_AUTHORITY]->(b) SET l = r.props)
FOREACH (_ IN CASE WHEN r.kind = 'Person-RECORDED_IN-Source' THEN [1] ELSE [] END |
  MERGE (a:Person {uid: r.start}) MERGE (b:Source {uid: r.end}) CREATE (a)-[l:RECORDED_IN]->(b) SET l = r.props)
FOREACH (_ IN CASE WHEN r.kind = 'Person-LIVES_AT-Household' THEN [1] ELSE [] END |
  MERGE (a:Person {uid: r.start}) MERGE (b:Household {uid: r.end}) CREATE (a)-[l:LIVES_AT]->(b) SET l = r.props)
FOREACH (_ IN CASE WHEN r.kind = 'Person-INVOLVED_IN-Involvement' THEN [1] ELSE [] END |
  MERGE (a:Person {uid: r.start}) MERGE (b:Involvement {uid: r.end}) CREATE (a)-[l:INVOLVED_IN]->(b) SET l = r.props)
FOREACH (_ IN CASE WHEN r.kind = 'Involvement-WITH_SERVICE-Service' THEN [1] ELSE [] END |
  MERGE (a:Involvement {uid: r.start}) MERGE (b:Service {uid: r.end}) CREATE (a)-[l:WITH_SERVICE]->(b) SET l = r.props)
FOREACH (_ IN CASE WHEN r.kind = 'Involvement-RECORDED_IN-Source' THEN [1] ELSE [] END |
  MERGE (a:Involvement {uid: r.start}) MERGE (b:Source {uid: r.end}) CREATE (a)-[l:RECORDED_IN]->(b) SET l = r.props)
FOREACH (_ IN CASE WHEN r.kind = 'Involvement-LED_BY-Practitioner' THEN [1] ELSE [] END |
  MERGE (a:Involvement {uid: r.start}) MERGE (b:Practitioner {uid: r.end}) CREATE (a)-[l:LED_BY]->(b) SET l = r.props)
FOREACH (_ IN CASE WHEN r.kind = 'Involvement-HAS_FACT-Fact' THEN [1] ELSE [] END |
  MERGE (a:Involvement {uid: r.start}) MERGE (b:Fact {uid: r.end}) CREATE (a)-[l:HAS_FACT]->(b) SET l = r.props)
FOREACH (_ IN CASE WHEN r.kind = 'Fact-RECORDED_IN-Source' THEN [1] ELSE [] END |
  MERGE (a:Fact {uid: r.start}) MERGE (b:Source {uid: r.end}) CREATE (a)-[l:RECORDED_IN]->(b) SET l = r.props)
FOREACH (_ IN CASE WHEN r.kind = 'Person-PARENT_OF-Person' THEN [1] ELSE [] END |
  MERGE (a:Person {uid: r.start}) MERGE (b:Person {uid: r.end}) CREATE (a)-[l:PARENT_OF]->(b) SET l = r.props)
FOREACH (_ IN CASE WHEN r.kind = 'Person-SIBLING_OF-Person' THEN [1] ELSE [] END |
  MERGE (a:Person {uid: r.start}) MERGE (b:Person {uid: r.end}) CREATE (a)-[l:SIBLING_OF]->(b) SET l = r.props)
FOREACH (_ IN CASE WHEN r.kind = 'Person-PARTNER_OF-Person' THEN [1] ELSE [] END |
  MERGE (a:Person {uid: r.start}) MERGE (b:Person {uid: r.end}) CREATE (a)-[l:PARTNER_OF]->(b) SET l = r.props)
FOREACH (_ IN CASE WHEN r.kind = 'Person-EX_PARTNER_OF-Person' THEN [1] ELSE [] END |
  MERGE (a:Person {uid: r.start}) MERGE (b:Person {uid: r.end}) CREATE (a)-[l:EX_PARTNER_OF]->(b) SET l = r.props)
FOREACH (_ IN CASE WHEN r.kind = 'Person-CARER_OF-Person' THEN [1] ELSE [] END |
  MERGE (a:Person {uid: r.start}) MERGE (b:Person {uid: r.end}) CREATE (a)-[l:CARER_OF]->(b) SET l = r.props)
FOREACH (_ IN CASE WHEN r.kind = 'Person-POSSIBLE_MATCH-Person' THEN [1] ELSE [] END |
  MERGE (a:Person {uid: r.start}) MERGE (b:Person {uid: r.end}) CREATE (a)-[l:POSSIBLE_MATCH]->(b) SET l = r.props)
