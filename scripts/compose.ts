import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { composeServices } from '@apollo/composition';
import { Supergraph } from '@apollo/federation-internals';
import { printSubgraphSchema } from '@apollo/subgraph';
import { findBreakingChanges, findDangerousChanges, parse, type GraphQLSchema } from 'graphql';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';

/** The repository root: rover.yaml, schema/ and subgraphs/ live here. */
export const ROOT = path.resolve(__dirname, '..');
export const SUPERGRAPH_FILE = 'schema/supergraph.graphql';

const roverConfig = z.object({
  federation_version: z.union([z.string(), z.number()]).optional(),
  subgraphs: z.record(
    z.string().regex(/^[a-z][a-z0-9_-]*$/, 'a subgraph name is lower case'),
    z.object({
      routing_url: z.string().url(),
      schema: z.object({ file: z.string().min(1) }),
    }),
  ),
});

/** One subgraph as rover.yaml declares it. */
export interface SubgraphEntry {
  name: string;
  routingUrl: string;
  /** Where its SDL is written, relative to the root. */
  schemaFile: string;
}

/** What composing would write, and what composition said about it. */
export interface Composition {
  /** File contents by path relative to the root: each subgraph's SDL, then the supergraph. */
  files: Map<string, string>;
  errors: string[];
  hints: string[];
  supergraphSdl?: string;
}

/** Reads and validates rover.yaml. */
export function readRoverConfig(root = ROOT): SubgraphEntry[] {
  const parsed = roverConfig.safeParse(parseYaml(readFileSync(path.join(root, 'rover.yaml'), 'utf8')));
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`rover.yaml is not valid:\n${lines.join('\n')}`);
  }
  return Object.entries(parsed.data.subgraphs).map(([name, entry]) => ({
    name,
    routingUrl: entry.routing_url,
    schemaFile: path.relative(root, path.resolve(root, entry.schema.file)),
  }));
}

/**
 * Prints each subgraph's SDL from its module's `schema()` (no database needed) and composes
 * them into the supergraph, without writing anything.
 */
export async function composeSupergraph(root = ROOT): Promise<Composition> {
  const files = new Map<string, string>();
  const errors: string[] = [];
  const services = [];
  for (const entry of readRoverConfig(root)) {
    let sdl: string;
    try {
      const module = (await import(path.join(root, 'subgraphs', entry.name))) as {
        schema(): Promise<GraphQLSchema>;
      };
      sdl = `${printSubgraphSchema(await module.schema()).trim()}\n`;
    } catch (error) {
      errors.push(`[${entry.name}] could not build its schema: ${(error as Error).stack ?? String(error)}`);
      continue;
    }
    files.set(entry.schemaFile, sdl);
    services.push({ name: entry.name, url: entry.routingUrl, typeDefs: parse(sdl) });
  }
  if (errors.length) return { files, errors, hints: [] };
  const result = composeServices(services);
  if (result.errors) {
    return { files, errors: result.errors.map((error) => `[composition] ${error.message}`), hints: [] };
  }
  const supergraphSdl = `${result.supergraphSdl.trim()}\n`;
  files.set(SUPERGRAPH_FILE, supergraphSdl);
  return { files, errors, hints: result.hints.map((hint) => hint.toString()), supergraphSdl };
}

/** Writes what `composeSupergraph` produced; refuses to write anything when composition failed. */
export async function writeComposition(root = ROOT): Promise<Composition> {
  const composition = await composeSupergraph(root);
  if (composition.errors.length) return composition;
  for (const [file, content] of composition.files) writeFileSync(path.join(root, file), content);
  return composition;
}

/** The result of `--check`: problems fail the check, warnings are printed. */
export interface CheckResult {
  problems: string[];
  warnings: string[];
}

/**
 * Fails when composition fails, when a committed schema file differs from what compose would
 * write, or when the composed API schema breaks clients of the committed one.
 */
export async function checkComposition(root = ROOT): Promise<CheckResult> {
  const composition = await composeSupergraph(root);
  const problems = [...composition.errors];
  const warnings = [...composition.hints];
  for (const [file, content] of composition.files) {
    const full = path.join(root, file);
    const committed = existsSync(full) ? readFileSync(full, 'utf8') : undefined;
    if (committed === undefined) problems.push(`${file} is missing: run npm run compose`);
    else if (committed !== content) problems.push(`${file} is out of date: run npm run compose`);
  }
  const committedPath = path.join(root, SUPERGRAPH_FILE);
  if (composition.supergraphSdl && existsSync(committedPath)) {
    const changes = apiChanges(readFileSync(committedPath, 'utf8'), composition.supergraphSdl);
    problems.push(...changes.breaking.map((change) => `breaking change: ${change}`));
    warnings.push(...changes.dangerous.map((change) => `dangerous change: ${change}`));
  }
  return { problems, warnings };
}

/** What changes for clients between two supergraphs: the changes between their API schemas. */
export function apiChanges(before: string, after: string): { breaking: string[]; dangerous: string[] } {
  const oldApi = apiSchemaOf(before);
  const newApi = apiSchemaOf(after);
  return {
    breaking: findBreakingChanges(oldApi, newApi).map((change) => `${change.type}: ${change.description}`),
    dangerous: findDangerousChanges(oldApi, newApi).map((change) => `${change.type}: ${change.description}`),
  };
}

/** The schema clients see: the supergraph without its join/link machinery or @inaccessible parts. */
export function apiSchemaOf(supergraphSdl: string): GraphQLSchema {
  return Supergraph.build(supergraphSdl).apiSchema().toGraphQLJSSchema();
}

async function main(): Promise<void> {
  const check = process.argv.includes('--check');
  if (check) {
    const { problems, warnings } = await checkComposition();
    for (const warning of warnings) console.warn(`warning: ${warning}`);
    if (problems.length) {
      console.error(`compose --check failed:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
      process.exit(1);
    }
    console.log('compose --check: the committed schemas are up to date and compatible');
    return;
  }
  const composition = await writeComposition();
  for (const hint of composition.hints) console.warn(`hint: ${hint}`);
  if (composition.errors.length) {
    console.error(`composition failed:\n${composition.errors.map((error) => `  - ${error}`).join('\n')}`);
    process.exit(1);
  }
  for (const file of composition.files.keys()) console.log(`wrote ${file}`);
}

if (require.main === module) {
  main().then(
    // Subgraph modules may leave handles open (loggers, timers); the script is done.
    () => process.exit(0),
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
}
