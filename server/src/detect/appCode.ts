// What kind of code a file or project is: a long-running app (server, worker) or tooling around it.
import * as path from 'path';
import type { ProjectContext } from '../core/types';
import { isTestPath } from '../core/paths';
import { packageName } from '../ecosystem/npm/packages';

const TOOLING_DIR = /(^|\/)(scripts?|bin|tools?|cli|migrations?|seeds?|seeders?)\//i;
const TOOLING_FILE = /(^|[./])config\.[cm]?[jt]s$|^(gulpfile|gruntfile|jakefile)\.[cm]?[jt]s$/i;

/**
 * Build scripts, CLIs, migrations and tool configs: they run once on a developer's or CI machine, so writing
 * local files or spawning helpers there says nothing about the app's processes.
 */
export function isToolingFile(rel: string, text: string): boolean {
  return TOOLING_DIR.test(rel) || TOOLING_FILE.test(path.posix.basename(rel)) || text.startsWith('#!');
}

const CLI_DIR = /(^|\/)(bin|scripts?|tasks|cli|tools?)\//;
const CLI_FILE = /(^|\/)cli\.[cm]?[jt]sx?$/;

/** A command-line program (`bin/`, `scripts/`, `cli.ts`, a `#!` file): it runs and exits, so it serves no requests. */
export function isCommandLineFile(rel: string, text: string): boolean {
  return text.startsWith('#!') || CLI_DIR.test(rel) || CLI_FILE.test(rel);
}

const SERVER_PACKAGES = new Set([
  'express',
  'koa',
  'fastify',
  '@hapi/hapi',
  'hapi',
  'restify',
  '@nestjs/core',
  'next',
  'nuxt',
  'hono',
  '@hono/node-server',
  'socket.io',
  'ws',
  'polka',
  'micro',
  '@apollo/server',
  'apollo-server',
  'apollo-server-express',
  'graphql-yoga',
  'sails',
  '@loopback/core',
  '@feathersjs/feathers',
  'connect',
  'h3',
  '@remix-run/express',
  '@sveltejs/kit',
  'astro',
  '@adonisjs/core',
  'moleculer',
  '@trpc/server',
  'elysia',
]);
const WORKER_PACKAGES = new Set([
  'bull',
  'bullmq',
  'bee-queue',
  'agenda',
  'amqplib',
  'kafkajs',
  'node-cron',
  'cron',
  'node-schedule',
  '@google-cloud/pubsub',
  'sqs-consumer',
  'graphile-worker',
  'pg-boss',
  'kue',
  'rsmq',
  'nats',
  'temporalio',
  '@temporalio/worker',
  'node-resque',
  'bree',
]);

function isRuntimePackage(name: string | undefined): boolean {
  return !!name && (SERVER_PACKAGES.has(name) || WORKER_PACKAGES.has(name));
}

/**
 * Whether the project runs a long-lived process: it depends on or imports a server or worker framework, declares
 * process types (Procfile), a container command, or an npm start script.
 */
export function runsServerOrWorker(ctx: ProjectContext): boolean {
  const p = ctx.project;
  if (p.procfile?.entries.length) return true;
  if (p.pkg?.scripts.start) return true;
  if (p.dockerfiles.some((d) => d.instructions.some((i) => i.keyword === 'CMD' || i.keyword === 'ENTRYPOINT')))
    return true;
  for (const name of p.pkg?.deps.keys() ?? [])
    if (isRuntimePackage(name) && p.pkg?.deps.get(name)?.field === 'dependencies') return true;
  for (const src of p.sources) {
    if (isTestPath(path.relative(p.root, src).split(path.sep).join('/'))) continue;
    if (ctx.facts(src)?.imports.some((i) => isRuntimePackage(packageName(i.specifier)))) return true;
  }
  return false;
}
