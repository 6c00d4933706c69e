// detect/deployable.ts: app or library, from package.json, Procfile and Dockerfiles.
import * as assert from 'assert';
import {
  isAppProject,
  isDeployable,
  isLibraryOrTool,
  isUndeployedLibrary,
  membersOf,
} from '../../../server/src/detect/deployable';
import { fakeProject } from '../../helpers/project';
import type { Project } from '../../../server/src/core/model';

const project = fakeProject;
const procfile = { procfile: { path: '/p/Procfile', rel: 'Procfile', entries: [] } };
const dockerfile = { dockerfiles: [{ path: '/p/Dockerfile', rel: 'Dockerfile', instructions: [] }] };
/** [isDeployable, isLibraryOrTool, isAppProject, isUndeployedLibrary] */
const classify = (p: Project) => [isDeployable(p), isLibraryOrTool(p), isAppProject(p), isUndeployedLibrary(p)];

describe('detect/deployable', () => {
  it('takes a start script, or private with runtime dependencies, as a deployable app', () => {
    assert.deepStrictEqual(classify(project({ scripts: { start: 'node x' } })), [true, false, true, false]);
    assert.deepStrictEqual(classify(project({ private: true, dependencies: { express: '4' } })), [
      true,
      false,
      true,
      false,
    ]);
    assert.deepStrictEqual(classify(project({ private: true, exports: './x.js', scripts: { start: 'node x' } })), [
      true,
      false,
      true,
      false,
    ]);
  });

  it('takes a Procfile or a Dockerfile as deployable whatever the package says', () => {
    assert.deepStrictEqual(classify(project({ bin: 'cli.js' }, procfile)), [true, true, true, false]);
    assert.deepStrictEqual(classify(project({ exports: './x' }, dockerfile)), [true, true, true, false]);
  });

  it('takes published libraries, CLIs and editor extensions as not deployable, even with a start script', () => {
    for (const pkg of [
      { exports: './x.js', scripts: { start: 'node x' } },
      { bin: 'cli.js', scripts: { start: 'node x' } },
      { bin: { x: 'cli.js' } },
      { engines: { vscode: '^1.90.0' }, scripts: { start: 'x' } },
      { contributes: {}, private: true },
      { types: 'x.d.ts' },
      { files: ['dist'] },
      { publishConfig: {} },
    ]) {
      assert.deepStrictEqual(classify(project(pkg)), [false, true, false, true], JSON.stringify(pkg));
    }
  });

  it('takes a private package without a start script as an app, but not a deployable one', () => {
    assert.deepStrictEqual(classify(project({ private: true })), [false, false, true, false]);
    assert.deepStrictEqual(classify(project({ private: true, dependencies: {} })), [false, false, true, false]);
  });

  it('takes no package.json, an empty one, a blank start script, public dependencies or a "true" string as neither', () => {
    for (const p of [
      project(undefined),
      project({}),
      project({ scripts: { start: '  ' } }),
      project({ dependencies: { a: '1' } }),
      project({ private: 'true', dependencies: { a: '1' } }),
    ]) {
      assert.deepStrictEqual(classify(p), [false, false, false, false]);
    }
  });

  it("lists a workspace root's members", () => {
    const root = project({ private: true, workspaces: ['packages/*'] }, { isWorkspaceRoot: true });
    const a = project({ name: 'a' }, { root: '/p/packages/a', parent: root });
    const b = project({ name: 'b' }, { root: '/p/packages/b' });
    assert.deepStrictEqual(membersOf(root, [root, a, b]), [a]);
    assert.deepStrictEqual(membersOf(a, [root, a, b]), []);
  });
});
