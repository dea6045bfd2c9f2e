#!/usr/bin/env node
// Runs a plan of operations through the real npm `fastly` client against a Backline server.
//
// Usage: node fastly-js-plan.cjs NPM_PREFIX < plan.json
//
// The plan is a JSON object:
//   {"baseUrl": "http://127.0.0.1:PORT",
//    "tokens": {"admin": "...", "reader": "..."},
//    "steps": [{"id": "svc", "api": "ServiceApi", "op": "createService", "token": "admin",
//               "args": {"name": "a b", "service_id": {"$ref": "other.data.id"}}}, ...]}
// A step's token names an entry of "tokens"; "none" sends no Fastly-Key at all.
// {"$ref": "STEP.path.to.value"} is replaced by a value from an earlier step's result.
//
// Prints one JSON array on stdout: for each step
//   {"id", "api", "op", "ok", "status", "data", "body", "link", "request": {"method", "url", "body"}, "error"}
// where "data" is the client's deserialised model (as the client's user sees it) and "body" the raw JSON.
'use strict';

const path = require('node:path');
const { createRequire } = require('node:module');

const prefix = process.argv[2];
if (!prefix) {
  console.error('usage: node fastly-js-plan.cjs NPM_PREFIX < plan.json');
  process.exit(2);
}
const requireFromPrefix = createRequire(path.join(path.resolve(prefix), 'package.json'));
const Fastly = requireFromPrefix('fastly');

const FASTLY_BASE = 'https://api.fastly.com';

function readStdin() {
  return new Promise((resolve, reject) => {
    const chunks = [];
    process.stdin.on('data', (c) => chunks.push(c));
    process.stdin.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    process.stdin.on('error', reject);
  });
}

function lookup(results, ref) {
  const [stepId, ...keys] = ref.split('.');
  const step = results.find((r) => r.id === stepId);
  if (!step) throw new Error(`$ref to unknown step: ${ref}`);
  let value = step;
  for (const key of keys) {
    if (value === null || value === undefined) throw new Error(`$ref does not resolve: ${ref}`);
    value = value[key];
  }
  if (value === undefined) throw new Error(`$ref does not resolve: ${ref}`);
  return value;
}

function resolveArgs(value, results) {
  if (Array.isArray(value)) return value.map((v) => resolveArgs(v, results));
  if (value !== null && typeof value === 'object') {
    if (Object.keys(value).length === 1 && typeof value.$ref === 'string') return lookup(results, value.$ref);
    const out = {};
    for (const [k, v] of Object.entries(value)) out[k] = resolveArgs(v, results);
    return out;
  }
  return value;
}

async function main() {
  const plan = JSON.parse(await readStdin());
  const baseUrl = plan.baseUrl.replace(/\/+$/, '');

  // Every generated operation passes the hard-coded production base path, so rewrite the built URL.
  const originalBuildUrl = Fastly.ApiClient.prototype.buildUrl;
  Fastly.ApiClient.prototype.buildUrl = function buildUrl(...args) {
    const url = originalBuildUrl.apply(this, args);
    return url.startsWith(FASTLY_BASE) ? baseUrl + url.substring(FASTLY_BASE.length) : url;
  };

  const clients = new Map();
  let lastRequest = null;
  function clientFor(tokenName) {
    if (!clients.has(tokenName)) {
      const client = new Fastly.ApiClient();
      if (tokenName !== 'none') {
        const token = plan.tokens[tokenName];
        if (!token) throw new Error(`plan names unknown token: ${tokenName}`);
        client.authenticate(token);
      }
      client.plugins = [(request) => { lastRequest = request; }];
      clients.set(tokenName, client);
    }
    return clients.get(tokenName);
  }

  const results = [];
  for (const step of plan.steps) {
    const result = { id: step.id ?? null, api: step.api, op: step.op };
    lastRequest = null;
    try {
      const ApiClass = Fastly[step.api];
      if (typeof ApiClass !== 'function') throw new Error(`unknown api: ${step.api}`);
      const api = new ApiClass(clientFor(step.token ?? 'admin'));
      const method = api[`${step.op}WithHttpInfo`];
      if (typeof method !== 'function') throw new Error(`unknown operation: ${step.api}.${step.op}`);
      const { data, response } = await method.call(api, resolveArgs(step.args ?? {}, results));
      result.ok = true;
      result.status = response.status;
      result.data = data === undefined ? null : JSON.parse(JSON.stringify(data));
      result.body = response.body ?? null;
      result.link = response.get('Link') ?? null;
    } catch (failure) {
      result.ok = false;
      if (failure && failure.response) {
        result.status = failure.status;
        result.body = failure.body ?? null;
        result.link = failure.response.get('Link') ?? null;
        result.error = String(failure.error);
      } else {
        result.status = null;
        result.error = String(failure && failure.stack ? failure.stack : failure);
      }
    }
    if (lastRequest) {
      result.request = {
        method: lastRequest.method,
        url: lastRequest.url,
        query: lastRequest.qs ?? null,
        body: typeof lastRequest._data === 'string' ? lastRequest._data : null,
      };
    }
    results.push(result);
    if (result.status === null) break; // a client-side failure (no HTTP answer): later steps would only cascade
  }
  process.stdout.write(JSON.stringify(results));
  process.stdout.write('\n');
}

main().catch((e) => {
  console.error(e && e.stack ? e.stack : e);
  process.exit(1);
});
