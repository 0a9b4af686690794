// Purpose: keep a middle-band match as POSSIBLE_MATCH for a person to review (never merged silently).
// Parameters: $rows: list of {a, b, score, reasons, source}
// Returns: nothing
UNWIND $rows AS r
MATCH (a:Person {uid: r.a})
MATCH (b:Person {uid: r.b})
MERGE (a)-[m:POSSIBLE_MATCH]->(b)
ON CREATE SET m.sources = [r.source]
ON MATCH SET m.sources = CASE WHEN r.source IN m.sources THEN m.sources ELSE m.sources + r.source END
SET m.score = r.score, m.reasons = r.reasons
