// processes/local-file-storage: user data (uploads, JSON "databases") written into the app's own directory.
import { defineRule, type ProjectContext } from '../../core/types';
import { sourceLanguage } from '../../core/paths';
import { DJANGO_MEDIA } from '../../facts/processes';
import { runsServerOrWorker } from '../../detect/appCode';
import { PROCESS_MODEL_INPUTS } from '../../model/processes';
import { localFileStorageJs } from '../../lang/js/checks/processes/local-file-storage';
import { localFileStoragePy } from '../../lang/py/checks/processes/local-file-storage';

/**
 * Django: models with upload fields, a MEDIA_ROOT inside the app, and no storage that keeps files elsewhere in any
 * Python file of the project (nor a MEDIA_ROOT from the environment or on another disk): uploads land on the
 * default FileSystemStorage, in the app's directory.
 */
function checkProject(ctx: ProjectContext): void {
  const py = ctx.project.files.filter((f) => f.kind === 'source' && sourceLanguage(f.path) === 'py');
  const facts = py.map((f) => ({ path: f.path, fact: ctx.fact(f.path, DJANGO_MEDIA) }));
  if (!facts.some((f) => f.fact?.uploadFields)) return;
  if (facts.some((f) => f.fact?.remoteStorage || f.fact?.mediaElsewhere)) return;
  for (const { path, fact } of facts)
    if (fact?.mediaRoot)
      ctx.report(
        path,
        fact.mediaRoot.range,
        { messageId: 'djangoMedia', data: { path: fact.mediaRoot.path } },
        { data: { kind: 'django-media' } },
      );
}

export const localFileStorage = defineRule({
  meta: {
    id: 'processes/local-file-storage',
    inputs: [...PROCESS_MODEL_INPUTS],
    factor: 'processes',
    severity: 'warning',
    description: "User uploads or data files written into the app's own directory instead of a backing service.",
    why: 'Processes share nothing and keep nothing on local disk (factor VI): the disk belongs to one process and is wiped when it is replaced, so other instances never see the files and a deploy loses them. Store uploads in object storage (S3, GCS, Azure Blob, e.g. with multer-s3 or django-storages) and data in a database.',
    messages: {
      multer: 'Uploads are saved to {{path}} on the local disk (multer {{option}}).',
      uploadDir: 'Uploads are saved to {{path}} on the local disk ({{package}} uploadDir).',
      uploadDirAssigned: 'Uploads are saved to {{path}} on the local disk (uploadDir).',
      moved: 'Uploaded files are moved to {{path}} on the local disk.',
      mkdir: '{{call}} creates {{path}} for user files on the local disk.',
      jsonDb: "A request handler writes {{path}} ({{call}}), using a file in the app's directory as a database.",
      userData: "User data is written to {{path}} inside the app's directory ({{call}}).",
      generated: "A request handler writes {{path}} in the app's directory ({{call}}), local to this instance.",
      saved: 'Uploaded files are saved to {{path}} on the local disk.',
      storage: 'Uploads are saved to {{path}} on the local disk (FileSystemStorage).',
      sessionFiles: 'Sessions are saved as files in {{path}} on the local disk ({{store}}).',
      djangoMedia: 'Uploads (FileField, ImageField) are stored in MEDIA_ROOT, {{path}} on the local disk.',
    },
  },
  sources: [localFileStorageJs, localFileStoragePy],
  checkProject,
  appliesTo: (ctx: ProjectContext) => runsServerOrWorker(ctx),
});
