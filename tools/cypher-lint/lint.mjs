// Lint familynet's named Cypher queries with Neo4j's own linter (@neo4j-cypher/language-support).
//
// stdin:  {"schema": {"labels": [...], "relationshipTypes": [...], "propertyKeys": [...],
//                     "graphSchema": [{"from", "to", "relType"}] (optional)},
//          "queries": [{"name": "...", "text": "...", "parameters": ["person_id", ...]}]}
// stdout: {"package": "<version>", "results": {"<name>": [{"line", "column", "severity", "message"}]}}
//
// Strict on purpose: Neo4j's Cypher 5 function and procedure registry (the package's own mock
// schema, which mirrors a real Neo4j 5 with APOC) means a FalkorDB-only procedure is an error, and
// familynet's labels, relationship types and property keys mean a misspelling is a diagnostic.
// The package does not check labels or properties that a query itself creates or sets, and
// mistakes which variable a property belongs to inside a pattern's map, so labels in CREATE/MERGE
// and all property keys are checked below with the package's own parser.
import { readFileSync } from 'node:fs';

import { highlightSyntax, lintCypherQuery, testData } from '@neo4j-cypher/language-support';
// Not part of the package's public API, but pinned by package-lock.json: it exposes the
// properties each clause writes, which lintCypherQuery deliberately skips.
import { createParsingResult } from './node_modules/@neo4j-cypher/language-support/dist/esm/project/language-support/src/cypherLanguageService.js';

const CYPHER_VERSION = 'CYPHER 5';
const SEVERITY = { 1: 'error', 2: 'warning', 3: 'information', 4: 'hint' };
const NOT_IN_SCHEMA = "is not in familynet's schema (graph/models/); misspelled, or add it to the models";

function dbSchema(schema, parameters) {
  const { functions, procedures } = testData.mockSchema;
  return {
    labels: schema.labels,
    relationshipTypes: schema.relationshipTypes,
    // propertyKeys are checked by unknownProperties below, which gets the owner of a key right
    graphSchema: schema.graphSchema,
    functions: { [CYPHER_VERSION]: functions[CYPHER_VERSION] },
    procedures: { [CYPHER_VERSION]: procedures[CYPHER_VERSION] },
    defaultLanguage: CYPHER_VERSION,
    parameters: Object.fromEntries(parameters.map((name) => [name, 'declared'])),
  };
}

function position(text, offset) {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: before.at(-1).length + 1 };
}

// Labels and relationship types anywhere, including those in CREATE and MERGE.
function writtenLabels(text, schema) {
  const known = new Set([...schema.labels, ...schema.relationshipTypes]);
  return highlightSyntax(text)
    .filter((t) => t.tokenType === 'label' && !known.has(t.token.replace(/^`|`$/g, '')))
    .map((t) => ({
      offset: t.position.startOffset,
      severity: 'warning',
      message: `Label or relationship type ${t.token} ${NOT_IN_SCHEMA}`,
    }));
}

// Properties read or written on a node or relationship variable. The package's own check skips
// every property that the query writes anywhere, and gives every key inside a pattern's map the
// pattern's variable (so `MATCH (a:Person {uid: r.a})` reports `a`); this one takes the variable
// written before the dot for an access `x.key` and checks writes as well.
function unknownProperties(text, schema, symbolTables) {
  const known = new Set(schema.propertyKeys);
  const symbols = symbolTables.flat();
  const isEntity = (name) =>
    symbols.some(
      (s) => s.variable === name && s.types.length > 0 && s.types.every((t) => t === 'Node' || t === 'Relationship'),
    );
  const owner = (p) => {
    const access = /([A-Za-z_][A-Za-z0-9_]*|`[^`]+`)\s*\.\s*$/.exec(text.slice(0, p.offsets.start));
    if (access) return access[1].replace(/^`|`$/g, '');
    return p.variable?.name;
  };
  return createParsingResult(text, { consoleCommandsEnabled: false })
    .statementsParsing.flatMap((statement) => statement.collectedProperties)
    .filter((p) => !known.has(p.propertyName) && isEntity(owner(p)))
    .map((p) => ({
      offset: p.offsets.start,
      severity: 'warning',
      message: `Property ${p.propertyName} is ${p.type === 'write' ? 'written' : 'read'} but ${NOT_IN_SCHEMA}`,
    }));
}

function lintOne(query, schema) {
  const { diagnostics, symbolTables } = lintCypherQuery(query.text, dbSchema(schema, query.parameters ?? []), {
    consoleCommandsEnabled: false,
  });
  const found = diagnostics.map((d) => ({
    offset: d.offsets.start,
    severity: SEVERITY[d.severity] ?? String(d.severity),
    message: d.message,
  }));
  const seen = new Set(found.map((d) => d.offset));
  const extra = [...writtenLabels(query.text, schema), ...unknownProperties(query.text, schema, symbolTables)];
  for (const d of extra) {
    if (!seen.has(d.offset)) {
      found.push(d);
      seen.add(d.offset);
    }
  }
  return found
    .sort((a, b) => a.offset - b.offset)
    .map(({ offset, severity, message }) => ({ ...position(query.text, offset), severity, message }));
}

const input = JSON.parse(readFileSync(0, 'utf8'));
const results = {};
for (const query of input.queries) {
  results[query.name] = lintOne(query, input.schema);
}
const packageJson = new URL('./node_modules/@neo4j-cypher/language-support/package.json', import.meta.url);
const version = JSON.parse(readFileSync(packageJson, 'utf8')).version;
process.stdout.write(JSON.stringify({ package: version, results }, null, 1) + '\n');
