// processes/local-file-storage: user data (uploads, JSON "databases") written into the app's own directory.
import { defineRule, type ProjectContext } from '../../core/types';
import { runsServerOrWorker } from '../../detect/appCode';
import { PROCESS_MODEL_INPUTS } from '../../model/processes';
import { localFileStorageJs } from '../../lang/js/checks/processes/local-file-storage';

export const localFileStorage = defineRule({
  meta: {
    id: 'processes/local-file-storage',
    inputs: [...PROCESS_MODEL_INPUTS],
    factor: 'processes',
    severity: 'warning',
    description: "User uploads or data files written into the app's own directory instead of a backing service.",
    why: 'Processes share nothing and keep nothing on local disk (factor VI): the disk belongs to one process and is wiped when it is replaced, so other instances never see the files and a deploy loses them. Store uploads in object storage (S3, GCS, Azure Blob, e.g. with multer-s3) and data in a database.',
    messages: {
      multer: 'Uploads are saved to {{path}} on the local disk (multer {{option}}).',
      uploadDir: 'Uploads are saved to {{path}} on the local disk ({{package}} uploadDir).',
      uploadDirAssigned: 'Uploads are saved to {{path}} on the local disk (uploadDir).',
      moved: 'Uploaded files are moved to {{path}} on the local disk.',
      mkdir: '{{call}} creates {{path}} for user files on the local disk.',
      jsonDb: "A request handler writes {{path}} ({{call}}), using a file in the app's directory as a database.",
      userData: "User data is written to {{path}} inside the app's directory ({{call}}).",
    },
  },
  sources: [localFileStorageJs],
  appliesTo: (ctx: ProjectContext) => runsServerOrWorker(ctx),
});
