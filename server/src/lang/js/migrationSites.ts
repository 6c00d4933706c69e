// Where a source file runs schema migrations, seeds or schema sync (sequelize.sync({ alter }), knex migrate.latest(),
// TypeORM synchronize: true, `execSync('prisma migrate deploy')`, a project's own runMigrations()), and its calls
// into packages (one may be a workspace package's migration wrapper). Facts the engine extracts for
// admin-processes/migrations-on-boot and admin-task-endpoint (a migration inside a route handler).
import * as ts from 'typescript';
import type { JsExtractContext as ExtractContext } from './context';
import type { CodeSite, PackageCall } from '../../facts/migrations';
import { calleeName, declaredName, dottedName, unwrap } from './astUtil';
import { moduleRefs } from './moduleRefs';
import { isDevOnly } from './devOnly';
import { handlersOf } from './handlers';
import { processCalls } from './childProcess';
import { packageCallSites, scopeOf } from './longRunning';
import { argvOf, commandsOf, isMigrationProgram } from '../../platform/command';
import { isLocalSpecifier } from '../../ecosystem/npm/packages';
import { excerpt } from '../../util/redact';

/** Text a file with a migration site has. */
export const MIGRATION_TRIGGER =
  /migrat|seed|\.sync\s*\(|syncIndexes|synchroni[sz]e|umzug|updateSchema|runMigrations|prisma|knex|sequelize/i;

/** Names of a project's own migration runner functions. */
const OWN_MIGRATOR =
  /^((run|apply|execute)(Pending|All|Db|Database)?Migrations|migrate(Db|Database|ToLatest|Latest|Up)?)$/;

const TYPEORM_KEYS = new Set(['type', 'entities', 'autoLoadEntities', 'migrations', 'database', 'url']);

export function codeSites(ctx: ExtractContext): CodeSite[] | undefined {
  if (ctx.isTest || ctx.isExample) return undefined;
  const sites: CodeSite[] = [];
  const siteNodes: ts.Node[] = [];
  const add = (node: ts.Node, label: string, runnerFrom?: string) => {
    if (isDevOnly(node)) return;
    sites.push({ range: ctx.rangeOf(node), label, ...scopeOf(ctx, node), ...(runnerFrom ? { runnerFrom } : {}) });
    siteNodes.push(node);
  };
  const refs = moduleRefs(ctx.sourceFile, ctx.index);
  const umzug = refs.binds(['umzug']);
  for (const call of ctx.index.calls) {
    const e = unwrap(call.expression);
    const name = calleeName(e);
    if (!name) continue;
    const owner = ts.isPropertyAccessExpression(e) ? unwrap(e.expression) : undefined;
    const ownerName =
      owner && ts.isPropertyAccessExpression(owner)
        ? owner.name.text
        : owner && ts.isCallExpression(owner)
          ? calleeName(owner.expression)
          : undefined;
    if (name === 'sync' && owner) {
      // sequelize.sync({ alter: true }) / ({ force: true }) rewrites tables; plain sync() only creates missing ones.
      const opts = call.arguments[0] && unwrap(call.arguments[0]);
      const risky =
        opts &&
        ts.isObjectLiteralExpression(opts) &&
        opts.properties.find(
          (p) =>
            ts.isPropertyAssignment(p) &&
            /^(alter|force)$/.test(declaredName(p.name) ?? '') &&
            p.initializer.kind === ts.SyntaxKind.TrueKeyword,
        );
      // Only Sequelize's sync takes these options; other `sync`s (mirrors, stores) must look like a database.
      const ownerRef = refs.resolve(owner);
      const seq =
        (ownerRef && /^sequelize(-typescript)?$/.test(ownerRef.module)) ||
        /sequelize|db|database|model|orm/i.test(dottedName(owner) ?? '') ||
        (ts.isIdentifier(owner) && /^[A-Z]/.test(owner.text));
      if (risky && seq)
        add(call, `${dottedName(e) ?? 'sync'}({ ${declaredName((risky as ts.PropertyAssignment).name)}: true })`);
    } else if ((name === 'latest' || name === 'up') && ownerName === 'migrate')
      add(call, `${dottedName(e) ?? 'migrate.' + name}()`);
    else if (name === 'run' && ownerName === 'seed') add(call, `${dottedName(e) ?? 'seed.run'}()`);
    else if (name === 'runMigrations' && owner) add(call, `${dottedName(e) ?? 'runMigrations'}()`);
    // mongoose: Model.syncIndexes() drops the indexes the schema no longer declares and builds the new ones.
    else if (name === 'syncIndexes' && owner && refs.binds(['mongoose']))
      add(call, `${dottedName(e) ?? 'syncIndexes'}()`);
    // A project's own migration runner, named for what it does: runMigrations() / applyMigrations() from './db'.
    else if (ts.isIdentifier(e) && OWN_MIGRATOR.test(name) && isLocalSpecifier(refs.resolve(e)?.module ?? ''))
      add(call, `${name}()`, refs.resolve(e)!.module);
    // Kysely: new Migrator({ db, provider }).migrateToLatest(), migrator.migrateToLatest()
    else if (name === 'migrateToLatest' && owner) add(call, `${dottedName(e) ?? 'Migrator.migrateToLatest'}()`);
    else if (name === 'migrateUp' && owner && refs.binds(['kysely']))
      add(call, `${dottedName(e) ?? 'Migrator.migrateUp'}()`);
    else if (name === 'up' && ownerName === 'getMigrator') add(call, 'getMigrator().up()');
    else if (name === 'updateSchema' && (ownerName === 'schema' || ownerName === 'getSchemaGenerator'))
      add(call, `${ownerName}.updateSchema()`);
    else if (name === 'up' && umzug && owner && call.arguments.length <= 1)
      add(call, `${dottedName(e) ?? 'umzug.up'}() (umzug)`);
    else {
      const ref = refs.resolve(e);
      if (ref && /^drizzle-orm\/.+\/migrator$/.test(ref.module) && ref.path[0] === 'migrate')
        add(call, 'migrate() (drizzle-orm)');
      else if (
        ref &&
        (ref.module === 'node-pg-migrate' || ref.module === 'postgres-migrations') &&
        (ref.path.length === 0 || ref.path[0] === 'migrate' || ref.path[0] === 'runner')
      )
        add(call, `${name}() (${ref.module})`);
    }
  }
  // TypeORM: { type: 'postgres', synchronize: true } or migrationsRun: true in DataSource/forRoot options.
  for (const p of ctx.index.properties) {
    const key = declaredName(p.name);
    if ((key !== 'synchronize' && key !== 'migrationsRun') || p.initializer.kind !== ts.SyntaxKind.TrueKeyword)
      continue;
    const obj = p.parent;
    if (!ts.isObjectLiteralExpression(obj) || !obj.properties.some((q) => TYPEORM_KEYS.has(declaredName(q.name) ?? '')))
      continue;
    add(p, `${key}: true`);
  }
  // execSync('npx prisma migrate deploy')
  if (/exec|spawn|\$`/.test(ctx.text)) {
    for (const pc of processCalls(ctx.sourceFile, ctx.index)) {
      const line =
        pc.mode === 'shell'
          ? pc.command
          : [pc.program, ...(pc.args ?? [])].filter((a): a is string => a !== undefined).join(' ');
      if (line && commandsOf(line).some((c) => isMigrationProgram(argvOf(c)))) add(pc.node, `'${excerpt(line, 40)}'`);
    }
  }
  if (!sites.length) return undefined;
  const handlers = handlersOf(ctx);
  for (const [i, site] of sites.entries()) {
    const h = handlers.enclosing(siteNodes[i]);
    if (h) site.handler = h.phrase;
  }
  return sites;
}

/** Calls into packages that run outside request handlers: one may be a workspace package's migration wrapper. */
export function packageCalls(ctx: ExtractContext): PackageCall[] | undefined {
  if (ctx.isTest || ctx.isExample) return undefined;
  const pkgCalls: PackageCall[] = [];
  for (const c of packageCallSites(ctx)) {
    const scope = scopeOf(ctx, c.call);
    if (!scope.onLoad && !scope.names.length) continue;
    if (isDevOnly(c.call)) continue;
    const text = c.call.expression.getText(ctx.sourceFile);
    pkgCalls.push({ range: ctx.rangeOf(c.call), pkg: c.pkg, name: c.name, text: excerpt(text, 40), ...scope });
  }
  return pkgCalls.length ? pkgCalls : undefined;
}
