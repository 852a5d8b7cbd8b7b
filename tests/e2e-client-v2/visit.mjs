// A reader's whole visit to the Reading Room through the official MCP TypeScript v2 client
// (@modelcontextprotocol/client, pinned in package.json), once per version-negotiation mode asked for.
//
//   node visit.mjs <connector-url> --token-file <file> [--modes pin,auto] [--progress N]
//   READING_ROOM_TOKEN=<bearer> node visit.mjs <connector-url> [...]      (by hand)
//
// The bearer token (the dev sign-in's GET /token?sub=…&aud=<connector-url>&format=text) is read from a file or the
// environment, never argv, so it doesn't show in a process listing. For each mode the script
// connects over Streamable HTTP with an Authorization header, then: tools/list, begin_session, domain_list_articles,
// domain_get_article, user_get_shelf (before), user_save_to_shelf, user_get_shelf (after). Mode i saves the i-th
// listed article, so a later mode's shelf also shows what an earlier mode saved on its own connection.
//
// stdout: one JSON line of facts for TypeScriptV2ClientTests to assert; it judges them, this script only reports.
// Any failure (connect, a tool error, no structured content) exits 1 with the reason on stderr.

import { readFile } from 'node:fs/promises';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';

const PINNED_REVISION = '2026-07-28';
const MODES = {
  pin: { mode: { pin: PINNED_REVISION } },
  auto: { mode: 'auto' },
};
// A hung server must fail the run well inside the C# test's limit, not after the SDK's 60 s default.
const REQUEST_TIMEOUT_MS = 15_000;

function parseArguments(argv) {
  const [url, ...rest] = argv;
  if (!url) throw new Error('usage: node visit.mjs <connector-url> --token-file <file> [--modes pin,auto] [--progress N]');
  const options = { url: new URL(url), tokenFile: null, modes: ['pin', 'auto'], progress: 40 };
  for (let i = 0; i < rest.length; i += 2) {
    const [name, value] = [rest[i], rest[i + 1]];
    if (value === undefined) throw new Error(`${name} needs a value`);
    if (name === '--token-file') options.tokenFile = value;
    else if (name === '--modes') options.modes = value.split(',');
    else if (name === '--progress') options.progress = Number.parseInt(value, 10);
    else throw new Error(`unknown option ${name}`);
  }
  const unknown = options.modes.filter((m) => !(m in MODES));
  if (unknown.length) throw new Error(`unknown mode(s) ${unknown.join(', ')}; known: ${Object.keys(MODES).join(', ')}`);
  if (!Number.isInteger(options.progress)) throw new Error('--progress must be a whole number');
  return options;
}

// Records what actually crossed the wire: the JSON-RPC methods posted and the MCP-Protocol-Version headers sent.
// That is how "auto negotiated the modern era" is told apart from "auto fell back to initialize".
function recordingFetch(wire) {
  return async (input, init = {}) => {
    const headers = new Headers(init.headers);
    const version = headers.get('mcp-protocol-version');
    if (version) wire.protocolVersionHeaders.add(version);
    if (typeof init.body === 'string') {
      try {
        const message = JSON.parse(init.body);
        for (const m of Array.isArray(message) ? message : [message]) {
          if (m.method) wire.methods.push(m.method);
        }
      } catch {
        // Not JSON-RPC: nothing to record.
      }
    }
    const response = await fetch(input, init);
    wire.statuses.add(response.status);
    return response;
  };
}

async function call(client, name, args = {}) {
  const result = await client.callTool({ name, arguments: args }, { timeout: REQUEST_TIMEOUT_MS });
  if (result.isError) {
    throw new Error(`${name} failed: ${(result.content ?? []).map((c) => c.text).join(' ')}`);
  }
  if (!result.structuredContent) throw new Error(`${name} returned no structured content`);
  return result.structuredContent;
}

const shelfEntries = (shelfResult) =>
  shelfResult.shelf.items.map((item) => ({ articleId: item.articleId, progress: item.progress }));

async function visit(url, token, modeName, index, progress) {
  const wire = { methods: [], protocolVersionHeaders: new Set(), statuses: new Set() };
  const client = new Client(
    { name: 'reading-room-e2e-client-v2', version: '1.0.0' },
    { versionNegotiation: MODES[modeName] },
  );
  const transport = new StreamableHTTPClientTransport(url, {
    requestInit: { headers: { Authorization: `Bearer ${token}` } },
    fetch: recordingFetch(wire),
  });

  const step = { name: 'connect' };
  try {
    await client.connect(transport, { timeout: REQUEST_TIMEOUT_MS });

    step.name = 'tools/list';
    const tools = (await client.listTools(undefined, { timeout: REQUEST_TIMEOUT_MS })).tools.map((t) => t.name);

    step.name = 'begin_session';
    const begun = await call(client, 'begin_session');
    if (typeof begun.session !== 'string' || begun.session === '') throw new Error('begin_session returned no session');
    const { session } = begun;

    step.name = 'domain_list_articles';
    const articles = (await call(client, 'domain_list_articles', { session })).articles.map((a) => a.id);
    if (articles.length === 0) throw new Error('domain_list_articles listed nothing');
    const chosen = articles[index % articles.length];

    step.name = 'domain_get_article';
    const article = (await call(client, 'domain_get_article', { session, id: chosen })).article;

    step.name = 'user_get_shelf (before)';
    const shelfBefore = shelfEntries(await call(client, 'user_get_shelf', { session }));

    step.name = 'user_save_to_shelf';
    const saved = (await call(client, 'user_save_to_shelf', { session, article_id: chosen, progress })).saved;

    step.name = 'user_get_shelf (after)';
    const shelf = shelfEntries(await call(client, 'user_get_shelf', { session }));

    return {
      negotiatedVersion: client.getNegotiatedProtocolVersion() ?? null,
      era: client.getProtocolEra() ?? null,
      discoverOffered: client.getDiscoverResult()?.supportedVersions ?? null,
      server: client.getServerVersion() ?? null,
      methodsSent: [...new Set(wire.methods)],
      protocolVersionHeaders: [...wire.protocolVersionHeaders],
      httpStatuses: [...wire.statuses].sort(),
      tools,
      articles,
      article: { id: article?.id ?? null, title: article?.title ?? null, hasBody: typeof article?.body === 'string' && article.body.length > 0 },
      shelfBefore,
      saved: { articleId: saved?.articleId ?? null, progress: saved?.progress ?? null },
      shelf,
    };
  } catch (error) {
    const sent = wire.methods.length ? ` (methods sent: ${wire.methods.join(', ')}; HTTP statuses: ${[...wire.statuses].join(', ')})` : '';
    throw new Error(`mode ${modeName}, at ${step.name}: ${error?.message ?? error}${sent}`, { cause: error });
  } finally {
    await client.close().catch(() => {});
  }
}

async function main() {
  const options = parseArguments(process.argv.slice(2));
  const token = options.tokenFile ? (await readFile(options.tokenFile, 'utf8')).trim() : process.env.READING_ROOM_TOKEN;
  if (!token) throw new Error('no bearer token: pass --token-file or set READING_ROOM_TOKEN (the dev sign-in\'s /token)');

  const facts = { node: process.version, modes: {} };
  for (const [index, mode] of options.modes.entries()) {
    // One after the other: each mode's shelf is then the sum of the modes before it, a fact the test can check.
    facts.modes[mode] = await visit(options.url, token, mode, index, options.progress);
  }
  process.stdout.write(JSON.stringify(facts) + '\n');
}

main().catch((error) => {
  process.stderr.write(`visit.mjs: ${error?.stack ?? error}\n`);
  process.exit(1);
});
