import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { printSchema } from 'graphql';
import { apiSchemaOf, checkComposition, composeSupergraph, writeComposition } from '../scripts/compose';

/**
 * A throwaway repository root with two subgraph modules written as plain CommonJS, so the
 * composition pipeline is tested on its own, whatever state the real subgraphs are in.
 */
function fixtureRoot(): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'compose-test-'));
  mkdirSync(path.join(root, 'schema'));
  writeFileSync(
    path.join(root, 'rover.yaml'),
    [
      'federation_version: =2.14.4',
      'subgraphs:',
      '  people:',
      '    routing_url: http://127.0.0.1:4101/graphql',
      '    schema:',
      '      file: ./schema/people.graphql',
      '  pets:',
      '    routing_url: http://127.0.0.1:4102/graphql',
      '    schema:',
      '      file: ./schema/pets.graphql',
      '',
    ].join('\n'),
  );
  writeSubgraph(
    root,
    'people',
    'type Person @key(fields: "id") { id: ID! name: String! } type Query { person(id: ID!): Person }',
  );
  writeSubgraph(
    root,
    'pets',
    'type Pet { name: String! } type Person @key(fields: "id") { id: ID! pets: [Pet!]! }',
  );
  return root;
}

function writeSubgraph(root: string, name: string, sdl: string): void {
  const dir = path.join(root, 'subgraphs', name);
  mkdirSync(dir, { recursive: true });
  const typeDefs =
    'extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"]) ' + sdl;
  writeFileSync(
    path.join(dir, 'index.js'),
    [
      `const { buildSubgraphSchema } = require(${JSON.stringify(require.resolve('@apollo/subgraph'))});`,
      `const { parse } = require(${JSON.stringify(require.resolve('graphql'))});`,
      `exports.name = ${JSON.stringify(name)};`,
      `exports.schema = async () => buildSubgraphSchema({ typeDefs: parse(${JSON.stringify(typeDefs)}) });`,
      '',
    ].join('\n'),
  );
}

describe('composition', () => {
  let root: string;

  beforeEach(() => {
    root = fixtureRoot();
  });

  afterEach(() => {
    rmSync(root, { recursive: true, force: true });
  });

  it('writes each subgraph SDL and the supergraph, and the check then passes', async () => {
    const composition = await writeComposition(root);
    expect(composition.errors).toEqual([]);
    expect([...composition.files.keys()]).toEqual([
      'schema/people.graphql',
      'schema/pets.graphql',
      'schema/supergraph.graphql',
    ]);
    const supergraph = readFileSync(path.join(root, 'schema/supergraph.graphql'), 'utf8');
    expect(supergraph).toContain('join__graph(name: "pets", url: "http://127.0.0.1:4102/graphql")');
    expect(printSchema(apiSchemaOf(supergraph))).toContain('pets: [Pet!]!');
    expect((await checkComposition(root)).problems).toEqual([]);
  });

  it('fails the check when a committed file is missing or stale', async () => {
    await writeComposition(root);
    writeFileSync(path.join(root, 'schema/pets.graphql'), 'type Query { stale: Int }\n');
    rmSync(path.join(root, 'schema/people.graphql'));
    const { problems } = await checkComposition(root);
    expect(problems).toEqual([
      'schema/people.graphql is missing: run npm run compose',
      'schema/pets.graphql is out of date: run npm run compose',
    ]);
  });

  it('lists each breaking change against the committed supergraph', async () => {
    await writeComposition(root);
    writeSubgraph(root, 'pets', 'type Pet { nickname: String! } type Person @key(fields: "id") { id: ID! }');
    jest.resetModules(); // the subgraph module changed on disk since it was first loaded
    const { problems } = await checkComposition(root);
    expect(problems).toEqual([
      'schema/pets.graphql is out of date: run npm run compose',
      'schema/supergraph.graphql is out of date: run npm run compose',
      'breaking change: FIELD_REMOVED: Person.pets was removed.',
      'breaking change: FIELD_REMOVED: Pet.name was removed.',
    ]);
  });

  it('reports a composition error and writes nothing', async () => {
    writeSubgraph(root, 'pets', 'type Person @key(fields: "id") { id: ID! name: Int! }');
    const composition = await writeComposition(root);
    expect(composition.errors.join('\n')).toMatch(/\[composition\].*Person\.name/);
    expect(() => readFileSync(path.join(root, 'schema/supergraph.graphql'))).toThrow();
    expect((await composeSupergraph(root)).supergraphSdl).toBeUndefined();
  });
});
