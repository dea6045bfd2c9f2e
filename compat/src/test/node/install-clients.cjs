#!/usr/bin/env node
// Installs the Fastly clients named in compat/package.json into a build-local prefix, unless that
// prefix already holds exactly those versions (so repeated builds do not touch the network).
//
// Usage: node install-clients.cjs PACKAGE_JSON PREFIX
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const [packageJsonPath, prefix] = process.argv.slice(2);
if (!packageJsonPath || !prefix) {
  console.error('usage: node install-clients.cjs PACKAGE_JSON PREFIX');
  process.exit(2);
}

const wanted = JSON.parse(fs.readFileSync(packageJsonPath, 'utf8'));
const dependencies = { ...wanted.dependencies };
// The CLI's binary arrives as an optional dependency named after the platform; check it as well.
const cliBinaryPackage = `@fastly/cli-${process.platform}-${process.arch}`;
if (dependencies['@fastly/cli']) dependencies[cliBinaryPackage] = dependencies['@fastly/cli'];

function installedVersion(name) {
  try {
    return JSON.parse(fs.readFileSync(path.join(prefix, 'node_modules', name, 'package.json'), 'utf8')).version;
  } catch {
    return null;
  }
}

const missing = Object.entries(dependencies).filter(([name, version]) => installedVersion(name) !== version);
if (missing.length === 0) {
  console.log(`[compat] Fastly clients already installed in ${prefix}: ${Object.entries(dependencies).map(([n, v]) => `${n}@${v}`).join(', ')}`);
  process.exit(0);
}

console.log(`[compat] installing into ${prefix}: ${missing.map(([n, v]) => `${n}@${v} (found ${installedVersion(n) ?? 'none'})`).join(', ')}`);
fs.mkdirSync(prefix, { recursive: true });
fs.copyFileSync(packageJsonPath, path.join(prefix, 'package.json'));
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const run = spawnSync(npm, ['install', '--no-package-lock', '--no-audit', '--no-fund', '--prefix', prefix], {
  stdio: 'inherit',
  timeout: 10 * 60 * 1000,
});
if (run.error) {
  console.error(`[compat] npm install failed to run: ${run.error.message}`);
  process.exit(1);
}
if (run.status !== 0) process.exit(run.status ?? 1);

const stillWrong = Object.entries(dependencies).filter(([name, version]) => installedVersion(name) !== version);
if (stillWrong.length > 0) {
  console.error(`[compat] after npm install these are still missing or of another version: ${stillWrong.map(([n, v]) => `${n}@${v} (found ${installedVersion(n) ?? 'none'})`).join(', ')}`);
  process.exit(1);
}
